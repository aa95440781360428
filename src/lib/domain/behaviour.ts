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

export const POLARITIES = ['positive', 'negative'] as const;

/** R5.1: one entry in the behaviour log. */
export const behaviourSchema = documentSchema('behaviour', {
	pupilId: pupilRef,
	date: isoDate,
	polarity: z.enum(POLARITIES, { error: 'Entry must be positive or negative' }),
	category: requiredText('Category', 100),
	description: requiredText('Description', 5000),
	actionTaken: optionalText('Action taken', 5000),
	lessonId: docId('lesson').optional(),
	/** The entry this one corrects (withdrawn when this was saved): its earlier version, kept as history. */
	supersedes: docId('behaviour').optional()
});

export type Behaviour = DocOf<typeof behaviourSchema>;
export type BehaviourInput = InputOf<Behaviour>;
