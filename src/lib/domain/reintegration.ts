import { z } from 'zod';
import { documentSchema, isoDate, optionalText, pupilRef, type DocOf, type InputOf } from './common';

export const REINTEGRATION_STATUSES = ['planned', 'in-progress', 'completed', 'broken-down'] as const;
export const REINTEGRATION_LABELS: Record<(typeof REINTEGRATION_STATUSES)[number], string> = {
	planned: 'Planned',
	'in-progress': 'In progress',
	completed: 'Completed',
	'broken-down': 'Broken down'
};

/** R5.3: a pupil's return to mainstream education. */
export const reintegrationSchema = documentSchema('reintegration', {
	pupilId: pupilRef,
	status: z.enum(REINTEGRATION_STATUSES, { error: 'Status must be planned, in progress, completed or broken down' }),
	destinationSchool: optionalText('Destination school', 200),
	targetDate: isoDate.optional(),
	completedDate: isoDate.optional(),
	notes: optionalText('Notes')
});

export type Reintegration = DocOf<typeof reintegrationSchema>;
export type ReintegrationInput = InputOf<Reintegration>;
