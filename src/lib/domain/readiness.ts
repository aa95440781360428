/**
 * R5.4: how close a pupil is to working at mainstream level and to being ready for reintegration,
 * as a list of reasons a person can check — never a bare score. Three areas:
 * - attainment: working-at grade (newest graded assessment, else the host school's intake) against
 *   target, per subject, through the shared grade scales;
 * - attendance: the contract's percentage over the last 6 weeks; 90% or more is good (below 90% is
 *   persistent absence in DfE terms);
 * - behaviour: positive and negative entries in the last 4 weeks against the 4 before: good when
 *   the recent weeks have no more negative than positive entries; the trend is always said.
 * Ready = all three met; Close = two; Not yet = fewer; Not enough data = neither attainment nor
 * attendance known (the same bands as the Trends page).
 */
import type { Assessment } from './assessment';
import { attendanceSummary, formatAttendance, type SessionMark } from './attendance-percent';
import type { Behaviour } from './behaviour';
import { PROGRESS_LABELS, type FeedbackForm } from './feedback-form';
import { compareToTarget, COMPARISON_LABELS, isOnScale, scaleForYear, targetForYear } from './grade-scale';
import type { Intake } from './intake';
import type { Pupil } from './pupil';

export const GOOD_ATTENDANCE_PERCENT = 90;
export const ATTENDANCE_WEEKS = 6;
export const BEHAVIOUR_WEEKS = 4;

export type ReadinessLevel = 'ready' | 'close' | 'not-yet' | 'unknown';
export const READINESS_LEVEL_LABELS: Record<ReadinessLevel, string> = {
	ready: 'Ready',
	close: 'Close',
	'not-yet': 'Not yet',
	unknown: 'Not enough data'
};

export type ReadinessArea = 'attainment' | 'attendance' | 'behaviour';
export const AREA_LABELS: Record<ReadinessArea, string> = {
	attainment: 'Attainment',
	attendance: 'Attendance',
	behaviour: 'Behaviour'
};

export interface ReadinessReason {
	area: ReadinessArea;
	/** met / not met count towards readiness; unknown says what is missing; info adds context. */
	status: 'met' | 'not-met' | 'unknown' | 'info';
	text: string;
}

export interface ReadinessSummary {
	level: ReadinessLevel;
	/** How many of the three areas are met. */
	met: number;
	areas: Record<ReadinessArea, 'met' | 'not-met' | 'unknown'>;
	reasons: ReadinessReason[];
}

export interface ReadinessInput {
	pupil: Pupil;
	intakes: readonly Intake[];
	assessments: readonly Assessment[];
	feedbackForms: readonly FeedbackForm[];
	attendance: readonly SessionMark[];
	behaviour: readonly Behaviour[];
	ks3Scale: readonly string[];
	today: string;
}

const SUBJECTS = ['maths', 'english'] as const;

/** A YYYY-MM-DD date `days` later (negative: earlier), in UTC so clock changes never shift it. */
function addDays(date: string, days: number): string {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}
const SUBJECT_LABELS = { maths: 'Maths', english: 'English' };

function newest<T extends { updatedAt: string }>(rows: readonly T[], dateOf: (r: T) => string): T | undefined {
	let best: T | undefined;
	for (const r of rows) {
		if (!best || dateOf(r) > dateOf(best) || (dateOf(r) === dateOf(best) && r.updatedAt > best.updatedAt)) best = r;
	}
	return best;
}

function attainmentReasons(input: ReadinessInput): ReadinessReason[] {
	const { pupil } = input;
	const scale = scaleForYear(pupil.yearGroup, input.ks3Scale);
	const targetName = pupil.yearGroup >= 10 ? 'KS4 target' : 'KS3 target';
	const reasons: ReadinessReason[] = [];
	for (const subject of SUBJECTS) {
		const label = SUBJECT_LABELS[subject];
		const intake = newest(
			input.intakes.filter((i) => !i.archived && i.subject === subject),
			(i) => i.receivedDate ?? i.createdAt.slice(0, 10)
		);
		if (!intake) {
			reasons.push({
				area: 'attainment',
				status: 'unknown',
				text: `${label}: no attainment or target from the host school yet.`
			});
			continue;
		}
		const graded = newest(
			input.assessments.filter(
				(a) => !a.archived && a.subject === subject && a.date <= input.today && !!a.grade && isOnScale(a.grade, scale)
			),
			(a) => a.date
		);
		const workingAt = graded?.grade ?? intake.workingAt;
		const source = graded ? `${graded.name}, ${graded.date}` : 'host school at intake';
		const target = targetForYear(intake, pupil.yearGroup);
		if (!target) {
			reasons.push({
				area: 'attainment',
				status: 'unknown',
				text: `${label}: working at ${workingAt} (${source}); no ${targetName} to compare it with.`
			});
			continue;
		}
		const comparison = compareToTarget(workingAt, target, scale);
		if (comparison === null) {
			reasons.push({
				area: 'attainment',
				status: 'unknown',
				text: `${label}: working at ${workingAt} against a ${targetName} of ${target} cannot be compared — both must be on the ${scale.name} scale.`
			});
			continue;
		}
		reasons.push({
			area: 'attainment',
			status: comparison === 'below' ? 'not-met' : 'met',
			text: `${label}: working at ${workingAt} (${source}) against a ${targetName} of ${target} — ${COMPARISON_LABELS[comparison].toLowerCase()}.`
		});
	}
	const form = newest(
		input.feedbackForms.filter((f) => !f.archived && f.periodEnd <= input.today),
		(f) => f.periodEnd
	);
	if (form) {
		reasons.push({
			area: 'attainment',
			status: 'info',
			text: `Latest feedback form (to ${form.periodEnd}): progress ${PROGRESS_LABELS[form.progress]}.`
		});
	}
	return reasons;
}

