import { formatAttendance } from './attendance-percent';
import { diff3Merge } from 'node-diff3';

/**
 * A saved half-term draft against the records as they are now. A draft remembers what the
 * records said when it was compiled (`compiled`); when registers, tickets or reviews are added
 * later, the editor shows what changed and "Refresh from records" brings it in line by line:
 * lines the teacher left as compiled follow the records, lines the teacher wrote or changed
 * stay, and where both changed the same place the teacher's words are kept beside the records'
 * new lines (a three-way merge, as version control does it, see `resolve`).
 */

export const COMPUTED_TEXTS = [
	'workCovered',
	'attitudeEngagement',
	'academicProgress',
	'emotionalProgress',
	'vocationalProgress'
] as const;
export type ComputedText = (typeof COMPUTED_TEXTS)[number];

export const COMPUTED_LABELS: Record<ComputedText | 'attendancePercent', string> = {
	workCovered: 'Work covered',
	attitudeEngagement: 'Attitude and engagement',
	academicProgress: 'Academic progress',
	emotionalProgress: 'Emotional progress',
	vocationalProgress: 'Vocational progress',
	attendancePercent: 'Attendance'
};

/** The parts of a report that come from the records. */
export type Compiled = Record<ComputedText, string> & { attendancePercent?: number };

export interface RecordChange {
	/** Which part of the document: a report's `ComputedText` or 'attendancePercent', a form's field. */
	part: string;
	label: string;
	/** One value replaced by another ("Not recorded → 72% (50 of 69 sessions)"), not lines of text. */
	isValue?: boolean;
	/** Lines the records give now that they did not. */
	added: string[];
	/** Lines the records no longer give. */
	removed: string[];
}

const linesOf = (text: string) =>
	text
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);

/** A report's stored attendance as printed and compared: "67%", or "Not recorded". */
/** The printed figure: the one attendance rule's text, never rounded a second time here. */
export const attendanceFigure = (percent: number | undefined) => formatAttendance(percent);

/**
 * What the records say differently from `before` (the draft as compiled, or its text).
 * `nowAttendance` is the records' attendance in words with its sessions ("72% (50 of 69
 * sessions)"), when known: a report stores the percentage alone.
 */
export function recordChanges(before: Compiled, now: Compiled, nowAttendance?: string): RecordChange[] {
	const changes: RecordChange[] = [];
	for (const part of COMPUTED_TEXTS) {
		const was = linesOf(before[part]);
		const is = linesOf(now[part]);
		const added = is.filter((l) => !was.includes(l));
		const removed = was.filter((l) => !is.includes(l));
		if (added.length || removed.length) changes.push({ part, label: COMPUTED_LABELS[part], added, removed });
	}
	if (before.attendancePercent !== now.attendancePercent)
		changes.push({
			part: 'attendancePercent',
			label: COMPUTED_LABELS.attendancePercent,
			isValue: true,
			added: [
				now.attendancePercent === undefined
					? attendanceFigure(undefined)
					: (nowAttendance ?? attendanceFigure(now.attendancePercent))
			],
			removed: [attendanceFigure(before.attendancePercent)]
		});
	return changes;
}

/**
 * Where the teacher's edits and the records' changes touch: computed lines the teacher left
 * untouched give way to the records' new lines (in their place), every line the teacher wrote or
 * changed stays, and new lines from the records not placed yet follow.
 */
function resolve(mine: readonly string[], base: readonly string[], fresh: readonly string[]): string[] {
	const out: string[] = [];
	let placed = false;
	for (const line of mine) {
		const isStaleComputed = base.includes(line) && !fresh.includes(line);
		if (!isStaleComputed) out.push(line);
		else if (!placed) {
			out.push(...fresh.filter((l) => l.trim() && !mine.includes(l)));
			placed = true;
		}
	}
	if (!placed) out.push(...fresh.filter((l) => l.trim() && !mine.includes(l)));
	return out;
}

/** One section: the teacher's text with the records' changes since `base` merged in. */
export function refreshText(current: string, base: string, fresh: string): string {
	const mine = current.split('\n');
	const out: string[] = [];
	for (const region of diff3Merge(mine, base ? base.split('\n') : [], fresh.split('\n'))) {
		if (region.ok) out.push(...region.ok);
		else if (region.conflict) out.push(...resolve(region.conflict.a, region.conflict.o, region.conflict.b));
	}
	return out.join('\n');
}

/**
 * The whole report refreshed. `base` is what the records said when the draft was compiled;
 * absent (a draft saved before drafts remembered it), every line of the teacher's is kept and the
 * records' lines that are not in it yet are added. Attendance follows the records unless the
 * teacher had typed another figure.
 */
export function refreshReport(current: Compiled, base: Compiled | undefined, fresh: Compiled): Compiled {
	const out = { ...current };
	for (const part of COMPUTED_TEXTS) out[part] = refreshText(current[part], base?.[part] ?? '', fresh[part]);
	const typedByTeacher = base !== undefined && current.attendancePercent !== base.attendancePercent;
	if (!typedByTeacher || current.attendancePercent === undefined) out.attendancePercent = fresh.attendancePercent;
	return out;
}

/** The computed parts of a report or draft, for `compiled` and the comparisons above. */
export function compiledParts(from: Compiled): Compiled {
	const { workCovered, attitudeEngagement, academicProgress, emotionalProgress, vocationalProgress } = from;
	return {
		workCovered,
		attitudeEngagement,
		academicProgress,
		emotionalProgress,
		vocationalProgress,
		...(from.attendancePercent === undefined ? {} : { attendancePercent: from.attendancePercent })
	};
}
