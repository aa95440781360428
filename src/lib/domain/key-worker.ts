import type { TodaySection } from './today';

/** Whose list Today shows: everything due, or only what is due for the pupils one is key worker to. */
export type TodayScope = 'everyone' | 'mine';

/**
 * Today for a key worker: calls, feedback forms, reports, plans and host-school work of their own
 * pupils only. What belongs to nobody in particular (registers, lessons, absence notices to host
 * schools) stays, since whoever is in the building does it. Sections left empty are dropped.
 */
export function onlyMyPupils(sections: readonly TodaySection[], myPupilIds: ReadonlySet<string>): TodaySection[] {
	return sections
		.map((s) => ({ ...s, items: s.items.filter((i) => i.pupilId === undefined || myPupilIds.has(i.pupilId)) }))
		.filter((s) => s.items.length > 0);
}

/**
 * Names offered when choosing a key worker: the staff already named on records (key workers,
 * lesson teachers) and the person signed in, each once, in alphabetical order.
 */
export function staffChoices(names: readonly (string | undefined)[], me: string | null): string[] {
	const all = [...names, me ?? undefined].map((n) => n?.trim()).filter((n): n is string => !!n);
	return [...new Set(all)].sort((a, b) => a.localeCompare(b));
}