function attendanceReason(input: ReadinessInput): ReadinessReason {
	const start = addDays(input.today, -ATTENDANCE_WEEKS * 7 + 1);
	const recent = attendanceSummary(input.attendance, { start, end: input.today });
	const overall = attendanceSummary(input.attendance, { start: input.pupil.startDate, end: input.today });
	if (recent.percent === null) {
		return {
			area: 'attendance',
			status: 'unknown',
			text: `No attendance recorded in the last ${ATTENDANCE_WEEKS} weeks.`
		};
	}
	// The whole percent shown is the one compared: "90% … below 90%" cannot happen.
	const since = overall.percent === null ? '' : `; ${formatAttendance(overall.percent)} since starting`;
	const good = recent.percent >= GOOD_ATTENDANCE_PERCENT;
	return {
		area: 'attendance',
		status: good ? 'met' : 'not-met',
		text: `${formatAttendance(recent.percent)} over the last ${ATTENDANCE_WEEKS} weeks (${recent.present} of ${recent.recorded} sessions)${since} — ${good ? 'at or above' : 'below'} ${GOOD_ATTENDANCE_PERCENT}%.`
	};
}

export type BehaviourTrend = 'improving' | 'worsening' | 'steady';

/** Positive minus negative entries in the recent weeks against the same number of weeks before. */
export function behaviourTrend(entries: readonly Behaviour[], today: string, weeks = BEHAVIOUR_WEEKS) {
	const recentStart = addDays(today, -weeks * 7 + 1);
	const earlierStart = addDays(recentStart, -weeks * 7);
	const count = (from: string, to: string) => {
		const inside = entries.filter((e) => !e.archived && e.date >= from && e.date <= to);
		const positive = inside.filter((e) => e.polarity === 'positive').length;
		return { positive, negative: inside.length - positive };
	};
	const recent = count(recentStart, today);
	const earlier = count(earlierStart, addDays(recentStart, -1));
	const net = (c: { positive: number; negative: number }) => c.positive - c.negative;
	const trend: BehaviourTrend =
		net(recent) > net(earlier) ? 'improving' : net(recent) < net(earlier) ? 'worsening' : 'steady';
	return { recent, earlier, trend };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function behaviourReason(input: ReadinessInput): ReadinessReason {
	const { recent, earlier, trend } = behaviourTrend(input.behaviour, input.today);
	const window = `${BEHAVIOUR_WEEKS} weeks`;
	if (recent.positive + recent.negative + earlier.positive + earlier.negative === 0) {
		return {
			area: 'behaviour',
			status: 'met',
			text: `No behaviour entries logged in the last ${BEHAVIOUR_WEEKS * 2} weeks, so no concerns recorded.`
		};
	}
	const good = recent.negative <= recent.positive;
	return {
		area: 'behaviour',
		status: good ? 'met' : 'not-met',
		text:
			`${trend === 'steady' ? 'Steady' : trend === 'improving' ? 'Improving' : 'Getting worse'}: last ${window} ${plural(recent.positive, 'positive')}, ${plural(recent.negative, 'negative')}; ` +
			`the ${window} before ${plural(earlier.positive, 'positive')}, ${plural(earlier.negative, 'negative')}.`
	};
}

function areaStatus(reasons: readonly ReadinessReason[]): 'met' | 'not-met' | 'unknown' {
	const counted = reasons.filter((r) => r.status === 'met' || r.status === 'not-met');
	if (!counted.length) return 'unknown';
	return counted.every((r) => r.status === 'met') ? 'met' : 'not-met';
}

export function readinessSummary(input: ReadinessInput): ReadinessSummary {
	const reasons = [...attainmentReasons(input), attendanceReason(input), behaviourReason(input)];
	const areas = {
		attainment: areaStatus(reasons.filter((r) => r.area === 'attainment')),
		attendance: areaStatus(reasons.filter((r) => r.area === 'attendance')),
		behaviour: areaStatus(reasons.filter((r) => r.area === 'behaviour'))
	};
	const met = Object.values(areas).filter((s) => s === 'met').length;
	const level: ReadinessLevel =
		areas.attainment === 'unknown' && areas.attendance === 'unknown'
			? 'unknown'
			: met === 3
				? 'ready'
				: met === 2
					? 'close'
					: 'not-yet';
	return { level, met, areas, reasons };
}
