/**
 * A pupil's standing attendance marks in one compact string, for reads that need every mark of
 * the provision at once (the trends dashboard: a year of 150 pupils is ~37,000 documents, and
 * copying them out of IndexedDB one object each was most of the dashboard's opening time).
 *
 * The marks kept are the ones `latestMarks` lets stand (a later correction wins, archived marks
 * never count), so any figure worked out from the digest equals the figure from the documents.
 * The digest is derived data, held on this tablet only and rebuilt from the records when missing.
 */
import { ATTENDANCE_MARKS, SESSIONS } from './attendance';
import { latestMarks, type Period, type SessionMark } from './attendance-percent';

export interface AttendanceDigest {
	pupilId: string;
	/** One fixed-width entry per session, in date order: `YYYY-MM-DD`, session (0 am, 1 pm), mark (index in ATTENDANCE_MARKS). */
	marks: string;
}

const ENTRY = 12;

/** The digest of one pupil's marks (every mark given must be theirs). */
export function digestMarks(pupilId: string, marks: readonly SessionMark[]): AttendanceDigest {
	const entries = latestMarks(marks).map((m) => {
		if (m.pupilId !== pupilId) throw new Error(`A mark of ${m.pupilId} in the digest of ${pupilId}`);
		const session = SESSIONS.indexOf(m.session);
		const mark = ATTENDANCE_MARKS.indexOf(m.mark);
		if (m.date.length !== 10 || session < 0 || mark < 0 || mark > 9)
			throw new Error(`A mark the digest cannot hold: ${m.date} ${m.session} ${m.mark}`);
		return `${m.date}${session}${mark}`;
	});
	return { pupilId, marks: entries.sort().join('') };
}

/** The standing marks a digest holds, those dated inside `period` (inclusive) when given. */
export function expandDigest(digest: AttendanceDigest, period?: Pick<Period, 'start' | 'end'>): SessionMark[] {
	const out: SessionMark[] = [];
	const { pupilId, marks } = digest;
	for (let i = 0; i + ENTRY <= marks.length; i += ENTRY) {
		const date = marks.slice(i, i + 10);
		if (period && (date < period.start || date > period.end)) continue;
		out.push({
			pupilId,
			date,
			session: SESSIONS[Number(marks[i + 10])]!,
			mark: ATTENDANCE_MARKS[Number(marks[i + 11])]!
		});
	}
	return out;
}
