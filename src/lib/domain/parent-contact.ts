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

export const CONTACT_METHODS = ['phone', 'in-person', 'email', 'other'] as const;
export const CONTACT_OUTCOMES = ['spoke', 'no-answer', 'voicemail', 'message-left'] as const;

export const METHOD_LABELS: Record<(typeof CONTACT_METHODS)[number], string> = {
	phone: 'Phone',
	'in-person': 'In person',
	email: 'Email',
	other: 'Other'
};
export const OUTCOME_LABELS: Record<(typeof CONTACT_OUTCOMES)[number], string> = {
	spoke: 'Spoke to them',
	'no-answer': 'No answer',
	voicemail: 'Voicemail',
	'message-left': 'Message left'
};

/** R4.4: a call (or other contact) with a parent or carer. */
export const parentContactSchema = documentSchema('parentContact', {
	pupilId: pupilRef,
	date: isoDate,
	contactName: requiredText('Who was contacted', 200),
	method: z.enum(CONTACT_METHODS, { error: 'Method must be phone, in person, email or other' }),
	outcome: z.enum(CONTACT_OUTCOMES, { error: 'Outcome must be spoke, no answer, voicemail or message left' }),
	relationship: optionalText('Relationship', 100),
	discussed: optionalText('What was discussed'),
	/** The entry this one corrects (withdrawn when this was saved): its earlier version, kept as history. */
	supersedes: docId('parentContact').optional(),
	/** The parent or carer on the pupil record who was called (carer-contact.ts), when picked from there. */
	carerContactId: docId('carerContact').optional()
});

export type ParentContact = DocOf<typeof parentContactSchema>;
export type ParentContactInput = InputOf<ParentContact>;
