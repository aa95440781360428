import { z } from 'zod';
import { docId, documentSchema, pupilRef, requiredText, type DocOf, type InputOf } from './common';
import { pageRegionSchema } from './page-region';

export const PENS = ['red', 'purple'] as const;
export const NOTE_KINDS = ['feedback', 'self-assessment', 'response', 'redraft'] as const;
export type Pen = (typeof PENS)[number];
export type NoteKind = (typeof NOTE_KINDS)[number];

export const PEN_LABELS: Record<Pen, string> = { red: 'Red pen (staff)', purple: 'Purple pen (pupil)' };
export const NOTE_KIND_LABELS: Record<NoteKind, string> = {
	feedback: 'Feedback',
	'self-assessment': 'Self-assessment',
	response: 'Response to feedback',
	redraft: 'Redraft'
};

/** R3.3: red pen = staff feedback; purple pen = the pupil's own words. */
export const markingNoteSchema = documentSchema('markingNote', {
	pupilId: pupilRef,
	pen: z.enum(PENS, { error: 'Pen must be red or purple' }),
	kind: z.enum(NOTE_KINDS, { error: 'Kind must be feedback, self-assessment, response or redraft' }),
	text: requiredText('Note', 10_000),
	workTitle: requiredText('Title of the work', 300),
	replyTo: docId('markingNote').optional(),
	lessonId: docId('lesson').optional(),
	exitTicketId: docId('exitTicket').optional(),
	hostWorkId: docId('hostWork').optional(),
	/** The part of a photographed page of this work the note is about ("this working here"). */
	region: pageRegionSchema.optional()
});

export type MarkingNote = DocOf<typeof markingNoteSchema>;
export type MarkingNoteInput = InputOf<MarkingNote>;
