import type { Behaviour } from './behaviour';
import { addDays, daysBetween, formatDay, isWeekend } from './calendar-days';

export const SEVERITY_LABELS: Record<NonNullable<Behaviour['severity']>, string> = {
	low: 'Low',
	medium: 'Medium',
	high: 'High'
};

export const SUSPENSION_LABELS: Record<NonNullable<Behaviour['suspension']>['type'], string> = {
	internal: 'Internal (on site, out of lessons)',
	suspension: 'Suspension (fixed period)',
	'permanent-exclusion': 'Permanent exclusion'
};

/**
 * School days a suspension covers: Monday to Friday from its first to its last day, both counted
 * (the days a parent must keep the pupil at home). Null while the end is not known or for a
 * permanent exclusion, which has no end.
 */
export function suspensionSchoolDays(s: NonNullable<Behaviour['suspension']>): number | null {
	if (s.type === 'permanent-exclusion' || !s.endDate || s.endDate < s.startDate) return null;
	let days = 0;
	for (let d = s.startDate, i = 0; i <= daysBetween(s.startDate, s.endDate); i++, d = addDays(d, 1))
		if (!isWeekend(d)) days++;
	return days;
}

/** The suspension in a sentence: "Suspension (fixed period), 5 Oct 2026 to 7 Oct 2026 (3 school days)". */
export function suspensionText(s: NonNullable<Behaviour['suspension']>): string {
	const label = SUSPENSION_LABELS[s.type] ?? s.type;
	if (s.type === 'permanent-exclusion') return `${label} from ${formatDay(s.startDate)}`;
	if (!s.endDate) return `${label} from ${formatDay(s.startDate)}, end not yet set`;
	const days = suspensionSchoolDays(s);
	const count = days === null ? '' : ` (${days} school ${days === 1 ? 'day' : 'days'})`;
	return `${label}, ${formatDay(s.startDate)} to ${formatDay(s.endDate)}${count}`;
}

/** Every category of an entry: the main one first, then the others, without repeats. */
export function allCategories(e: Pick<Behaviour, 'category' | 'otherCategories'>): string[] {
	return [...new Set([e.category, ...(e.otherCategories ?? [])])];
}

/**
 * The incident details recorded on an entry, label and words, in the order the form asks for
 * them; empty for a quick entry. Shown under the entry and in its history.
 */
export function incidentFacts(e: Behaviour): { label: string; text: string }[] {
	const facts: { label: string; text: string }[] = [];
	const add = (label: string, text: string | undefined) => {
		if (text?.trim()) facts.push({ label, text: text.trim() });
	};
	add('Time', e.time);
	add('Where', e.location);
	add('Severity', e.severity ? SEVERITY_LABELS[e.severity] : undefined);
	add('Other pupils involved', e.pupilsInvolved);
	add('Staff involved', e.staffInvolved);
	if (e.carersInformed) {
		const c = e.carersInformed;
		add('Parents or carers informed', `${c.name}, ${formatDay(c.date)}${c.time ? ` at ${c.time}` : ''}`);
	}
	if (e.physicalIntervention) {
		const p = e.physicalIntervention;
		add('Physical intervention', `by ${p.by}${p.details?.trim() ? `: ${p.details.trim()}` : ''}`);
	}
	add('Injury', e.injury);
	if (e.suspension) add('Suspension', suspensionText(e.suspension));
	return facts;
}

/** The incident part of the behaviour form as typed: strings, '' when empty, switches for each section. */
export interface IncidentDraft {
	time: string;
	location: string;
	severity: NonNullable<Behaviour['severity']> | null;
	otherCategories: string[];
	pupilsInvolved: string;
	staffInvolved: string;
	isCarersInformed: boolean;
	carerContactId: string | null;
	carerName: string;
	informedDate: string;
	informedTime: string;
	isPhysicalIntervention: boolean;
	interventionBy: string;
	interventionDetails: string;
	injury: string;
	isSuspension: boolean;
	suspensionType: NonNullable<Behaviour['suspension']>['type'] | null;
	suspensionStart: string;
	suspensionEnd: string;
}

/** The form's starting point: an entry's details when correcting it, else empty with today's date for "informed". */
export function incidentDraft(entry: Behaviour | undefined, today: string): IncidentDraft {
	const c = entry?.carersInformed;
	const p = entry?.physicalIntervention;
	const s = entry?.suspension;
	return {
		time: entry?.time ?? '',
		location: entry?.location ?? '',
		severity: entry?.severity ?? null,
		otherCategories: [...(entry?.otherCategories ?? [])],
		pupilsInvolved: entry?.pupilsInvolved ?? '',
		staffInvolved: entry?.staffInvolved ?? '',
		isCarersInformed: !!c,
		carerContactId: c?.contactId ?? null,
		carerName: c?.name ?? '',
		informedDate: c?.date ?? today,
		informedTime: c?.time ?? '',
		isPhysicalIntervention: !!p,
		interventionBy: p?.by ?? '',
		interventionDetails: p?.details ?? '',
		injury: entry?.injury ?? '',
		isSuspension: !!s,
		suspensionType: s?.type ?? null,
		suspensionStart: s?.startDate ?? '',
		suspensionEnd: s?.endDate ?? ''
	};
}

type IncidentFields = Pick<
	Behaviour,
	| 'time'
	| 'location'
	| 'severity'
	| 'otherCategories'
	| 'pupilsInvolved'
	| 'staffInvolved'
	| 'carersInformed'
	| 'physicalIntervention'
	| 'injury'
	| 'suspension'
>;

/**
 * The fields to save from a draft: empty text left out (a quick entry saves none of them), and
 * severity, physical intervention, injury and suspension only on a negative entry. A section
 * switched on is saved even half filled, so the schema names what is missing.
 */
export function incidentFields(
	d: IncidentDraft,
	polarity: Behaviour['polarity'] | null,
	category: string
): IncidentFields {
	const text = (s: string) => s.trim() || undefined;
	const others = d.otherCategories.filter((c) => c !== category);
	const out: IncidentFields = {
		time: text(d.time),
		location: text(d.location),
		otherCategories: others.length > 0 ? others : undefined,
		pupilsInvolved: text(d.pupilsInvolved),
		staffInvolved: text(d.staffInvolved),
		carersInformed: d.isCarersInformed
			? {
					...(d.carerContactId ? { contactId: d.carerContactId } : {}),
					name: d.carerName,
					date: d.informedDate,
					...(text(d.informedTime) ? { time: d.informedTime } : {})
				}
			: undefined
	};
	if (polarity !== 'negative') return out;
	return {
		...out,
		severity: d.severity ?? undefined,
		physicalIntervention: d.isPhysicalIntervention
			? { by: d.interventionBy, ...(text(d.interventionDetails) ? { details: d.interventionDetails.trim() } : {}) }
			: undefined,
		injury: text(d.injury),
		suspension: d.isSuspension
			? {
					type: d.suspensionType as NonNullable<Behaviour['suspension']>['type'],
					startDate: d.suspensionStart,
					...(d.suspensionEnd && d.suspensionType !== 'permanent-exclusion' ? { endDate: d.suspensionEnd } : {})
				}
			: undefined
	};
}
