import { z } from 'zod';
import { addDays, addYears, dayOfInstant, formatDay } from './calendar-days';

/**
 * The organisation's retention schedule (docs/retention.md): how long each group of records about
 * a pupil is kept, counted from what, before the data protection officer reviews and deletes it.
 * Defaults follow the IRMS Information Management Toolkit for Schools; the school may lengthen or
 * shorten a period in Organisation settings, never the basis it counts from.
 */
export const RETENTION_GROUPS = ['pupilFile', 'senFile', 'behaviour', 'attendance', 'safeguarding'] as const;
export type RetentionGroup = (typeof RETENTION_GROUPS)[number];

/** What a period counts from: the pupil's date of birth, the date of the entry itself, or nothing (never due). */
export type RetentionBasis = 'dateOfBirth' | 'entryDate' | 'never';

export interface RetentionRuleInfo {
	group: RetentionGroup;
	title: string;
	basis: RetentionBasis;
	defaultYears: number;
	/** The policy in plain English, shown beside the rule and printed on the report and certificate. */
	policy: string;
}

export const RETENTION_RULES: Record<RetentionGroup, RetentionRuleInfo> = {
	pupilFile: {
		group: 'pupilFile',
		title: 'Pupil file (educational record)',
		basis: 'dateOfBirth',
		defaultYears: 25,
		policy:
			'A pupil’s educational record — details, intake, baselines, plans, work, feedback, reports, calls and contacts — is kept until the pupil’s 25th birthday (the last school a pupil attends keeps the file), then deleted.'
	},
	senFile: {
		group: 'senFile',
		title: 'File of a pupil with SEN support or an EHCP',
		basis: 'dateOfBirth',
		defaultYears: 31,
		policy:
			'The whole file of a pupil with SEN support or an EHCP is kept until their 31st birthday: a claim about special educational provision can be brought for longer, so the file is kept 6 years past the usual 25.'
	},
	behaviour: {
		group: 'behaviour',
		title: 'Behaviour and exclusion records',
		basis: 'dateOfBirth',
		defaultYears: 25,
		policy:
			'Behaviour incidents, physical interventions and exclusion records are part of the pupil’s educational record and are kept until the pupil’s 25th birthday, then deleted.'
	},
	attendance: {
		group: 'attendance',
		title: 'Attendance register entries',
		basis: 'entryDate',
		defaultYears: 6,
		policy:
			'Each entry in the attendance register is kept for 6 years from the date the entry was made (the pupil registration regulations), then deleted.'
	},
	safeguarding: {
		group: 'safeguarding',
		title: 'Safeguarding records',
		basis: 'never',
		defaultYears: 0,
		policy:
			'Safeguarding concerns are held by the designated safeguarding lead apart from the pupil file, as Keeping Children Safe in Education asks, and are never deleted by Waymark: the lead reviews them by hand.'
	}
};

export const retentionRuleSchema = z.looseObject({
	group: z.enum(RETENTION_GROUPS, { error: 'Unknown record group' }),
	years: z
		.int({ error: 'Years must be a whole number' })
		.min(1, { error: 'Keep records at least 1 year' })
		.max(100, { error: 'At most 100 years' })
});

export type RetentionRule = z.infer<typeof retentionRuleSchema>;

/** How long before a record falls due it is listed for review. */
export const REVIEW_DAYS = 90;

/** The years in force for each group: the organisation's choice where it made one, else the default. */
export type RetentionSchedule = Record<RetentionGroup, number>;

export function retentionSchedule(rules: readonly RetentionRule[] | undefined): RetentionSchedule {
	const schedule = Object.fromEntries(
		RETENTION_GROUPS.map((g) => [g, RETENTION_RULES[g].defaultYears])
	) as RetentionSchedule;
	for (const r of rules ?? []) if (RETENTION_RULES[r.group].basis !== 'never') schedule[r.group] = r.years;
	return schedule;
}

/** "Date of birth + 25 years", "Date of the entry + 6 years", "Never deleted by Waymark". */
export function periodText(group: RetentionGroup, years: number): string {
	const basis = RETENTION_RULES[group].basis;
	if (basis === 'never') return 'Never deleted by Waymark (reviewed by hand)';
	return `${basis === 'dateOfBirth' ? 'Date of birth' : 'Date of the entry'} + ${years} year${years === 1 ? '' : 's'}`;
}

export interface RetentionRecord {
	_id: string;
	type: string;
	pupilId?: unknown;
	date?: unknown;
	createdAt?: unknown;
}

export interface RetentionPupil {
	_id: string;
	dateOfBirth: string;
	senStatus?: string;
	status?: string;
}

export type RetentionOutcome =
	| { status: 'kept'; group?: RetentionGroup; dueOn?: string; reason: string }
	| { status: 'review' | 'due'; group: RetentionGroup; dueOn: string; reason: string };

