import { z } from 'zod';
import {
	docId,
	documentSchema,
	isoDate,
	isoDateTime,
	optionalText,
	pupilRef,
	requiredText,
	type DocOf,
	type InputOf
} from './common';
import { subjectSlug } from './lesson';

export const ATL_GRADES = [4, 3, 2, 1] as const;
export type AtlGrade = (typeof ATL_GRADES)[number];
export const ATL_LABELS: Record<AtlGrade, string> = {
	4: 'Exceptional',
	3: 'Good',
	2: 'Requires Improvement',
	1: 'Poor'
};

export const PROGRESS_INDICATORS = ['exceeding', 'meeting', 'working-towards'] as const;
export type ProgressIndicator = (typeof PROGRESS_INDICATORS)[number];
export const PROGRESS_LABELS: Record<ProgressIndicator, string> = {
	exceeding: 'Exceeding',
	meeting: 'Meeting',
	'working-towards': 'Working Towards'
};

export const PROGRESS_BASES = ['ks3-national-curriculum', 'ks4-target'] as const;
export type ProgressBasis = (typeof PROGRESS_BASES)[number];
export const BASIS_LABELS: Record<ProgressBasis, string> = {
	// The key stage is named in `basisDetail` (KS1–KS3 by year group); this label is the fallback for older forms.
	'ks3-national-curriculum': 'National Curriculum expectations',
	'ks4-target': 'The pupil’s own KS4 target'
};

export const DOCUMENT_STATUSES = ['draft', 'sent'] as const;

/** "ATL 3 — Good": the number is never shown without its meaning. */
export function atlText(atl: AtlGrade): string {
	return `${atl} — ${ATL_LABELS[atl]}`;
}

/**
 * The contract's rule: years 7–9 are judged against National Curriculum expectations, years
 * 10–11 against their own KS4 target. Younger pupils follow the National Curriculum too; post-16
 * pupils (12+) are still working to GCSE targets, so they are judged against the target.
 */
export function basisForYearGroup(yearGroup: number): ProgressBasis {
	return yearGroup >= 10 ? 'ks4-target' : 'ks3-national-curriculum';
}

export const topicSchema = z.looseObject({ subject: subjectSlug, topic: requiredText('Topic', 300) });

/** Added field: the exit-ticket results printed on the form, kept as sent. */
export const exitResultSchema = z.looseObject({
	date: isoDate,
	subject: subjectSlug,
	topic: requiredText('Topic', 300),
	result: requiredText('Result', 60)
});

/**
 * Added fields for the sent log (R4.1/R4.2): a sent document is never edited; changing it makes
 * a new document with `version` one higher and `supersedes` = the sent one's `_id`. Absent means
 * version 1.
 */
export function versionFields<T extends string>(type: T) {
	return {
		version: z
			.int({ error: 'Version must be a whole number' })
			.min(1, { error: 'Version must be at least 1' })
			.optional(),
		supersedes: docId(type).optional()
	};
}

/** R4.1: the 3-weekly feedback form. */
export const feedbackFormSchema = documentSchema('feedbackForm', {
	pupilId: pupilRef,
	periodStart: isoDate,
	periodEnd: isoDate,
	lessonsAttended: z
		.int({ error: 'Lessons attended must be a whole number' })
		.min(0, { error: 'Lessons attended cannot be negative' }),
	topics: z.array(topicSchema, { error: 'Topics must be a list' }).max(200),
	atl: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: 'ATL must be 1, 2, 3 or 4' }),
	progress: z.enum(PROGRESS_INDICATORS, { error: 'Progress must be exceeding, meeting or working towards' }),
	basis: z.enum(PROGRESS_BASES, { error: 'Basis must be ks3-national-curriculum or ks4-target' }),
	status: z.enum(DOCUMENT_STATUSES, { error: 'Status must be draft or sent' }),
	comment: optionalText('Comment'),
	sentAt: isoDateTime.optional(),
	sentTo: optionalText('Sent to', 300),
	exitResults: z.array(exitResultSchema, { error: 'Exit-ticket results must be a list' }).max(300).optional(),
	/** Added: what the progress judgement is made against, e.g. "KS4 target: Maths 5, English 4". */
	basisDetail: optionalText('Basis detail', 300),
	/** Added: the pupil's attendance over the period, as the app shows it ("92% (23 of 25 sessions)"). */
	attendance: optionalText('Attendance', 120),
	/** Added: who wrote the form, as the host school should see it ("Ms A. Khan"). */
	authorName: optionalText('Your name', 120),
	/** Added: their role ("Maths and English teacher"). */
	authorRole: optionalText('Your role', 120),
	...versionFields('feedbackForm')
}).refine((f) => f.periodStart <= f.periodEnd, { error: 'The period must start before it ends', path: ['periodEnd'] });

export type FeedbackForm = DocOf<typeof feedbackFormSchema>;
export type FeedbackFormInput = InputOf<FeedbackForm>;
