import { z } from 'zod';
import { formatDay } from './calendar-days';
import { docId, documentSchema, isoDate, pupilRef, requiredText, username, type DocOf, type InputOf } from './common';

/** The subjects the policy names; any other lower-case slug is allowed too. */
export const CORE_SUBJECTS = ['maths', 'english', 'science'] as const;
export const EXIT_TICKET_SUBJECTS: readonly string[] = CORE_SUBJECTS;

/**
 * ARR: "Students will regularly complete 'Exit Tickets' in their lessons for Maths, English and
 * Science". Those subjects ask for exit tickets, plus any the organisation adds in settings.
 */
export function asksForExitTickets(subject: string, extraSubjects: readonly string[] = []): boolean {
	return EXIT_TICKET_SUBJECTS.includes(subject) || extraSubjects.includes(subject);
}

/** How the organisation files a subject: only vocational subjects feed "Vocational progress". */
export const SUBJECT_CATEGORIES = ['core', 'vocational', 'other'] as const;
export type SubjectCategory = (typeof SUBJECT_CATEGORIES)[number];
export interface SubjectSetting {
	subject: string;
	category: SubjectCategory;
}

export const subjectSlug = z.string({ error: 'Subject is required' }).regex(/^[a-z0-9][a-z0-9-]{0,39}$/, {
	error: 'Subject must be lower-case letters, digits or dashes (e.g. maths, art, construction)'
});

export function subjectLabel(subject: string): string {
	return subject
		.split('-')
		.map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
		.join(' ');
}

/** How a lesson is named on its page, in its tab title and on Today: "Maths: Fractions". */
export function lessonTitle(lesson: { subject: string; topic: string }): string {
	return `${subjectLabel(lesson.subject)}: ${lesson.topic}`;
}

/**
 * The browser tab's and screen reader's name for a lesson's page, "Maths: Fractions, 7 Oct 2026":
 * the same topic is often taught on several days, and the day tells them apart.
 */
export function lessonPageTitle(lesson: { subject: string; topic: string; date: string }): string {
	return `${lessonTitle(lesson)}, ${formatDay(lesson.date)}`;
}

/** R3.1: a lesson and its register. */
export const lessonSchema = documentSchema('lesson', {
	date: isoDate,
	subject: subjectSlug,
	topic: requiredText('Topic', 300),
	teacher: username,
	pupilIds: z
		.array(pupilRef, { error: 'The group must be a list of pupils' })
		.max(60, { error: 'A group can have at most 60 pupils' }),
	present: z.array(pupilRef, { error: 'The register must be a list of pupils' }),
	// Added field (the contract allows additions): the exit-ticket maximum, set once per lesson.
	// Absent means the lesson is marked with outcomes (secure / developing / not yet).
	maxScore: z
		.int({ error: 'Maximum must be a whole number' })
		.min(1, { error: 'Maximum must be at least 1' })
		.max(1000, { error: 'Maximum must be 1000 or less' })
		.optional(),
	/** The timetabled lesson this one was started from (timetable.ts), so Today stops offering it. */
	timetableSlotId: docId('timetableSlot').optional()
}).refine((l) => l.present.every((id) => l.pupilIds.includes(id)), {
	error: 'Everyone marked present must be in the lesson’s group',
	path: ['present']
});

export type Lesson = DocOf<typeof lessonSchema>;
export type LessonInput = InputOf<Lesson>;
