/**
 * R5.4, PPP: "identify how close pupils are to: · Working at the level of those in mainstream
 * settings · Being ready for reintegration". THE readiness rule, for the pupil page (reasons over
 * the recent weeks, `readinessSummary`) and the Trends page (figures over a chosen period,
 * `readinessFromFigures`). Three areas:
 * - attainment ("working at mainstream level"): working-at grade (newest graded assessment, else
 *   the host school's intake) against where the flight path from intake to the end-of-key-stage
 *   target says the pupil should be by now (`attainment.ts`, `flight-path.ts`), per subject;
 * - attendance: the contract's whole percentage; 90% or more is good (below 90% is persistent
 *   absence in DfE terms); judged only on at least `MIN_ATTENDANCE_SESSIONS` sessions;
 * - behaviour: no more negative than positive entries; judged only when something was logged and
 *   the pupil has been on roll at least `MIN_WEEKS_ON_ROLL` weeks (nothing logged is not good news).
 * Ready for reintegration = all three met; Close = two; Not yet = fewer. An area without its
 * minimum evidence is "not enough evidence yet", and the overall band is given only when more
 * evidence could not change it.
 */
import type { Assessment } from './assessment';
import { addDays, daysBetween } from './calendar-days';
import { attendanceSummary, formatAttendance, type SessionMark } from './attendance-percent';
import type { Behaviour } from './behaviour';
import { PROGRESS_LABELS, type FeedbackForm } from './feedback-form';
import { COMPARISON_LABELS, scaleForYear, type TargetComparison } from './grade-scale';
import type { Intake } from './intake';
import type { Pupil } from './pupil';
import { formatDay } from './calendar-days';
import { newest, pupilAttainment } from './attainment';
import { FLIGHT_PATH_LABELS } from './flight-path';

export const GOOD_ATTENDANCE_PERCENT = 90;
export const ATTENDANCE_WEEKS = 6;
export const BEHAVIOUR_WEEKS = 4;

export const MIN_ATTENDANCE_SESSIONS = 20;
export const MIN_WEEKS_ON_ROLL = 4;

export type ReadinessLevel = 'ready' | 'close' | 'not-yet' | 'unknown';
export const READINESS_LEVEL_LABELS: Record<ReadinessLevel, string> = {
	ready: 'Ready',
	close: 'Close',
	'not-yet': 'Not yet',
	unknown: 'Not enough evidence yet'
};

export type AreaStatus = 'met' | 'not-met' | 'unknown';
export const AREA_STATUS_LABELS: Record<AreaStatus, string> = {
	met: 'Yes',
	'not-met': 'Not yet',
	unknown: 'Not enough evidence yet'
};

const band = (met: number): ReadinessLevel => (met === 3 ? 'ready' : met === 2 ? 'close' : 'not-yet');

/**
 * The band from the three areas, given only when more evidence could not change it: two met and
 * one unknown could be Ready or Close, so it reads "not enough evidence yet"; one met and two not
 * met is Not yet whatever is missing.
 */
export function readinessBand(areas: Record<ReadinessArea, AreaStatus>): { level: ReadinessLevel; met: number } {
	const statuses = Object.values(areas);
	const met = statuses.filter((s) => s === 'met').length;
	const unknown = statuses.filter((s) => s === 'unknown').length;
	return { level: band(met) === band(met + unknown) ? band(met) : 'unknown', met };
}

/** Attendance good at 90% or more of at least 20 sessions; the whole percent shown is the one compared. */
export function attendanceStatus(summary: { recorded: number; percent: number | null }): AreaStatus {
	if (summary.percent === null || summary.recorded < MIN_ATTENDANCE_SESSIONS) return 'unknown';
	return summary.percent >= GOOD_ATTENDANCE_PERCENT ? 'met' : 'not-met';
}

/** Behaviour good with no more negative than positive entries, once there is something to judge. */
export function behaviourStatus(positive: number, negative: number, weeksOnRoll: number): AreaStatus {
	if (positive + negative === 0 || weeksOnRoll < MIN_WEEKS_ON_ROLL) return 'unknown';
	return negative <= positive ? 'met' : 'not-met';
}

/** On or ahead of the flight path in every subject that could be compared; unknown when none could. */
export function attainmentStatus(comparisons: readonly (TargetComparison | null)[]): AreaStatus {
	const compared = comparisons.filter((c): c is TargetComparison => c !== null);
	if (!compared.length) return 'unknown';
	return compared.every((c) => c !== 'below') ? 'met' : 'not-met';
}

/** What the Trends page knows of a pupil over a period. */
export interface FigureReadinessInput {
	comparisons: readonly (TargetComparison | null)[];
	attendance: { recorded: number; percent: number | null };
	positive: number;
	negative: number;
	/** Whole weeks from the pupil's start to the end of the period. */
	weeksOnRoll: number;
}

export interface ReadinessResult {
	/** Ready for reintegration: the band of the three areas. */
	readiness: ReadinessLevel;
	/** Each area; `attainment` is the "working at mainstream level" indicator. */
	areas: Record<ReadinessArea, AreaStatus>;
	met: number;
}

export function readinessFromFigures(input: FigureReadinessInput): ReadinessResult {
	const areas = {
		attainment: attainmentStatus(input.comparisons),
		attendance: attendanceStatus(input.attendance),
		behaviour: behaviourStatus(input.positive, input.negative, input.weeksOnRoll)
	};
	const { level, met } = readinessBand(areas);
	return { readiness: level, areas, met };
}

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
	areas: Record<ReadinessArea, AreaStatus>;
	reasons: ReadinessReason[];
}

