import { z } from 'zod';
import { docId, documentSchema, isoDate, pupilRef, requiredText, type DocOf, type InputOf } from './common';
import { subjectSlug } from './lesson';

export const HOST_WORK_STATUSES = ['set', 'in-progress', 'completed', 'returned'] as const;
export const HOST_WORK_STATUS_LABELS: Record<(typeof HOST_WORK_STATUSES)[number], string> = {
	set: 'Set',
	'in-progress': 'In progress',
	completed: 'Completed',
	returned: 'Returned to school'
};

/** R1.4: work a host school sends for the pupil to complete. */
export const hostWorkSchema = documentSchema('hostWork', {
	pupilId: pupilRef,
	subject: subjectSlug,
	description: requiredText('Description', 5000),
	receivedDate: isoDate,
	status: z.enum(HOST_WORK_STATUSES, { error: 'Status must be set, in progress, completed or returned' }),
	dueDate: isoDate.optional(),
	returnedDate: isoDate.optional(),
	/** The entry this one corrects (withdrawn when this was saved): its earlier version, kept as history. */
	supersedes: docId('hostWork').optional()
});

export type HostWork = DocOf<typeof hostWorkSchema>;
export type HostWorkInput = InputOf<HostWork>;
