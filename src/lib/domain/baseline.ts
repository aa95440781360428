import { z } from 'zod';
import { documentSchema, isoDate, optionalText, pupilRef, requiredText, type DocOf, type InputOf } from './common';

export const BASELINE_DOMAINS = ['literacy', 'numeracy', 'wellbeing'] as const;
export type BaselineDomain = (typeof BASELINE_DOMAINS)[number];

export const DOMAIN_LABELS: Record<BaselineDomain, string> = {
	literacy: 'Literacy',
	numeracy: 'Numeracy',
	wellbeing: 'Emotional well-being'
};

const score = (what: string) =>
	z.number({ error: `${what} must be a number` }).min(0, { error: `${what} cannot be negative` });

/** R2.1: the assessment a pupil sits on entry, in one domain. */
export const baselineSchema = documentSchema('baseline', {
	pupilId: pupilRef,
	domain: z.enum(BASELINE_DOMAINS, { error: 'Domain must be literacy, numeracy or wellbeing' }),
	date: isoDate,
	instrument: requiredText('Instrument', 200),
	rawScore: score('Raw score').optional(),
	maxScore: score('Maximum score').optional(),
	band: optionalText('Band', 100),
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
	notes: optionalText('Notes'),
	pathway: optionalText('Learning pathway')
}).refine((b) => b.rawScore === undefined || b.maxScore === undefined || b.rawScore <= b.maxScore, {
	error: 'Raw score cannot be more than the maximum',
	path: ['rawScore']
});

export type Baseline = DocOf<typeof baselineSchema>;
export type BaselineInput = InputOf<Baseline>;
