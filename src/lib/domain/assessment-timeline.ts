/**
 * Assessments over time (R3.4): standardised tests, scheme-of-work tests and teacher assessments,
 * listed after the pupil's baselines, which are the first points. Pure.
 */
import { ASSESSMENT_KIND_LABELS, type Assessment, type AssessmentInput } from './assessment';
import { DOMAIN_LABELS, type Baseline, type BaselineDomain } from './baseline';
import { gradeError, scaleForYear } from './grade-scale';
import { subjectLabel } from './lesson';
import { formatReadingAge } from './plan-rules';

export interface TimelinePoint {
	id: string;
	source: 'baseline' | 'assessment';
	date: string;
	/** "Baseline", "Standardised test", "Scheme-of-work test", "Teacher assessment". */
	kindLabel: string;
	/** "Literacy" for a baseline, "English" for an assessment. */
	area: string;
	name: string;
	rawScore?: number;
	maxScore?: number;
	standardisedScore?: number;
	readingAgeMonths?: number;
	grade?: string;
	notes?: string;
	/** Against the baseline of the same area (English ↔ literacy, maths ↔ numeracy), when both have the figure. */
	sinceBaseline?: { standardisedScore?: number; readingAgeMonths?: number; percentPoints?: number };
}

/** Which baseline domain an assessment subject is measured against. */
export function baselineDomainFor(subject: string): BaselineDomain | null {
	if (['english', 'reading', 'literacy', 'spelling'].includes(subject)) return 'literacy';
	if (['maths', 'numeracy', 'mathematics'].includes(subject)) return 'numeracy';
	if (['wellbeing', 'pshe'].includes(subject)) return 'wellbeing';
	return null;
}

const byDate = <T extends { date: string; createdAt: string }>(a: T, b: T) =>
	a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt);

/** Baselines first (the starting points), then every assessment in date order. Archived records are left out. */
export function assessmentTimeline(
	baselines: readonly Baseline[],
	assessments: readonly Assessment[]
): TimelinePoint[] {
	const starts = baselines.filter((b) => !b.archived).sort(byDate);
	// The baseline a later result is compared with: the most recent one in its domain.
	const latestIn = (domain: BaselineDomain) => starts.filter((b) => b.domain === domain).at(-1);

	const points: TimelinePoint[] = starts.map((b) => ({
		id: b._id,
		source: 'baseline',
		date: b.date,
		kindLabel: 'Baseline',
		area: DOMAIN_LABELS[b.domain],
		name: b.instrument,
		rawScore: b.rawScore,
		maxScore: b.maxScore,
		standardisedScore: b.standardisedScore,
		readingAgeMonths: b.readingAgeMonths,
		grade: b.band,
		notes: b.notes
	}));

	for (const a of assessments.filter((x) => !x.archived).sort(byDate)) {
		const domain = baselineDomainFor(a.subject);
		const base = domain ? latestIn(domain) : undefined;
		const since: NonNullable<TimelinePoint['sinceBaseline']> = {};
		if (base?.standardisedScore !== undefined && a.standardisedScore !== undefined)
			since.standardisedScore = a.standardisedScore - base.standardisedScore;
		if (base?.readingAgeMonths !== undefined && a.readingAgeMonths !== undefined)
			since.readingAgeMonths = a.readingAgeMonths - base.readingAgeMonths;
		// Well-being profiles are scored out of a maximum (e.g. Boxall): compare as percentages.
		const pct = (raw?: number, max?: number) =>
			raw !== undefined && max !== undefined && max > 0 ? (raw / max) * 100 : undefined;
		const before = pct(base?.rawScore, base?.maxScore);
		const now = pct(a.rawScore, a.maxScore);
		if (since.standardisedScore === undefined && before !== undefined && now !== undefined)
			since.percentPoints = Math.round(now - before);
		points.push({
			id: a._id,
			source: 'assessment',
			date: a.date,
			kindLabel: ASSESSMENT_KIND_LABELS[a.kind],
			area: domain === 'wellbeing' ? DOMAIN_LABELS.wellbeing : subjectLabel(a.subject),
			name: a.name,
			rawScore: a.rawScore,
			maxScore: a.maxScore,
			standardisedScore: a.standardisedScore,
			readingAgeMonths: a.readingAgeMonths,
			grade: a.grade,
			notes: a.notes,
			...(Object.keys(since).length ? { sinceBaseline: since } : {})
		});
	}
	return points;
}

/** The figures of one point in a line: "standardised score 91 · reading age 9 years 10 months · 18 / 25 · Secure". */
export function describeResult(point: TimelinePoint): string {
	const parts: string[] = [];
	if (point.standardisedScore !== undefined) parts.push(`standardised score ${point.standardisedScore}`);
	if (point.readingAgeMonths !== undefined) parts.push(`reading age ${formatReadingAge(point.readingAgeMonths)}`);
	if (point.rawScore !== undefined)
		parts.push(point.maxScore !== undefined ? `${point.rawScore} / ${point.maxScore}` : `score ${point.rawScore}`);
	if (point.grade) parts.push(point.grade);
	const text = parts.join(' · ');
	return text ? text[0]!.toUpperCase() + text.slice(1) : 'No result recorded';
}

/** "Since baseline: standardised score +6, reading age +4 months", or null with nothing to compare. */
export function sinceBaselineText(point: TimelinePoint): string | null {
	const since = point.sinceBaseline;
	if (!since) return null;
	const parts: string[] = [];
	if (since.standardisedScore !== undefined)
		parts.push(`standardised score ${describeChange(since.standardisedScore)}`);
	if (since.readingAgeMonths !== undefined)
		parts.push(
			`reading age ${describeChange(since.readingAgeMonths, Math.abs(since.readingAgeMonths) === 1 ? ' month' : ' months')}`
		);
	if (since.percentPoints !== undefined)
		parts.push(
			`score ${describeChange(since.percentPoints, Math.abs(since.percentPoints) === 1 ? ' percentage point' : ' percentage points')}`
		);
	return `Since baseline: ${parts.join(', ')}`;
}

/** "+6", "−3", "no change". */
export function describeChange(delta: number, unit = ''): string {
	if (delta === 0) return 'no change';
	return `${delta > 0 ? '+' : '−'}${Math.abs(delta)}${unit}`;
}

/**
 * Checks a schema cannot make: a result must be recorded, a raw score needs its maximum, and a
 * teacher assessment's grade must be on the pupil's scale (GCSE 9–1 in years 10+, the KS3 scale below).
 */
export function assessmentRuleErrors(
	input: Pick<
		AssessmentInput,
		'kind' | 'rawScore' | 'maxScore' | 'standardisedScore' | 'readingAgeMonths' | 'grade'
	> & {
		subject?: string;
	},
	yearGroup: number,
	ks3Steps: readonly string[]
): Record<string, string> {
	const errors: Record<string, string> = {};
	const hasResult =
		[input.rawScore, input.standardisedScore, input.readingAgeMonths].some((v) => v !== undefined) ||
		!!input.grade?.trim();
	if (!hasResult) errors.result = 'Record a result: a score, standardised score, reading age or grade';
	if (input.rawScore !== undefined && input.maxScore === undefined)
		errors.maxScore = 'Give the maximum score as well as the score';
	// A well-being band ("Band 2") is not an attainment grade: no GCSE or KS3 scale applies.
	if (input.kind === 'teacher' && input.grade?.trim() && input.subject !== 'wellbeing') {
		const error = gradeError(input.grade, scaleForYear(yearGroup, ks3Steps));
		if (error) errors.grade = error;
	}
	return errors;
}
