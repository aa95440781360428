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
import { subjectSlug } from './lesson';

export const EXIT_OUTCOMES = ['secure', 'developing', 'not-yet'] as const;
export type ExitOutcome = (typeof EXIT_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<ExitOutcome, string> = {
	secure: 'Secure',
	developing: 'Developing',
	'not-yet': 'Not yet'
};

/** R3.2: one pupil's mark for one lesson: a score out of a maximum, or an outcome. */
export const exitTicketSchema = documentSchema('exitTicket', {
	pupilId: pupilRef,
	lessonId: docId('lesson'),
	date: isoDate,
	subject: subjectSlug,
	topic: requiredText('Topic', 300),
	/** Whole or half marks (14.5 of 20); older whole-number scores are multiples of 0.5 too. */
	score: z
		.number({ error: 'Score must be a number' })
		.multipleOf(0.5, { error: 'Score must be a whole or half mark (like 14.5)' })
		.min(0, { error: 'Score cannot be negative' })
		.optional(),
	maxScore: z
		.int({ error: 'Maximum must be a whole number' })
		.min(1, { error: 'Maximum must be at least 1' })
		.optional(),
	outcome: z.enum(EXIT_OUTCOMES, { error: 'Outcome must be secure, developing or not yet' }).optional(),
	comment: optionalText('Comment', 2000),
	/**
	 * Why a withdrawn ticket was withdrawn. "absent": its pupil was marked absent after the mark was
	 * given; the ticket comes back (un-withdrawn) if they are marked present again.
	 */
	withdrawnFor: z.enum(['absent'], { error: 'withdrawnFor must be "absent"' }).optional()
}).superRefine((t, ctx) => {
	const hasScore = t.score !== undefined || t.maxScore !== undefined;
	if (hasScore && (t.score === undefined || t.maxScore === undefined)) {
		ctx.addIssue({
			code: 'custom',
			path: [t.score === undefined ? 'score' : 'maxScore'],
			message: 'A score needs both the mark and the maximum'
		});
	} else if (hasScore && t.score! > t.maxScore!) {
		ctx.addIssue({ code: 'custom', path: ['score'], message: 'Score cannot be more than the maximum' });
	}
	if (hasScore && t.outcome !== undefined) {
		ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Give either a score or an outcome, not both' });
	}
	if (!hasScore && t.outcome === undefined) {
		ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Give a score or an outcome' });
	}
});

export type ExitTicket = DocOf<typeof exitTicketSchema>;
export type ExitTicketInput = InputOf<ExitTicket>;
