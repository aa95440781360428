/**
 * Grade scales (R1.2): GCSE 9–1 for KS4, with optional fine grades ("5-" < "5" < "5+"), and the
 * organisation's KS3 working-at scale (settings `ks3Scale`, lowest step first). Grades are stored as
 * the text the host school wrote; every comparison goes through a scale's order, never through
 * string or number order ("10" is not a grade, "Secure" is above "Developing").
 */
export type GradeScale = { kind: 'gcse'; name: string } | { kind: 'ks3'; name: string; steps: readonly string[] };

export const GCSE_SCALE: GradeScale = { kind: 'gcse', name: 'GCSE 9–1' };

export function ks3Scale(steps: readonly string[]): GradeScale {
	return { kind: 'ks3', name: 'KS3 working-at', steps };
}

/** Years 10 and above work on GCSE grades; years 9 and below on the KS3 scale. */
export function scaleForYear(yearGroup: number, ks3Steps: readonly string[]): GradeScale {
	return yearGroup >= 10 ? GCSE_SCALE : ks3Scale(ks3Steps);
}

// Spreadsheets and keyboards write minus in several ways.
const normalise = (grade: string) => grade.trim().replace(/[\u2212\u2013\u2014]/g, '-');

const GCSE_PATTERN = /^(?:U|[1-9][+-]?)$/i;

/** A number that orders grades on the scale (higher is better), or null when not on it. */
export function gradeRank(grade: string, scale: GradeScale): number | null {
	const g = normalise(grade);
	if (scale.kind === 'gcse') {
		if (!GCSE_PATTERN.test(g)) return null;
		if (g.toUpperCase() === 'U') return 0;
		const base = Number(g[0]) * 3;
		return g.endsWith('+') ? base + 1 : g.endsWith('-') ? base - 1 : base;
	}
	const index = scale.steps.findIndex((step) => step.trim().toLowerCase() === g.toLowerCase());
	return index === -1 ? null : index;
}

export function isOnScale(grade: string, scale: GradeScale): boolean {
	return gradeRank(grade, scale) !== null;
}

/** The grade as the scale spells it ("secure" → "Secure", "5 −" stays invalid). */
export function canonicalGrade(grade: string, scale: GradeScale): string | null {
	const rank = gradeRank(grade, scale);
	if (rank === null) return null;
	return scale.kind === 'gcse' ? normalise(grade).toUpperCase() : (scale.steps[rank] ?? null);
}

/** A plain-English reason the grade cannot be used, or null when it is fine. */
export function gradeError(grade: string, scale: GradeScale): string | null {
	const g = grade.trim();
	if (g === '') return 'Grade is missing';
	if (isOnScale(g, scale)) return null;
	if (scale.kind === 'gcse')
		return `"${g}" is not a GCSE grade: use 9 to 1 (or U), optionally with + or -, e.g. 5 or 5-`;
	return `"${g}" is not on the KS3 working-at scale: use one of ${scale.steps.join(', ')}`;
}

export type TargetComparison = 'above' | 'at' | 'below';

/** Working-at against target on one scale; null when either grade is not on it (cannot judge). */
export function compareToTarget(workingAt: string, target: string, scale: GradeScale): TargetComparison | null {
	const w = gradeRank(workingAt, scale);
	const t = gradeRank(target, scale);
	if (w === null || t === null) return null;
	return w > t ? 'above' : w === t ? 'at' : 'below';
}

export const COMPARISON_LABELS: Record<TargetComparison, string> = {
	above: 'Above target',
	at: 'On target',
	below: 'Below target'
};

/**
 * The target a pupil's working-at grade is judged against: the KS4 (GCSE) target in years 10–11,
 * the KS3 target (if the host school gave one) in years 9 and below.
 */
export function targetForYear(
	intake: { ks4Target: string; ks3Target?: string },
	yearGroup: number
): string | undefined {
	return yearGroup >= 10 ? intake.ks4Target : intake.ks3Target;
}
