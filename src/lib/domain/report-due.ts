import { addDays, daysBetween, localToday } from './calendar-days';
import type { HalfTerm } from './half-term';

/**
 * R4.2, ARR: "progress reports will be shared with schools every half term". A half-term report
 * is due for every pupil on roll at the end of each half term:
 * - due from the half term's last week (`DUE_DAYS_BEFORE_END` days before its last day);
 * - overdue once the next half term has started (or two weeks after the end when the calendar
 *   has no next one): the holiday after a half term is when reports are written;
 * - done only when SENT: a draft is shown as drafted, not sent, with the days it has waited.
 */
export const DUE_DAYS_BEFORE_END = 6;

export type ReportDueStatus = 'due' | 'overdue';

/** A current draft not yet sent, and how long it has waited. */
export interface WaitingDraft {
	id: string;
	/** The day the draft was started (the tablet's local date). */
	drafted: string;
	days: number;
}

export interface DraftLike {
	_id: string;
	status: 'draft' | 'sent';
	createdAt: string;
	supersedes?: string;
	archived?: boolean;
}

/** The newest current (not superseded, not archived) draft among `docs` that `belongs`. */
export function newestWaitingDraft<D extends DraftLike>(
	docs: readonly D[],
	today: string,
	belongs: (d: D) => boolean
): WaitingDraft | null {
	const superseded = new Set(docs.filter((d) => !d.archived).map((d) => d.supersedes));
	const draft = docs
		.filter((d) => !d.archived && d.status === 'draft' && !superseded.has(d._id) && belongs(d))
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
		.at(-1);
	return draft ? { id: draft._id, ...draftAge(draft.createdAt, today) } : null;
}

/** The local day a draft was started and the whole days since. */
export function draftAge(createdAt: string, today: string): { drafted: string; days: number } {
	const drafted = localToday(new Date(createdAt));
	return { drafted, days: Math.max(0, daysBetween(drafted, today)) };
}

export interface ReportDue {
	halfTerm: HalfTerm;
	status: ReportDueStatus;
	/** The current draft for that half term, not yet sent. */
	draft: WaitingDraft | null;
}

export interface ReportDueInput {
	pupil: { startDate: string; status: 'active' | 'reintegrated' | 'left'; endDate?: string };
	/** The pupil's half-term reports, every version (archived ones are ignored). */
	reports: readonly (DraftLike & { halfTerm: string })[];
	halfTerms: readonly HalfTerm[];
	today: string;
}

/** On roll on the half term's last day: started by then and not left before it. */
export function onRollAtEnd(pupil: ReportDueInput['pupil'], h: HalfTerm): boolean {
	if (pupil.startDate > h.end) return false;
	if (pupil.endDate) return pupil.endDate >= h.end;
	return pupil.status === 'active';
}

/** Every half term whose report is due or overdue for this pupil today and not yet sent, oldest first. */
export function reportsDue({ pupil, reports, halfTerms, today }: ReportDueInput): ReportDue[] {
	const live = reports.filter((r) => !r.archived);
	const sorted = [...halfTerms].sort((a, b) => a.start.localeCompare(b.start));
	const out: ReportDue[] = [];
	for (const [i, h] of sorted.entries()) {
		if (addDays(h.end, -DUE_DAYS_BEFORE_END) > today || !onRollAtEnd(pupil, h)) continue;
		const mine = live.filter((r) => r.halfTerm === h.name);
		if (mine.some((r) => r.status === 'sent')) continue;
		const overdueFrom = sorted[i + 1]?.start ?? addDays(h.end, 15);
		out.push({
			halfTerm: h,
			status: today >= overdueFrom ? 'overdue' : 'due',
			draft: newestWaitingDraft(reports, today, (r) => r.halfTerm === h.name)
		});
	}
	return out;
}

/** "drafted, not sent (3 days)": what a waiting draft says on Today and Reports. */
export function draftWaitingText(days: number): string {
	return `drafted, not sent (${days} ${days === 1 ? 'day' : 'days'})`;
}
