import type { Attendance } from './attendance';
import { codeOf, sessionCounts } from './attendance-codes';
import { compareInstants } from './calendar-days';

/**
 * THE attendance figure (issue 19 item 5): present ÷ possible sessions as a WHOLE percentage,
 * rounded once, half up, from the exact fraction. Every screen, PDF, trend and CSV takes this
 * figure and `formatAttendance`'s text, so a report can never say 73% in its header and 72% in
 * its body (50 of 69 sessions was once stored as 72.5 and rounded again).
 */

/** What the rule needs of a mark; `updatedAt` decides between two marks of one session. */
export type SessionMark = Pick<Attendance, 'pupilId' | 'date' | 'session' | 'mark' | 'code'> & {
	updatedAt?: string;
	archived?: boolean;
};

export interface AttendanceSummary {
	/** Sessions attended: present, late before the register closed, approved educational activity (DfE codes). */
	present: number;
	/** Possible sessions: every marked session except the codes the DfE does not count (X, Y, Z, #, D, Q). */
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
export function attendanceSummary(marks: readonly SessionMark[], period?: Period): AttendanceSummary {
	const inPeriod = period ? marks.filter((m) => m.date >= period.start && m.date <= period.end) : marks;
	return summaryOfStanding(latestMarks(inPeriod));
}

/**
 * The same sums over marks that already stand (what `latestMarks` returns, or a subset of it by
 * pupil or date): for callers that sum many subsets of one set of marks and pick once.
 */
export function summaryOfStanding(counted: readonly SessionMark[]): AttendanceSummary {
	const sessions = counted.map((m) => sessionCounts(codeOf(m)));
	const present = sessions.filter((s) => s.attended).length;
	const recorded = sessions.filter((s) => s.possible).length;
	return { present, recorded, percent: attendancePercent(present, recorded) };
}

/** "72% (50 of 69 sessions)", or a plain statement when nothing is recorded. */
export function attendanceText(summary: AttendanceSummary): string {
	if (summary.percent === null) return 'No sessions recorded';
	const sessions = summary.recorded === 1 ? 'session' : 'sessions';
	return `${formatAttendance(summary.percent)} (${summary.present} of ${summary.recorded} ${sessions})`;
}
