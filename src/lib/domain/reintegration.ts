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
	/** The day the placement broke down (older records: none; see `reintegrationDate`). */
	brokenDownDate: isoDate.optional(),
	notes: optionalText('Notes')
});

export type Reintegration = DocOf<typeof reintegrationSchema>;
export type ReintegrationInput = InputOf<Reintegration>;

/**
 * Issue 19 item 22: the day a reintegration counts on in figures over time — a completed one on the
 * day the pupil started at the destination school, a breakdown on the day it broke down (older
 * records without that date: the completed date, else the day the record was last changed — never
 * the target date, which is only a plan). Planned and in-progress ones count on no day.
 */
export function reintegrationDate(r: Reintegration): string | undefined {
	if (r.status === 'completed') return r.completedDate;
	if (r.status === 'broken-down') return r.brokenDownDate ?? r.completedDate ?? r.updatedAt.slice(0, 10);
	return undefined;
}
