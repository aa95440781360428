import { dayOfInstant } from './calendar-days';
import { z } from 'zod';
import { LEAVER_DESTINATIONS } from './leavers';
import { docId, documentSchema, type DocOf, isoDate, optionalText, requiredText, type InputOf } from './common';

export const SEN_STATUSES = ['none', 'sen-support', 'ehcp'] as const;
export const PUPIL_STATUSES = ['active', 'reintegrated', 'left'] as const;

export const SEN_LABELS: Record<(typeof SEN_STATUSES)[number], string> = {
	none: 'None',
	'sen-support': 'SEN support',
	ehcp: 'EHCP'
};

/** A year's attendance at the previous school, as its Common Transfer File summed it. */
const transferAttendanceSchema = z.looseObject({
	year: z.string().max(20),
	sessionsPossible: z.int().min(0).max(1000),
	sessionsAuthorised: z.int().min(0).max(1000).optional(),
	sessionsUnauthorised: z.int().min(0).max(1000).optional()
});

/** An assessment result from the Common Transfer File (a KS2 test, a teacher assessment…). */
const transferAssessmentSchema = z.looseObject({
	stage: z.string().max(40),
	subject: z.string().max(100),
	component: z.string().max(100).optional(),
	method: z.string().max(40).optional(),
	result: z.string().max(40),
	year: z.string().max(20).optional()
});

export const transferRecordSchema = z.looseObject({
	/** CTF version the file said it was, e.g. "23.0". */
	ctfVersion: z.string().max(20),
	sourceSchool: z.string().max(200).optional(),
	receivedOn: isoDate,
	attendance: z.array(transferAttendanceSchema).max(20),
	assessments: z.array(transferAssessmentSchema).max(500)
});

export const pupilSchema = documentSchema('pupil', {
	givenName: requiredText('First name', 100),
	familyName: requiredText('Surname', 100),
	dateOfBirth: isoDate,
	yearGroup: z
		.int({ error: 'Year group must be a whole number from 1 to 14' })
		.min(1, { error: 'Year group must be from 1 to 14' })
		.max(14, { error: 'Year group must be from 1 to 14' }),
	hostSchool: requiredText('Host school', 200),
	/** The school on the organisation's list (host-school.ts) `hostSchool` names, once chosen from it. */
	hostSchoolId: docId('hostSchool').optional(),
	startDate: isoDate,
	senStatus: z.enum(SEN_STATUSES, { error: 'SEN status must be none, SEN support or EHCP' }),
	status: z.enum(PUPIL_STATUSES, { error: 'Status must be active, reintegrated or left' }),
	endDate: isoDate.optional(),
	/** Where a pupil went on leaving (leavers.ts); `endDate` is the date. */
	destination: z
		.enum(LEAVER_DESTINATIONS, {
			error: 'Destination must be the host school, another school, a special school, post-16, NEET, moved away or other'
		})
		.optional(),
	leavingReason: optionalText('Reason for leaving', 2000),
	upn: z
		.string()
		.regex(/^[A-Z]\d{11}[0-9A-Z]$/, { error: 'UPN must be 13 characters: a letter, 11 digits, then a digit or letter' })
		.optional(),
	ehcpSummary: optionalText('EHCP summary'),
	iepSummary: optionalText('IEP summary'),
	ehcpReviewDate: isoDate.optional(),
	/** The staff member (their Waymark user name) who looks after this pupil: calls, forms, plans. */
	keyWorker: optionalText('Key worker', 100),
	/** What the previous school's Common Transfer File said (ctf-import.ts): kept as it came. */
	transferRecord: transferRecordSchema.optional(),
	/**
	 * The school year `yearGroup` is for, by its first calendar year (2026 for 2026-27). Set by the
	 * September rollover (year-rollover.ts); older pupils without it: the school year they were
	 * entered in.
	 */
	yearGroupSchoolYear: z.int({ error: 'School year must be a whole number' }).min(2000).max(2100).optional()
});

export type Pupil = DocOf<typeof pupilSchema>;
export type PupilInput = InputOf<Pupil>;

export type KeyStage = 'KS1' | 'KS2' | 'KS3' | 'KS4' | 'KS5';

/** English key stages: years 1–2 KS1, 3–6 KS2, 7–9 KS3, 10–11 KS4, 12–14 post-16. */
export function keyStageOf(yearGroup: number): KeyStage {
	if (yearGroup <= 2) return 'KS1';
	if (yearGroup <= 6) return 'KS2';
	if (yearGroup <= 9) return 'KS3';
	if (yearGroup <= 11) return 'KS4';
	return 'KS5';
}

export function fullName(p: Pick<Pupil, 'givenName' | 'familyName'>): string {
	return `${p.givenName} ${p.familyName}`;
}

/** Sort key used by every list of pupils: surname, then first name. */
export function comparePupils(a: Pupil, b: Pupil): number {
	return a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName);
}

/** The first calendar year of the school year (1 September to 31 August) a date is in: 2026 for 10 March 2027 → 2026. */
export function schoolYearStart(date: string): number {
	return Number(date.slice(0, 4)) - (Number(date.slice(5, 7)) >= 9 ? 0 : 1);
}

/** The school year the pupil's stored year group is for (see `yearGroupSchoolYear`). */
export function yearGroupSchoolYear(pupil: Pick<Pupil, 'yearGroupSchoolYear' | 'createdAt'>): number {
	return pupil.yearGroupSchoolYear ?? schoolYearStart(dayOfInstant(pupil.createdAt));
}

/**
 * The pupil's year group on a date: one year higher or lower for every 1 September between the
 * school year the stored year group is for and the date. Records keep the year group they were
 * made in this way, before and after the September rollover.
 */
export function yearGroupOn(
	pupil: Pick<Pupil, 'yearGroup' | 'yearGroupSchoolYear' | 'createdAt'>,
	date: string
): number {
	return pupil.yearGroup + (schoolYearStart(date) - yearGroupSchoolYear(pupil));
}
