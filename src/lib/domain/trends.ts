/**
 * The provision's trends (R6.2), computed on the tablet from local records: pure functions over
 * arrays, so the dashboard re-computes in memory when a filter changes (no re-read of the
 * database) and every figure is unit-tested from a small hand-computed fixture.
 *
 * Rules (shown on the dashboard too, so a leader can check a figure by hand):
 * - Progress indicator: each pupil's LATEST SENT feedback form whose period ends inside the chosen
 *   period; meeting or exceeding ÷ pupils with such a form. Forms cover every subject.
 * - Attainment against target, per subject: the pupil's latest working-at grade as of the end of
 *   the period (latest graded assessment in that subject on the pupil's scale, else the intake's
 *   working-at) against the target for their key stage (KS4 target from year 10, the KS3 target
 *   before), compared with `compareToTarget`; at or above ÷ pupils with both grades comparable.
 * - ATL: sent feedback forms whose period ends inside each half term, counted by grade.
 * - Attendance: the contract's rule (`attendanceSummary`: `latestMarks`, then `summaryOfStanding`) over each half term's marks.
 * - Behaviour: positive and negative entries dated inside each half term.
 * - Reintegrations: completed (by completed date) and broken down (by the day it broke down) per
 *   term, each term running on through the holiday after it; with a half term chosen, that half term.
 */
import { latestMarks, summaryOfStanding, type SessionMark } from './attendance-percent';
import type { Assessment } from './assessment';
import { daysBetween } from './calendar-days';
import type { Behaviour } from './behaviour';
import type { FeedbackForm, ProgressIndicator } from './feedback-form';
import type { TargetComparison } from './grade-scale';
import { pupilAttainment, type PupilAttainment } from './attainment';
import type { Intake } from './intake';
import { keyStageOf, type KeyStage, type Pupil } from './pupil';
import { notReintegrated } from './leavers';
import { reintegrationDate, type Reintegration } from './reintegration';
import { readinessFromFigures, type ReadinessResult } from './readiness';
import {
	ALL_TIME,
	bucketIndex,
	bucketsFor,
	formCountsOn,
	halfTermPeriods,
	inPeriod,
	termPeriods,
	throughHolidays,
	type HalfTermLike,
	type Period
} from './trends-period';
import { compareInstants } from './calendar-days';

export type SenStatus = Pupil['senStatus'];

export interface TrendFilter {
	keyStage?: KeyStage | null;
	yearGroup?: number | null;
	senStatus?: SenStatus | null;
	hostSchool?: string | null;
	/** Only changes the attainment-against-target figures: the other records are not per subject. */
	subject?: string | null;
	period?: Pick<Period, 'start' | 'end'> | null;
	/** Half terms and terms that have not started by this date are left off the charts. */
	today?: string | null;
}

/** Everything the trends read, as plain arrays (archived records are ignored here too). */
export interface TrendInput {
	pupils: readonly Pupil[];
	intakes: readonly Intake[];
	assessments: readonly Assessment[];
	feedbackForms: readonly FeedbackForm[];
	/** Marks as documents, or only the standing ones (what the store reads): the figures are the same. */
	attendance: readonly SessionMark[];
	behaviour: readonly Behaviour[];
	reintegrations: readonly Reintegration[];
}

const TREND_INPUT_KEYS = {
	pupil: 'pupils',
	intake: 'intakes',
	assessment: 'assessments',
	feedbackForm: 'feedbackForms',
	attendance: 'attendance',
	behaviour: 'behaviour',
	reintegration: 'reintegrations'
} as const satisfies Record<string, keyof TrendInput>;

/**
 * The dashboard's records with older ones read from the office server added (a period reaching
 * before the working window): each once, withdrawn ones left out as the tablet's reads do.
 */
export function withOlderTrendRecords(
	input: TrendInput,
	more: readonly { _id: string; type?: unknown; archived?: boolean }[]
): TrendInput {
	const out = { ...input } as unknown as Record<keyof TrendInput, readonly object[]>;
	// Standing marks carry no id; a mark read twice counts once anyway (one per pupil and session).
	const seen = new Set(
		Object.values(input).flatMap((list: readonly { _id?: string }[]) => list.map((r) => r._id).filter(Boolean))
	);
	for (const doc of more) {
		const key = TREND_INPUT_KEYS[doc.type as keyof typeof TREND_INPUT_KEYS];
		if (!key || doc.archived || seen.has(doc._id)) continue;
		seen.add(doc._id);
		out[key] = [...out[key], doc];
	}
	return out as unknown as TrendInput;
}

