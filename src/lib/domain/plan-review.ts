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

export const OBJECTIVE_RATINGS = ['not-started', 'working-towards', 'achieved'] as const;

export const RATING_LABELS: Record<(typeof OBJECTIVE_RATINGS)[number], string> = {
	'not-started': 'Not started',
	'working-towards': 'Working towards',
	achieved: 'Achieved'
};

export const ratingSchema = z.looseObject({
	objectiveId: requiredText('Objective id', 60),
	rating: z.enum(OBJECTIVE_RATINGS, { error: 'Rating must be not started, working towards or achieved' }),
	comment: optionalText('Comment', 2000)
});

/** R2.4: a review of a plan, each objective rated against its success criteria. */
export const planReviewSchema = documentSchema('planReview', {
	pupilId: pupilRef,
	planId: docId('plan'),
	date: isoDate,
	ratings: z.array(ratingSchema, { error: 'Ratings must be a list' }).max(30),
	summary: optionalText('Summary'),
	nextReviewDate: isoDate.optional()
});

export type PlanReview = DocOf<typeof planReviewSchema>;
export type PlanReviewInput = InputOf<PlanReview>;
