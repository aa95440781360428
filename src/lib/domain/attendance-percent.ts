import { countsAsPossible, countsAsPresent, type Attendance } from './attendance';
import { compareInstants } from './calendar-days';

/**
 * THE attendance figure (issue 19 item 5): present ÷ possible sessions as a WHOLE percentage,
 * rounded once, half up, from the exact fraction. Every screen, PDF, trend and CSV takes this
 * figure and `formatAttendance`'s text, so a report can never say 73% in its header and 72% in
 * its body (50 of 69 sessions was once stored as 72.5 and rounded again).
 */

/** What the rule needs of a mark; `updatedAt` decides between two marks of one session. */
export type SessionMark = Pick<Attendance, 'pupilId' | 'date' | 'session' | 'mark'> & {
	updatedAt?: string;
	archived?: boolean;
};

/**
 * Which marks attend and which sessions count at all. The defaults come from `attendance.ts`;
 * other mark sets (e.g. DfE codes, where "not required to attend" is not a possible session)
 * plug in here without changing the arithmetic.
 */
export interface SessionCounting {
	countsAsPresent(mark: SessionMark['mark']): boolean;
	countsAsPossible(mark: SessionMark['mark']): boolean;
}

export const DEFAULT_COUNTING: SessionCounting = { countsAsPresent, countsAsPossible };

export interface AttendanceSummary {
	/** Possible sessions marked as attending (present, late, educated off site). */
	present: number;
	/** Possible sessions with a mark in the period. */
	recorded: number;
	/** `attendancePercent(present, recorded)`: whole percent; null when nothing was recorded (unknown, not 0 %). */
	percent: number | null;
}

export interface Period {
	start: string;
	end: string;
}

/**
 * Whole-number percentage, rounded half up from the exact fraction (integer arithmetic: 1 of 8 is
 * 13 %, 50 of 69 is 72 %); null when there is no possible session.
 */
export function attendancePercent(present: number, possible: number): number | null {
	if (possible <= 0) return null;
	return Math.floor((200 * present + possible) / (2 * possible));
}

/**
 * "72%", or "Not recorded". Reports saved before this rule kept one decimal place (72.5): those
 * print rounded to a whole percent like every other figure.
 */
export function formatAttendance(percent: number | null | undefined): string {
	if (percent === null || percent === undefined) return 'Not recorded';
	return `${Math.round(percent)}%`;
}

/**
 * One mark per pupil and session. Marks are separate documents, so two staff registering the same
 * session on two tablets offline leaves two: the later correction counts, and archived marks never do.
 */
export function latestMarks<M extends SessionMark>(marks: readonly M[]): M[] {
	const bySession = new Map<string, M>();
	for (const m of marks) {
		if (m.archived) continue;
		const key = `${m.pupilId}|${m.date}|${m.session}`;
		const held = bySession.get(key);
		if (!held || compareInstants(m.updatedAt, held.updatedAt) > 0) bySession.set(key, m);
	}
	return [...bySession.values()];
}

/** The contract's rule: attending ÷ possible sessions, over the period (inclusive). */
export function attendanceSummary(
	marks: readonly SessionMark[],
	period?: Period,
	counting: SessionCounting = DEFAULT_COUNTING
): AttendanceSummary {
	const inPeriod = period ? marks.filter((m) => m.date >= period.start && m.date <= period.end) : marks;
	return summaryOfStanding(latestMarks(inPeriod), counting);
}

/**
 * The same sums over marks that already stand (what `latestMarks` returns, or a subset of it by
 * pupil or date): for callers that sum many subsets of one set of marks and pick once.
 */
export function summaryOfStanding(
	counted: readonly SessionMark[],
	counting: SessionCounting = DEFAULT_COUNTING
): AttendanceSummary {
	const possible = counted.filter((m) => counting.countsAsPossible(m.mark));
	const present = possible.filter((m) => counting.countsAsPresent(m.mark)).length;
	const recorded = possible.length;
	return { present, recorded, percent: attendancePercent(present, recorded) };
}

/** "72% (50 of 69 sessions)", or a plain statement when nothing is recorded. */
export function attendanceText(summary: AttendanceSummary): string {
	if (summary.percent === null) return 'No sessions recorded';
	const sessions = summary.recorded === 1 ? 'session' : 'sessions';
	return `${formatAttendance(summary.percent)} (${summary.present} of ${summary.recorded} ${sessions})`;
}