export interface TrendSettings {
	halfTerms: readonly HalfTermLike[];
	ks3Scale: readonly string[];
}

export type { TargetComparison };

/** Percentage to one decimal place, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
	return whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;
}

const live = <T extends { archived?: boolean }>(rows: readonly T[]) => rows.filter((r) => !r.archived);

export function filterPupils(pupils: readonly Pupil[], filter: TrendFilter): Pupil[] {
	return pupils.filter(
		(p) =>
			!p.archived &&
			(!filter.keyStage || keyStageOf(p.yearGroup) === filter.keyStage) &&
			(!filter.yearGroup || p.yearGroup === filter.yearGroup) &&
			(!filter.senStatus || p.senStatus === filter.senStatus) &&
			(!filter.hostSchool || p.hostSchool === filter.hostSchool)
	);
}

/**
 * On roll at some time in the period: started by its end and not left before its start (a pupil
 * who left with no leaving date recorded is counted throughout).
 */
export function onRollIn(pupil: Pick<Pupil, 'startDate' | 'endDate'>, period: Pick<Period, 'start' | 'end'>): boolean {
	return pupil.startDate <= period.end && (!pupil.endDate || pupil.endDate >= period.start);
}

function groupByPupil<T extends { pupilId: string; archived?: boolean }>(
	rows: readonly T[],
	ids: ReadonlySet<string>
): Map<string, T[]> {
	const out = new Map<string, T[]>();
	for (const r of rows) {
		if (r.archived || !ids.has(r.pupilId)) continue;
		const list = out.get(r.pupilId);
		if (list) list.push(r);
		else out.set(r.pupilId, [r]);
	}
	return out;
}

// ── progress indicators ──────────────────────────────────────────────────────────────────────

export interface ProgressShare {
	exceeding: number;
	meeting: number;
	workingTowards: number;
	/** Pupils in the filter with no sent form in the period. */
	noJudgement: number;
	judged: number;
	/** Meeting or exceeding ÷ judged. */
	percent: number | null;
}

/** The latest sent form per pupil whose period ends inside `period`. */
export function latestSentForms(
	forms: readonly FeedbackForm[],
	pupilIds: ReadonlySet<string>,
	period: Pick<Period, 'start' | 'end'>
): Map<string, FeedbackForm> {
	const latest = new Map<string, FeedbackForm>();
	for (const f of forms) {
		if (f.archived || f.status !== 'sent' || !pupilIds.has(f.pupilId) || !inPeriod(f.periodEnd, period)) continue;
		const seen = latest.get(f.pupilId);
		if (
			!seen ||
			f.periodEnd > seen.periodEnd ||
			(f.periodEnd === seen.periodEnd && compareInstants(f.updatedAt, seen.updatedAt) > 0)
		)
			latest.set(f.pupilId, f);
	}
	return latest;
}

export function progressShare(
	pupils: readonly Pupil[],
	forms: readonly FeedbackForm[],
	period: Pick<Period, 'start' | 'end'> = ALL_TIME
): ProgressShare {
	const ids = new Set(pupils.map((p) => p._id));
	const counts: Record<ProgressIndicator, number> = { exceeding: 0, meeting: 0, 'working-towards': 0 };
	for (const form of latestSentForms(forms, ids, period).values()) counts[form.progress] += 1;
	const judged = counts.exceeding + counts.meeting + counts['working-towards'];
	return {
		exceeding: counts.exceeding,
		meeting: counts.meeting,
		workingTowards: counts['working-towards'],
		noJudgement: ids.size - judged,
		judged,
		percent: percent(counts.exceeding + counts.meeting, judged)
	};
}

// ── attainment against target ───────────────────────────────────────────────────────────────

export interface SubjectAttainment {
	subject: string;
	above: number;
	at: number;
	below: number;
	/** Pupils with intake data in this subject whose grades could not be compared (no target for their key stage, or off scale). */
	notComparable: number;
	compared: number;
	/** At or above ÷ compared. */
	percent: number | null;
}