export interface PupilReadinessInput {
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

const SUBJECT_LABELS = { maths: 'Maths', english: 'English' };

/**
 * Per subject: working-at against where the flight path says the pupil should be today (this
 * decides "working at mainstream level"), with the end-of-key-stage target beside it.
 */
function attainmentReasons(input: PupilReadinessInput): ReadinessReason[] {
	const { pupil } = input;
	const scale = scaleForYear(pupil.yearGroup, input.ks3Scale);
	const targetName = pupil.yearGroup >= 10 ? 'KS4 target' : 'KS3 target';
	const reasons: ReadinessReason[] = [];
	for (const subject of SUBJECTS) {
		const label = SUBJECT_LABELS[subject];
		const a = pupilAttainment(pupil, input.intakes, input.assessments, subject, input.ks3Scale, input.today);
		if (!a) {
			reasons.push({
				area: 'attainment',
				status: 'unknown',
				text: `${label}: no attainment or target from the host school yet.`
			});
			continue;
		}
		const source = a.source === 'assessment' ? `${a.sourceName}, ${a.sourceDate}` : 'host school at intake';
		const working = `working at ${a.workingAt} (${source})`;
		if (!a.target) {
			reasons.push({
				area: 'attainment',
				status: 'unknown',
				text: `${label}: ${working}; no ${targetName} to compare it with.`
			});
			continue;
		}
		if (a.onTrack === null || a.expected === null || a.comparison === null) {
			reasons.push({
				area: 'attainment',
				status: 'unknown',
				text: `${label}: ${working} against a ${targetName} of ${a.target} cannot be compared — the grade at intake, now and the target must all be on the ${scale.name} scale.`
			});
			continue;
		}
		reasons.push({
			area: 'attainment',
			status: a.onTrack === 'below' ? 'not-met' : 'met',
			text:
				`${label}: ${working}; expected by now ${a.expected} (from ${a.intakeGrade} at intake to the ${targetName} of ${a.target} by ${formatDay(a.keyStageEnd)}) — ${FLIGHT_PATH_LABELS[a.onTrack].toLowerCase()}; ` +
				`against the ${targetName} itself: ${COMPARISON_LABELS[a.comparison].toLowerCase()}.`
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

function attendanceReason(input: PupilReadinessInput): ReadinessReason {
	const start = addDays(input.today, -ATTENDANCE_WEEKS * 7 + 1);
	const recent = attendanceSummary(input.attendance, { start, end: input.today });
	const overall = attendanceSummary(input.attendance, { start: input.pupil.startDate, end: input.today });
	const status = attendanceStatus(recent);
	if (recent.percent === null || status === 'unknown') {
		return {
			area: 'attendance',
			status: 'unknown',
			text: `Not enough evidence yet: ${recent.recorded} ${recent.recorded === 1 ? 'session' : 'sessions'} recorded in the last ${ATTENDANCE_WEEKS} weeks (at least ${MIN_ATTENDANCE_SESSIONS} needed).`
		};
	}
	// The whole percent shown is the one compared: "90% … below 90%" cannot happen.
	const since = overall.percent === null ? '' : `; ${formatAttendance(overall.percent)} since starting`;
	const good = status === 'met';
	return {
		area: 'attendance',
		status,
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

function behaviourReason(input: PupilReadinessInput): ReadinessReason {
	const { recent, earlier, trend } = behaviourTrend(input.behaviour, input.today);
	const window = `${BEHAVIOUR_WEEKS} weeks`;
	const weeksOnRoll = Math.floor(daysBetween(input.pupil.startDate, input.today) / 7);
	const status = behaviourStatus(recent.positive, recent.negative, weeksOnRoll);
	if (status === 'unknown') {
		return {
			area: 'behaviour',
			status: 'unknown',
			text:
				weeksOnRoll < MIN_WEEKS_ON_ROLL
					? `Not enough evidence yet: on roll ${plural(weeksOnRoll, 'week')} (at least ${MIN_WEEKS_ON_ROLL} needed).`
					: `Not enough evidence yet: no behaviour entries logged in the last ${window}; nothing logged is not a judgement.`
		};
	}
	return {
		area: 'behaviour',
		status,
		text:
			`${trend === 'steady' ? 'Steady' : trend === 'improving' ? 'Improving' : 'Getting worse'}: last ${window} ${plural(recent.positive, 'positive')}, ${plural(recent.negative, 'negative')}; ` +
			`the ${window} before ${plural(earlier.positive, 'positive')}, ${plural(earlier.negative, 'negative')}.`
	};
}

function areaStatus(reasons: readonly ReadinessReason[]): AreaStatus {
	const counted = reasons.filter((r) => r.status === 'met' || r.status === 'not-met');
	if (!counted.length) return 'unknown';
	return counted.every((r) => r.status === 'met') ? 'met' : 'not-met';
}

export function readinessSummary(input: PupilReadinessInput): ReadinessSummary {
	const reasons = [...attainmentReasons(input), attendanceReason(input), behaviourReason(input)];
	const areas = {
		attainment: areaStatus(reasons.filter((r) => r.area === 'attainment')),
		attendance: areaStatus(reasons.filter((r) => r.area === 'attendance')),
		behaviour: areaStatus(reasons.filter((r) => r.area === 'behaviour'))
	};
	return { ...readinessBand(areas), areas, reasons };
}
