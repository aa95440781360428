import { z } from 'zod';
import { documentSchema, optionalText, pupilRef, requiredText, type DocOf, type InputOf } from './common';

export const PREFERRED_CONTACT = ['phone', 'text', 'email'] as const;
export const PREFERRED_LABELS: Record<(typeof PREFERRED_CONTACT)[number], string> = {
	phone: 'Phone call',
	text: 'Text message',
	email: 'Email'
};

/** UK and international numbers as people write them: digits, spaces, +, brackets and dashes. */
export const phoneNumber = z
	.string()
	.trim()
	.regex(/^\+?[\d\s()-]{6,24}$/, {
		error: 'Phone number must be digits (spaces, + and brackets allowed), e.g. 07700 900123'
	});

export const phoneSchema = z.looseObject({
	/** "Mobile", "Work", "Home". */
	label: optionalText('Phone label', 40),
	number: phoneNumber
});

/**
 * A parent or carer on the pupil record (who the provision may contact, and how). Separate from
 * `parentContact`, which logs each call made. `restriction` and `doNotContact` are shown wherever
 * a contact is picked: a court order or a social worker's instruction must never be missed.
 */
export const carerContactSchema = documentSchema('carerContact', {
	pupilId: pupilRef,
	name: requiredText('Name', 200),
	relationship: requiredText('Relationship', 100),
	phones: z.array(phoneSchema).max(4, { error: 'At most 4 phone numbers' }).optional(),
	email: z.email({ error: 'Email must be an address like name@example.org' }).optional(),
	parentalResponsibility: z.boolean({ error: 'Say whether they have parental responsibility' }),
	livesWithPupil: z.boolean({ error: 'Say whether the pupil lives with them' }),
	preferredContact: z.enum(PREFERRED_CONTACT, { error: 'Preferred contact must be phone, text or email' }).optional(),
	/** Nobody at the provision contacts this person (a court order, a safeguarding instruction). */
	doNotContact: z.boolean().optional(),
	/** What staff must know before contacting them, e.g. "Court order: no information about school". */
	restriction: optionalText('Contact restriction', 1000)
});

export type CarerContact = DocOf<typeof carerContactSchema>;
export type CarerContactInput = InputOf<CarerContact>;

/** The warning to show beside a contact wherever one is picked, or null when there is none. */
export function restrictionText(c: Pick<CarerContact, 'doNotContact' | 'restriction'>): string | null {
	const note = c.restriction?.trim();
	if (c.doNotContact) return note ? `Do not contact. ${note}` : 'Do not contact.';
	return note || null;
}

/** The number to call: the first one given (people list their best number first). */
export function firstPhone(c: Pick<CarerContact, 'phones'>): string | null {
	return c.phones?.[0]?.number ?? null;
}

/**
 * The order contacts are offered for a call: those who may be contacted first, people with
 * parental responsibility before others, then those the pupil lives with, then by name.
 */
export function callOrder<
	C extends Pick<CarerContact, 'name' | 'doNotContact' | 'parentalResponsibility' | 'livesWithPupil'>
>(contacts: readonly C[]): C[] {
	const rank = (c: C) => (c.doNotContact ? 4 : 0) + (c.parentalResponsibility ? 0 : 2) + (c.livesWithPupil ? 0 : 1);
	return [...contacts].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}