export { pupilAttainment, type PupilAttainment } from './attainment';

/** The subjects pupils have targets in (intake subjects), in a stable order. */
export function targetSubjects(intakes: readonly Intake[]): string[] {
	return [...new Set(live(intakes).map((i) => i.subject))].sort();
}

export function attainmentBySubject(
	input: Pick<TrendInput, 'intakes' | 'assessments'>,
	pupils: readonly Pupil[],
	subjects: readonly string[],
	ks3Scale: readonly string[],
	asOf = ALL_TIME.end
): SubjectAttainment[] {
	const ids = new Set(pupils.map((p) => p._id));
	const intakesOf = groupByPupil(input.intakes, ids);
	const assessmentsOf = groupByPupil(input.assessments, ids);
	return subjects.map((subject) => {
		const row: SubjectAttainment = { subject, above: 0, at: 0, below: 0, notComparable: 0, compared: 0, percent: null };
		for (const pupil of pupils) {
			const a = pupilAttainment(
				pupil,
				intakesOf.get(pupil._id) ?? [],
				assessmentsOf.get(pupil._id) ?? [],
				subject,
				ks3Scale,
				asOf
			);
			if (!a) continue;
			if (a.comparison) row[a.comparison] += 1;
			else row.notComparable += 1;
		}
		row.compared = row.above + row.at + row.below;
		row.percent = percent(row.above + row.at, row.compared);
		return row;
	});
}

// ── over time ────────────────────────────────────────────────────────────────────────────────

export interface AtlBucket {
	period: Period;
	counts: Record<1 | 2 | 3 | 4, number>;
	forms: number;
}

export interface AttendanceBucket {
	period: Period;
	present: number;
	recorded: number;
	percent: number | null;
}

export interface BehaviourBucket {
	period: Period;
	positive: number;
	negative: number;
}

export interface AttainmentBucket {
	period: Period;
	progress: ProgressShare;
	bySubject: SubjectAttainment[];
}

export interface ReintegrationTerm {
	period: Period;
	completed: number;
	brokenDown: number;
}

export function atlByPeriod(
	forms: readonly FeedbackForm[],
	pupilIds: ReadonlySet<string>,
	buckets: readonly Period[]
): AtlBucket[] {
	const out = buckets.map((period) => ({ period, counts: { 1: 0, 2: 0, 3: 0, 4: 0 }, forms: 0 }));
	for (const f of forms) {
		if (f.archived || f.status !== 'sent' || !pupilIds.has(f.pupilId)) continue;
		const i = bucketIndex(f.periodEnd, buckets);
		if (i < 0) continue;
		out[i]!.counts[f.atl] += 1;
		out[i]!.forms += 1;
	}
	return out;
}

export function attendanceByPeriod(
	marks: readonly SessionMark[],
	pupilIds: ReadonlySet<string>,
	buckets: readonly Period[]
): AttendanceBucket[] {
	return standingByPeriod(latestMarks(marks), pupilIds, buckets);
}

/**
 * `attendanceByPeriod` over marks that already stand. Picking the standing mark per pupil,
 * date and session commutes with choosing pupils and dates, so the dashboard picks once for all
 * its sums (it was a fifth of its time on a year of marks).
 */
function standingByPeriod(
	standing: readonly SessionMark[],
	pupilIds: ReadonlySet<string>,
	buckets: readonly Period[]
): AttendanceBucket[] {
	const inBucket: SessionMark[][] = buckets.map(() => []);
	for (const m of standing) {
		if (!pupilIds.has(m.pupilId)) continue;
		const i = bucketIndex(m.date, buckets);
		if (i >= 0) inBucket[i]!.push(m);
	}
	return buckets.map((period, i) => {
		const s = summaryOfStanding(inBucket[i]!);
		return {
			period,
			present: s.present,
			recorded: s.recorded,
			percent: s.percent
		};
	});
}

export function behaviourByPeriod(
	entries: readonly Behaviour[],
	pupilIds: ReadonlySet<string>,
	buckets: readonly Period[]
): BehaviourBucket[] {
	const out = buckets.map((period) => ({ period, positive: 0, negative: 0 }));
	for (const b of entries) {
		if (b.archived || !pupilIds.has(b.pupilId)) continue;
		const i = bucketIndex(b.date, buckets);
		if (i >= 0) out[i]![b.polarity] += 1;
	}
	return out;
}

