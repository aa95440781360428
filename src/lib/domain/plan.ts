import { z } from 'zod';
import {
	docId,
	documentSchema,
	isoDate,
	optionalText,
	pupilRef,
	requiredText,
	type DocOf,
	type InputOf
} from './common';

export const OBJECTIVE_AREAS = [
	'literacy',
	'numeracy',
	'wellbeing',
	'behaviour',
	'attendance',
	'vocational',
	'other'
] as const;

export const objectiveSchema = z.looseObject({
	id: requiredText('Objective id', 60),
	area: z.enum(OBJECTIVE_AREAS, {
		error: 'Area must be literacy, numeracy, wellbeing, behaviour, attendance, vocational or other'
	}),
	description: requiredText('Objective', 2000),
	successCriteria: requiredText('Success criteria', 2000),
	targetDate: isoDate
});

/** R2.3: a pupil's personalised plan. */
export const planSchema = documentSchema('plan', {
	pupilId: pupilRef,
	objectives: z
		.array(objectiveSchema, { error: 'Objectives must be a list' })
		.min(1, { error: 'A plan needs at least one objective' })
		.max(30, { error: 'At most 30 objectives' }),
	startDate: isoDate,
	reviewDate: isoDate,
	assessmentArrangements: optionalText('Assessment arrangements'),
	ehcpLink: optionalText('EHCP link', 2000),
	iepLink: optionalText('IEP link', 2000),
	baselineIds: z.array(docId('baseline')).optional()
});

export type Objective = z.infer<typeof objectiveSchema>;
export type Plan = DocOf<typeof planSchema>;
export type PlanInput = InputOf<Plan>;
