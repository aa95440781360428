import { z } from 'zod';
import { documentSchema, isoDate, optionalText, pupilRef, requiredText, type DocOf, type InputOf } from './common';

/**
 * A safeguarding concern written by any member of staff for the designated safeguarding lead
 * (Keeping Children Safe in Education). It is NOT an organisation record: it never enters the
 * organisation database or another tablet. It waits on the tablet that wrote it only until the
 * server has put it in the organisation's restricted safeguarding database (readable by the
 * `<org>:dsl` role alone), then leaves that tablet too.
 */
export const SAFEGUARDING_KINDS = [
	'disclosure',
	'physical-intervention',
	'contact-restriction',
	'injury',
	'other-concern'
] as const;
export type SafeguardingKind = (typeof SAFEGUARDING_KINDS)[number];

export const SAFEGUARDING_KIND_LABELS: Record<SafeguardingKind, string> = {
	disclosure: 'A disclosure by the pupil',
	'physical-intervention': 'Physical intervention (details)',
	'contact-restriction': 'Contact restriction (details)',
	injury: 'An injury or mark seen',
	'other-concern': 'Another concern about the pupil’s safety or welfare'
};

export const safeguardingNoteSchema = documentSchema('safeguardingNote', {
	pupilId: pupilRef,
	kind: z.enum(SAFEGUARDING_KINDS, { error: 'Choose what kind of concern this is' }),
	happenedOn: isoDate,
	/** What was seen or said, in the words used: the DSL reads exactly this. */
	account: requiredText('What happened', 20_000),
	actionTaken: optionalText('What you did', 5_000)
});

export type SafeguardingNote = DocOf<typeof safeguardingNoteSchema>;
export type SafeguardingNoteInput = InputOf<SafeguardingNote>;

/** The organisation's restricted database (a CouchDB database of its own: CouchDB has no per-document read rights). */
export function safeguardingDbName(org: string): string {
	return `safeguarding-${org}`;
}

/** The role that may read it: the designated safeguarding lead and deputies. */
export function safeguardingRole(org: string): string {
	return `${org}:dsl`;
}
