import { z } from 'zod';
import { documentSchema, isoDate, optionalText, pupilRef, requiredText, type DocOf, type InputOf } from './common';
import { subjectSlug } from './lesson';

export const ASSESSMENT_KINDS = ['standardised', 'scheme', 'teacher'] as const;
export const ASSESSMENT_KIND_LABELS: Record<(typeof ASSESSMENT_KINDS)[number], string> = {
	standardised: 'Standardised test',
	scheme: 'Scheme-of-work test',
	teacher: 'Teacher assessment'
};

/**
 * The subjects an assessment can be in: Maths, English and Science, and emotional well-being, so
 * well-being can be re-measured against its baseline (issue 19 item 16; ARR: "Baseline Assessment
 * … in their Literacy skills, Numeracy skills and Emotional Well-being").
 */
export const ASSESSMENT_SUBJECTS = ['maths', 'english', 'science', 'wellbeing'] as const;
export const ASSESSMENT_SUBJECT_LABELS: Record<(typeof ASSESSMENT_SUBJECTS)[number], string> = {
	maths: 'Maths',
	english: 'English',
	science: 'Science',
	wellbeing: 'Emotional well-being'
};

/** R3.4: tests beyond the baseline. */
export const assessmentSchema = documentSchema('assessment', {
	pupilId: pupilRef,
	kind: z.enum(ASSESSMENT_KINDS, { error: 'Kind must be standardised, scheme or teacher' }),
	subject: subjectSlug,
	name: requiredText('Name of the assessment', 200),
	date: isoDate,
	rawScore: z
		.number({ error: 'Raw score must be a number' })
		.min(0, { error: 'Raw score cannot be negative' })
		.optional(),
	maxScore: z.number({ error: 'Maximum must be a number' }).min(0, { error: 'Maximum cannot be negative' }).optional(),
	standardisedScore: z
		.int({ error: 'Standardised score must be a whole number' })
		.min(40, { error: 'Standardised score must be from 40 to 160' })
		.max(160, { error: 'Standardised score must be from 40 to 160' })
		.optional(),
	readingAgeMonths: z
		.int({ error: 'Reading age must be a whole number of months' })
		.min(0, { error: 'Reading age cannot be negative' })
		.max(300, { error: 'Reading age is too large' })
		.optional(),
	grade: optionalText('Grade', 40),
	notes: optionalText('Notes')
}).refine((a) => a.rawScore === undefined || a.maxScore === undefined || a.rawScore <= a.maxScore, {
	error: 'Raw score cannot be more than the maximum',
	path: ['rawScore']
});

export type Assessment = DocOf<typeof assessmentSchema>;
export type AssessmentInput = InputOf<Assessment>;
