import { z } from 'zod';
import {
	documentSchema,
	isoDate,
	isoDateTime,
	optionalText,
	pupilRef,
	requiredText,
	type DocOf,
	type InputOf
} from './common';
import { DOCUMENT_STATUSES, versionFields } from './feedback-form';

/** R4.2: the half-termly progress report to the host school. */
export const progressReportSchema = documentSchema('progressReport', {
	pupilId: pupilRef,
	halfTerm: requiredText('Half term', 60),
	periodStart: isoDate,
	periodEnd: isoDate,
	workCovered: requiredText('Work covered'),
	attitudeEngagement: requiredText('Attitude and engagement'),
	academicProgress: requiredText('Academic progress'),
	emotionalProgress: requiredText('Emotional progress'),
	vocationalProgress: requiredText('Vocational progress'),
	status: z.enum(DOCUMENT_STATUSES, { error: 'Status must be draft or sent' }),
	attendancePercent: z
		.number({ error: 'Attendance must be a number' })
		.min(0, { error: 'Attendance must be from 0 to 100' })
		.max(100, { error: 'Attendance must be from 0 to 100' })
		.optional(),
	sentAt: isoDateTime.optional(),
	sentTo: optionalText('Sent to', 300),
	/**
	 * Added: what the records said when the draft was last compiled from them, so the editor can
	 * show what changed since and refresh without losing the teacher's text (report-refresh.ts).
	 */
	compiled: z
		.looseObject({
			compiledAt: isoDateTime,
			workCovered: z.string().max(20_000),
			attitudeEngagement: z.string().max(20_000),
			academicProgress: z.string().max(20_000),
			emotionalProgress: z.string().max(20_000),
			vocationalProgress: z.string().max(20_000),
			attendancePercent: z.number().min(0).max(100).optional()
		})
		.optional(),
	...versionFields('progressReport')
}).refine((r) => r.periodStart <= r.periodEnd, { error: 'The period must start before it ends', path: ['periodEnd'] });

export type ProgressReport = DocOf<typeof progressReportSchema>;
export type ProgressReportInput = InputOf<ProgressReport>;
