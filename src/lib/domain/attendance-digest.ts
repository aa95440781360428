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
import { ATTENDANCE_CODE_VALUES, markOfCode } from './attendance-codes';
import { latestMarks, type Period, type SessionMark } from './attendance-percent';

export interface AttendanceDigest {
	pupilId: string;
	/**
	 * One fixed-width entry per session, in date order: `YYYY-MM-DD`, session (0 am, 1 pm), then one
	 * character: a digit for a mark without a DfE code (index in ATTENDANCE_MARKS), or a letter for
	 * a code (CODE_CHARS at its index in ATTENDANCE_CODE_VALUES).
	 */
	marks: string;
}

const ENTRY = 12;
/** One character per code, none a digit (digits are the marks without a code). */
const CODE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The digest of one pupil's marks (every mark given must be theirs). */
export function digestMarks(pupilId: string, marks: readonly SessionMark[]): AttendanceDigest {
	const entries = latestMarks(marks).map((m) => {
		if (m.pupilId !== pupilId) throw new Error(`A mark of ${m.pupilId} in the digest of ${pupilId}`);
		const session = SESSIONS.indexOf(m.session);
		const held = m.code ? CODE_CHARS[ATTENDANCE_CODE_VALUES.indexOf(m.code)] : String(ATTENDANCE_MARKS.indexOf(m.mark));
		if (m.date.length !== 10 || session < 0 || !held || held === '-1')
			throw new Error(`A mark the digest cannot hold: ${m.date} ${m.session} ${m.code ?? m.mark}`);
		return `${m.date}${session}${held}`;
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
		const session = SESSIONS[Number(marks[i + 10])]!;
		const held = marks[i + 11]!;
		const code = held >= '0' && held <= '9' ? undefined : ATTENDANCE_CODE_VALUES[CODE_CHARS.indexOf(held)]!;
		out.push(
			code
				? { pupilId, date, session, mark: markOfCode(code), code }
				: { pupilId, date, session, mark: ATTENDANCE_MARKS[Number(held)]! }
		);
	}
	return out;
}