/** % meeting targets as at the end of each half term: the attainment trend beside the others. */
export function attainmentByPeriod(
	input: TrendInput,
	pupils: readonly Pupil[],
	subjects: readonly string[],
	ks3Scale: readonly string[],
	buckets: readonly Period[]
): AttainmentBucket[] {
	return buckets.map((period) => {
		// Each half term counts the pupils on roll in it: a leaver does not fill "No judgement" later.
		const onRoll = pupils.filter((p) => onRollIn(p, period));
		return {
			period,
			progress: progressShare(onRoll, input.feedbackForms, period),
			bySubject: attainmentBySubject(input, onRoll, subjects, ks3Scale, period.end)
		};
	});
}

function withoutNotReintegrated(ids: ReadonlySet<string>, pupils: readonly Pupil[]): Set<string> {
	const left = notReintegrated(pupils);
	return new Set([...ids].filter((id) => !left.has(id)));
}

export function reintegrationsByTerm(
	rows: readonly Reintegration[],
	pupilIds: ReadonlySet<string>,
	terms: readonly Period[]
): ReintegrationTerm[] {
	const out = terms.map((period) => ({ period, completed: 0, brokenDown: 0 }));
	for (const r of rows) {
		if (r.archived || !pupilIds.has(r.pupilId)) continue;
		const date = reintegrationDate(r);
		if (!date) continue;
		const i = bucketIndex(date, terms);
		if (i < 0) continue;
		if (r.status === 'completed') out[i]!.completed += 1;
		else out[i]!.brokenDown += 1;
	}
	return out;
}

// ── R5.4: each pupil's readiness ───────────────────────────────────────────────────────────

export interface PupilReadiness extends ReadinessResult {
	pupil: Pupil;
	attainment: PupilAttainment[];
	attendancePercent: number | null;
	positive: number;
	negative: number;
	latestProgress: ProgressIndicator | null;
}

export function readinessByPupil(
	input: TrendInput,
	pupils: readonly Pupil[],
	subjects: readonly string[],
	ks3Scale: readonly string[],
	period: Pick<Period, 'start' | 'end'> = ALL_TIME,
	today?: string
): PupilReadiness[] {
	return readinessOf(input, latestMarks(input.attendance), pupils, subjects, ks3Scale, period, today);
}

/** `readinessByPupil` with the standing marks already picked (see `standingByPeriod`). */
function readinessOf(
	input: TrendInput,
	standing: readonly SessionMark[],
	pupils: readonly Pupil[],
	subjects: readonly string[],
	ks3Scale: readonly string[],
	period: Pick<Period, 'start' | 'end'>,
	today?: string | null
): PupilReadiness[] {
	// Weeks on roll are counted to the end of the period, or to today for a period not over yet.
	const asOf = today && today < period.end ? today : period.end;
	const ids = new Set(pupils.map((p) => p._id));
	const intakesOf = groupByPupil(input.intakes, ids);
	const assessmentsOf = groupByPupil(input.assessments, ids);
	const marksOf = groupByPupil(standing, ids);
	const behaviourOf = groupByPupil(input.behaviour, ids);
	const forms = latestSentForms(input.feedbackForms, ids, period);
	return pupils.map((pupil) => {
		const attainment = subjects
			.map((s) =>
				pupilAttainment(
					pupil,
					intakesOf.get(pupil._id) ?? [],
					assessmentsOf.get(pupil._id) ?? [],
					s,
					ks3Scale,
					period.end
				)
			)
			.filter((a): a is PupilAttainment => a !== null);
		const marks = (marksOf.get(pupil._id) ?? []).filter((m) => inPeriod(m.date, period));
		const summary = summaryOfStanding(marks);
		const attendancePercent = summary.percent;
		const entries = (behaviourOf.get(pupil._id) ?? []).filter((b) => inPeriod(b.date, period));
		const positive = entries.filter((b) => b.polarity === 'positive').length;
		const negative = entries.length - positive;
		return {
			pupil,
			attainment,
			attendancePercent,
			positive,
			negative,
			latestProgress: forms.get(pupil._id)?.progress ?? null,
			...readinessFromFigures({
				comparisons: attainment.map((a) => a.onTrack),
				attendance: summary,
				positive,
				negative,
				weeksOnRoll: Math.floor(daysBetween(pupil.startDate, asOf) / 7)
			})
		};
	});
}

