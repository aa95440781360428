import type { Attendance } from './attendance';
import { codeOf, sessionCounts } from './attendance-codes';

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
	/** present ÷ recorded × 100, unrounded; null when nothing was recorded (not 0 %: unknown). */
	percent: number | null;
}

export interface Period {
	start: string;
	end: string;
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
		if (!held || (m.updatedAt ?? '') > (held.updatedAt ?? '')) bySession.set(key, m);
	}
	return [...bySession.values()];
}

/** The contract's rule: present, late or off-site ÷ all recorded sessions, over the period (inclusive). */
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
	return { present, recorded, percent: recorded === 0 ? null : (present / recorded) * 100 };
}

/** "92% (23 of 25 sessions)", or a plain statement when nothing is recorded. */
export function attendanceText(summary: AttendanceSummary): string {
	if (summary.percent === null) return 'No sessions recorded';
	const sessions = summary.recorded === 1 ? 'session' : 'sessions';
	return `${Math.round(summary.percent)}% (${summary.present} of ${summary.recorded} ${sessions})`;
}
