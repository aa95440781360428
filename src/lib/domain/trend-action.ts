import { z } from 'zod';
import { documentSchema, isoDate, optionalText, pupilRef, requiredText, type DocOf, type InputOf } from './common';

/** The trends a leader can act on: the figures on the Trends page. */
export const TREND_TOPICS = [
	'progress',
	'attainment',
	'atl',
	'attendance',
	'behaviour',
	'reintegration',
	'other'
] as const;
export type TrendTopic = (typeof TREND_TOPICS)[number];

export const TREND_TOPIC_LABELS: Record<TrendTopic, string> = {
	progress: 'Progress (meeting targets)',
	attainment: 'Attainment',
	atl: 'Attitude to learning',
	attendance: 'Attendance',
	behaviour: 'Behaviour',
	reintegration: 'Reintegration',
	other: 'Something else'
};

/** The policy asks leaders to support positive trends and address negative ones. */
export const TREND_DIRECTIONS = ['positive', 'negative'] as const;
export const DIRECTION_LABELS: Record<(typeof TREND_DIRECTIONS)[number], string> = {
	positive: 'Positive: support it',
	negative: 'Negative: address it'
};

/**
 * "What we are doing about it": a leader's action on a trend (attendance falling in Year 10) or on
 * one pupil. Append-only in spirit: a changed plan is a new note; a finished one is archived.
 */
export const trendActionSchema = documentSchema('trendAction', {
	about: z.enum(['trend', 'pupil'], { error: 'Say whether this is about a trend or a pupil' }),
	topic: z.enum(TREND_TOPICS, { error: 'Choose which trend this is about' }),
	direction: z.enum(TREND_DIRECTIONS, { error: 'Say whether the trend is positive or negative' }),
	/** Only when `about` is "pupil". */
	pupilId: pupilRef.optional(),
	/** What the figures show, in a line ("Year 10 attendance down to 78% this half term"). */
	observed: optionalText('What the trend shows', 500),
	action: requiredText('What we are doing about it', 2000),
	/** When the leader will look at it again. */
	reviewDate: isoDate.optional()
}).superRefine((a, ctx) => {
	if (a.about === 'pupil' && !a.pupilId)
		ctx.addIssue({ code: 'custom', path: ['pupilId'], message: 'Choose the pupil this is about' });
});

export type TrendAction = DocOf<typeof trendActionSchema>;
export type TrendActionInput = InputOf<TrendAction>;