// ── the whole dashboard ─────────────────────────────────────────────────────────────────────

export interface Dashboard {
	pupils: Pupil[];
	period: Pick<Period, 'start' | 'end'>;
	subjects: string[];
	progress: ProgressShare;
	attainment: SubjectAttainment[];
	attendance: AttendanceBucket;
	behaviour: { positive: number; negative: number };
	buckets: Period[];
	attainmentTrend: AttainmentBucket[];
	atl: AtlBucket[];
	attendanceTrend: AttendanceBucket[];
	behaviourTrend: BehaviourBucket[];
	reintegrations: ReintegrationTerm[];
	readiness: PupilReadiness[];
}

function dataSpan(input: TrendInput): { first: string; last: string } | null {
	let first = '';
	let last = '';
	const see = (d: string) => {
		if (!first || d < first) first = d;
		if (!last || d > last) last = d;
	};
	for (const m of input.attendance) see(m.date);
	for (const b of input.behaviour) see(b.date);
	for (const f of input.feedbackForms) see(f.periodEnd);
	return first ? { first, last } : null;
}

export function computeDashboard(given: TrendInput, filter: TrendFilter, settings: TrendSettings): Dashboard {
	// A feedback form belongs to the half term it covers, also when its period ends in a holiday.
	const input = {
		...given,
		feedbackForms: given.feedbackForms.map((f) => {
			const countsOn = formCountsOn(f, settings.halfTerms);
			return countsOn === f.periodEnd ? f : { ...f, periodEnd: countsOn };
		})
	};
	const period = filter.period ?? ALL_TIME;
	const pupils = filterPupils(input.pupils, filter).filter((p) => onRollIn(p, period));
	const ids = new Set(pupils.map((p) => p._id));
	// Only subjects these pupils have targets in: no empty "English" row for a maths-only group.
	const allSubjects = targetSubjects(input.intakes.filter((i) => ids.has(i.pupilId)));
	const subjects = filter.subject ? allSubjects.filter((s) => s === filter.subject) : allSubjects;
	const started = (p: Period) => !filter.today || p.start <= filter.today;
	const buckets = bucketsFor(period, settings.halfTerms, settings.halfTerms.length ? null : dataSpan(input)).filter(
		started
	);
	const whole = { ...period, id: 'chosen', label: 'Chosen period' };

	// Terms (and half terms) run on through the holiday after them, so a reintegration dated in a
	// holiday counts in the term before it; a half term chosen in the filter shows that half term.
	const half = throughHolidays(halfTermPeriods(settings.halfTerms)).find(
		(h) =>
			h.start === period.start && halfTermPeriods(settings.halfTerms).some((x) => x.id === h.id && x.end === period.end)
	);
	const terms = half
		? [half]
		: throughHolidays(termPeriods(settings.halfTerms)).filter(
				(t) => t.end >= period.start && t.start <= period.end && started(t)
			);
	const behaviourTotal = behaviourByPeriod(input.behaviour, ids, [whole])[0]!;
	const standing = latestMarks(input.attendance);

	return {
		pupils,
		period,
		subjects,
		progress: progressShare(pupils, input.feedbackForms, period),
		attainment: attainmentBySubject(input, pupils, subjects, settings.ks3Scale, period.end),
		attendance: standingByPeriod(standing, ids, [whole])[0]!,
		behaviour: { positive: behaviourTotal.positive, negative: behaviourTotal.negative },
		buckets,
		attainmentTrend: attainmentByPeriod(input, pupils, subjects, settings.ks3Scale, buckets),
		atl: atlByPeriod(input.feedbackForms, ids, buckets),
		attendanceTrend: standingByPeriod(standing, ids, buckets),
		behaviourTrend: behaviourByPeriod(input.behaviour, ids, buckets),
		// The policy counts reintegration into mainstream only (leavers.ts).
		reintegrations: reintegrationsByTerm(input.reintegrations, withoutNotReintegrated(ids, pupils), terms),
		readiness: readinessOf(input, standing, pupils, subjects, settings.ks3Scale, period, filter.today)
	};
}
