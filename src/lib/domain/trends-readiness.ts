/**
 * R5.4: how close a pupil is to working at mainstream level and to being ready for reintegration,
 * from three things staff already record. Each is shown with its own figure so the label is never
 * the only signal, and a leader can see why:
 * - attainment: at or above target in every subject that could be compared;
 * - attendance: at least 90% (below 90% is "persistent absence" in DfE terms);
 * - behaviour: no more negative than positive entries in the period.
 * Ready = all three; Close = two; Not yet = fewer; Not enough data = neither attainment nor
 * attendance known. The same threshold, bands and labels as the pupil page (readiness.ts); the
 * difference is the window: here the period chosen on the dashboard, there the recent weeks.
 */
import { GOOD_ATTENDANCE_PERCENT, READINESS_LEVEL_LABELS, type ReadinessLevel } from './readiness';
import type { PupilAttainment } from './trends';

export const ATTENDANCE_THRESHOLD = GOOD_ATTENDANCE_PERCENT;

export type Readiness = ReadinessLevel;

export const READINESS_LABELS = READINESS_LEVEL_LABELS;

export interface ReadinessInput {
	attainment: readonly PupilAttainment[];
	attendancePercent: number | null;
	positive: number;
	negative: number;
}

export interface ReadinessResult {
	readiness: Readiness;
	/** null when no subject could be compared. */
	isAttainmentOnTarget: boolean | null;
	/** null when no attendance is recorded. */
	isAttendanceGood: boolean | null;
	isBehaviourGood: boolean;
	/** How many of the three are met. */
	met: number;
}

export function readiness(input: ReadinessInput): ReadinessResult {
	const compared = input.attainment.filter((a) => a.comparison !== null);
	const isAttainmentOnTarget = compared.length
		? compared.every((a) => a.comparison === 'at' || a.comparison === 'above')
		: null;
	const isAttendanceGood = input.attendancePercent === null ? null : input.attendancePercent >= ATTENDANCE_THRESHOLD;
	const isBehaviourGood = input.negative <= input.positive;
	const met = [isAttainmentOnTarget, isAttendanceGood, isBehaviourGood].filter((x) => x === true).length;
	const result: Readiness =
		isAttainmentOnTarget === null && isAttendanceGood === null
			? 'unknown'
			: met === 3
				? 'ready'
				: met === 2
					? 'close'
					: 'not-yet';
	return { readiness: result, isAttainmentOnTarget, isAttendanceGood, isBehaviourGood, met };
}
