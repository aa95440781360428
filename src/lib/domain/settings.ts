import { z } from 'zod';
import { timeOfDay } from './absence-notice';
import { docId, documentSchema, isoDate, optionalText, requiredText, type DocOf, type InputOf } from './common';
import { SUBJECT_CATEGORIES, subjectSlug } from './lesson';
import { retentionRuleSchema } from './retention';

/**
 * Organisation-wide settings: an added document type (the contract allows additions). There is
 * exactly one, with a fixed id, so two people changing settings offline meet as a CouchDB
 * conflict on one document (merged field by field) rather than as two rival documents.
 */
export const SETTINGS_ID = 'settings:00000000000000000000000000';

export const FEEDBACK_CYCLE_MODES = ['weeks', 'lessons'] as const;

export const halfTermSchema = z.looseObject({
	name: requiredText('Half-term name', 60),
	start: isoDate,
	end: isoDate
});

export const settingsSchema = documentSchema('settings', {
	/** The provision's name as printed on reports. */
	provisionName: requiredText('Provision name', 200),
	/** Added: address, phone and email printed on documents sent to host schools. */
	contactDetails: optionalText('Contact details', 500),
	/**
	 * R4.1 ("Every 3 weeks (10-15 lessons)"): a form is due after `weeks` school weeks or
	 * `lessons` lessons attended, whichever comes first; a form covering fewer than
	 * `fewestLessons` says so. `mode` is kept for older documents only: both limits always apply.
	 */
	feedbackCycle: z
		.looseObject({
			mode: z.enum(FEEDBACK_CYCLE_MODES, { error: 'Feedback cycle must be by weeks or by lessons' }).optional(),
			weeks: z.int().min(1, { error: 'Weeks must be at least 1' }).max(12, { error: 'Weeks must be at most 12' }),
			lessons: z.int().min(5, { error: 'Lessons must be at least 5' }).max(30, { error: 'Lessons must be at most 30' }),
			fewestLessons: z
				.int({ error: 'Fewest lessons must be a whole number' })
				.min(1, { error: 'Fewest lessons must be at least 1' })
				.max(30, { error: 'Fewest lessons must be at most 30' })
				.optional()
		})
		.refine((c) => (c.fewestLessons ?? 0) <= c.lessons, {
			error: 'The fewest lessons cannot be more than the lessons between forms',
			path: ['fewestLessons']
		}),
	/**
	 * Issue 19 item 4: feedback forms due per pupil (absent or `bySchool` false) or in batches by
	 * host school (feedback-batch.ts). A listed school without an entry batches on Fridays from the
	 * calendar's first half term.
	 */
	feedbackBatches: z
		.looseObject({
			bySchool: z.boolean({ error: 'Choose per pupil or by host school' }),
			schools: z
				.array(
					z.looseObject({
						hostSchoolId: docId('hostSchool'),
						weekday: z
							.int({ error: 'Batch day must be a weekday' })
							.min(1, { error: 'Batch day must be a weekday' })
							.max(5, { error: 'Batch day must be a weekday' }),
						firstDay: isoDate.optional()
					})
				)
				.max(200, { error: 'At most 200 host schools' })
				.optional()
		})
		.optional(),
	/** The subjects taught, each core, vocational or other: only vocational ones feed "Vocational progress". */
	subjects: z
		.array(
			z.looseObject({
				subject: subjectSlug,
				category: z.enum(SUBJECT_CATEGORIES, { error: 'Category must be core, vocational or other' })
			})
		)
		.max(60, { error: 'At most 60 subjects' })
		.optional(),
	/** Subjects that ask for exit tickets besides Maths, English and Science (absent: none). */
	exitTicketSubjects: z.array(subjectSlug).max(40, { error: 'At most 40 subjects' }).optional(),
	/** R4.4: days between parent/carer calls (policy: every 2–3 weeks). */
	parentCallIntervalDays: z
		.int()
		.min(7, { error: 'Call interval must be at least 7 days' })
		.max(42, { error: 'Call interval must be at most 42 days' }),
	/** R4.2: the school year's six half terms. */
	halfTerms: z.array(halfTermSchema).max(12, { error: 'At most 12 half terms' }),
	/** R1.2: the KS3 working-at scale, lowest first. */
	ks3Scale: z.array(requiredText('Scale step', 40)).min(2, { error: 'A scale needs at least two steps' }).max(12),
	/**
	 * R5.3: how long a "term" is for the rule that pupils in year 9 and below should spend no more
	 * than 2 terms here. Absent (the default): the school's own terms (pairs of half terms).
	 */
	onRollTermWeeks: z
		.int({ error: 'Term length must be a whole number of weeks' })
		.min(4, { error: 'Term length must be at least 4 weeks' })
		.max(26, { error: 'Term length must be at most 26 weeks' })
		.optional(),
	/** The time host schools must hear of today's absences by (`HH:MM`); absent means 10:00. */
	absenceNoticeBy: timeOfDay.optional(),
	/**
	 * The working window (working-window.ts): school years of dated records kept on each tablet,
	 * counting the current one (absent: 2). Older ones stay on the office server only.
	 */
	workingWindowYears: z
		.int({ error: 'School years kept on tablets must be a whole number' })
		.min(1, { error: 'Tablets must keep at least the current school year' })
		.max(10, { error: 'Tablets keep at most 10 school years' })
		.optional(),
	/** Days after a pupil's last day before their records leave the tablets (absent: 30). */
	leaverDaysOnTablet: z
		.int({ error: 'Days must be a whole number' })
		.min(0, { error: 'Days cannot be negative' })
		.max(365, { error: 'At most 365 days' })
		.optional(),
	/** The retention schedule's periods the organisation changed (retention.ts); absent groups keep the defaults. */
	retentionSchedule: z.array(retentionRuleSchema).max(20, { error: 'At most 20 retention rules' }).optional()
});

export type Settings = DocOf<typeof settingsSchema>;
export type SettingsInput = InputOf<Settings>;

/** English school year 2026–27 half terms (typical local-authority dates; editable in Settings). */
export const DEFAULT_HALF_TERMS: Settings['halfTerms'] = [
	{ name: '2026-27 Autumn 1', start: '2026-09-02', end: '2026-10-23' },
	{ name: '2026-27 Autumn 2', start: '2026-11-02', end: '2026-12-18' },
	{ name: '2026-27 Spring 1', start: '2027-01-05', end: '2027-02-12' },
	{ name: '2026-27 Spring 2', start: '2027-02-22', end: '2027-03-26' },
	{ name: '2026-27 Summer 1', start: '2027-04-12', end: '2027-05-28' },
	{ name: '2026-27 Summer 2', start: '2027-06-07', end: '2027-07-21' }
];

export const DEFAULT_SETTINGS: SettingsInput = {
	provisionName: 'Alternative Provision',
	feedbackCycle: { weeks: 3, lessons: 15, fewestLessons: 10 },
	parentCallIntervalDays: 14,
	halfTerms: DEFAULT_HALF_TERMS,
	ks3Scale: ['Emerging', 'Developing', 'Secure', 'Mastered']
};