/** The group a record belongs to, or undefined for records that are not part of a pupil's file. */
export function retentionGroupOf(
	record: RetentionRecord,
	pupil: RetentionPupil | undefined
): RetentionGroup | undefined {
	if (record.type === 'attendance') return 'attendance';
	if (record.type === 'behaviour') return 'behaviour';
	if (record.type === 'pupil' || typeof record.pupilId === 'string')
		return pupil?.senStatus && pupil.senStatus !== 'none' ? 'senFile' : 'pupilFile';
	return undefined;
}

/**
 * Whether one record is kept, coming up for review (within REVIEW_DAYS of its date), or due for
 * deletion, with the reason in words. Nothing is ever due when the information to count from is
 * missing (no pupil record, no date), while the pupil is still on roll, or for safeguarding.
 * The pupil record itself goes last: it is due only when every date-of-birth rule of theirs is.
 */
export function retentionOutcome(
	record: RetentionRecord,
	pupil: RetentionPupil | undefined,
	schedule: RetentionSchedule,
	today: string
): RetentionOutcome {
	pupil ??= record.type === 'pupil' ? (record as unknown as RetentionPupil) : undefined;
	const group = retentionGroupOf(record, pupil);
	if (!group) return { status: 'kept', reason: 'Not part of a pupil’s file: kept.' };
	const rule = RETENTION_RULES[group];
	if (rule.basis === 'never') return { status: 'kept', group, reason: 'Never deleted by Waymark.' };
	if (record.type !== 'pupil' && rule.basis === 'dateOfBirth' && !pupil)
		return {
			status: 'kept',
			group,
			reason: 'The pupil’s record was not found, so there is no date of birth to count from: kept.'
		};
	if (pupil?.status === 'active') return { status: 'kept', group, reason: 'The pupil is still on roll: kept.' };

	let dueOn: string;
	let counted: string;
	if (rule.basis === 'entryDate') {
		const day = entryDay(record);
		if (!day) return { status: 'kept', group, reason: 'The entry has no date to count from: kept.' };
		dueOn = addYears(day, schedule[group]);
		counted = `Entry of ${formatDay(day)} + ${schedule[group]} years`;
	} else {
		const dob = pupil?.dateOfBirth;
		if (typeof dob !== 'string') return { status: 'kept', group, reason: 'No date of birth to count from: kept.' };
		const years = record.type === 'pupil' ? Math.max(schedule[group], schedule.behaviour) : schedule[group];
		dueOn = addYears(dob, years);
		counted = `Date of birth ${formatDay(dob)} + ${years} years`;
	}
	if (today >= dueOn)
		return { status: 'due', group, dueOn, reason: `${counted}: due for deletion since ${formatDay(dueOn)}.` };
	if (today >= addDays(dueOn, -REVIEW_DAYS))
		return {
			status: 'review',
			group,
			dueOn,
			reason: `${counted}: due for deletion on ${formatDay(dueOn)}; review now.`
		};
	return { status: 'kept', group, dueOn, reason: `${counted}: kept until ${formatDay(dueOn)}.` };
}

/** The day an entry was made: its own `date`, else the day it was saved. */
function entryDay(record: RetentionRecord): string | undefined {
	if (typeof record.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(record.date)) return record.date;
	if (typeof record.createdAt === 'string' && /^\d{4}-\d{2}-\d{2}/.test(record.createdAt))
		return dayOfInstant(record.createdAt);
	return undefined;
}

export interface RetentionItem {
	id: string;
	type: string;
	pupilId?: string;
	dueOn: string;
	reason: string;
}

export interface RetentionGroupReport {
	group: RetentionGroup;
	due: RetentionItem[];
	review: RetentionItem[];
	/** Pupils whose records are due (ids), for the count shown. */
	pupils: string[];
}

/** The data protection officer's report: records due or coming up for review, by rule (groups with none left out). */
export function retentionReport(
	records: readonly RetentionRecord[],
	pupils: ReadonlyMap<string, RetentionPupil>,
	schedule: RetentionSchedule,
	today: string
): RetentionGroupReport[] {
	const byGroup = new Map<RetentionGroup, RetentionGroupReport>();
	for (const record of records) {
		const pupilId =
			record.type === 'pupil' ? record._id : typeof record.pupilId === 'string' ? record.pupilId : undefined;
		const pupil =
			record.type === 'pupil' ? (record as unknown as RetentionPupil) : pupilId ? pupils.get(pupilId) : undefined;
		const outcome = retentionOutcome(record, pupil, schedule, today);
		if (outcome.status === 'kept') continue;
		const entry = byGroup.get(outcome.group) ?? { group: outcome.group, due: [], review: [], pupils: [] };
		byGroup.set(outcome.group, entry);
		entry[outcome.status].push({
			id: record._id,
			type: record.type,
			pupilId,
			dueOn: outcome.dueOn,
			reason: outcome.reason
		});
		if (outcome.status === 'due' && pupilId && !entry.pupils.includes(pupilId)) entry.pupils.push(pupilId);
	}
	return RETENTION_GROUPS.flatMap((g) => (byGroup.has(g) ? [byGroup.get(g)!] : []));
}
