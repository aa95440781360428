import { z } from 'zod';
import { documentSchema, isoDate, optionalText, pupilRef, requiredText, type DocOf, type InputOf } from './common';
import { subjectSlug } from './lesson';

export const sampleSchema = z.looseObject({
	pupilId: pupilRef,
	workTitle: requiredText('Piece of work', 300),
	internalJudgement: requiredText('Internal judgement', 200),
	moderatedJudgement: requiredText('Moderated judgement', 200),
	agreed: z.boolean({ error: 'Agreed must be yes or no' })
});

/** R5.2: an external moderation meeting, a record inspectors can be shown. */
export const moderationSchema = documentSchema('moderation', {
	date: isoDate,
	moderatorName: requiredText('Moderator', 200),
	moderatorOrganisation: requiredText('Moderator’s school or organisation', 200),
	subject: subjectSlug,
	samples: z
		.array(sampleSchema, { error: 'Samples must be a list' })
		.min(1, { error: 'Record at least one sample' })
		.max(100),
	outcome: requiredText('Outcome'),
	actions: optionalText('Actions')
});

export type ModerationSample = z.infer<typeof sampleSchema>;
export type Moderation = DocOf<typeof moderationSchema>;
export type ModerationInput = InputOf<Moderation>;
