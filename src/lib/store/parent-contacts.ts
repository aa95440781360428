import { callStatus, callStatuses, DEFAULT_CALL_INTERVAL_DAYS, type CallStatus } from '$lib/domain/call-due';
import { localToday } from '$lib/domain/calendar-days';
import { futureDateErrors } from '$lib/domain/record-dates';
import { saveChecked } from './checked-save';
import type { ParentContact, ParentContactInput } from '$lib/domain/parent-contact';
import type { Pupil } from '$lib/domain/pupil';
import { onRollOn } from '$lib/domain/register';
import { db } from './db';
import * as pupils from './pupils';
import { repository, type SaveResult } from './repository';
import * as settings from './settings';

const repo = repository('parentContact');

/** Log a call. Calls are never edited in place: a correction is a new entry superseding the old. */
export const { archive, get, revert, earlierVersions } = repo;

const happened = (input: ParentContactInput) => futureDateErrors(input, { date: 'The date of the call' }, localToday());

export function log(input: ParentContactInput): Promise<SaveResult<ParentContact>> {
	return saveChecked('parentContact', input, happened(input), () => repo.create(input));
}

export function correct(id: string, input: ParentContactInput): Promise<SaveResult<ParentContact>> {
	return saveChecked('parentContact', input, happened(input), () => repo.supersede(id, input));
}

const newestFirst = (a: ParentContact, b: ParentContact) =>
	b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt);

export async function forPupil(pupilId: string): Promise<ParentContact[]> {
	return (await repo.forPupil(pupilId)).sort(newestFirst);
}

/** The organisation's interval between calls (Settings), 14 days until someone sets it. */
export async function intervalDays(): Promise<number> {
	return (await settings.current()).parentCallIntervalDays ?? DEFAULT_CALL_INTERVAL_DAYS;
}

export async function statusForPupil(pupil: Pupil, today: string): Promise<CallStatus> {
	return callStatus(pupil, await repo.forPupil(pupil._id), today, await intervalDays());
}

export type PupilCallStatus = CallStatus & { pupil: Pupil };

/** Every pupil on roll today with when their next call is due, most overdue first. */
export async function statuses(today: string): Promise<PupilCallStatus[]> {
	const [roll, contacts, interval] = await Promise.all([
		pupils.list(),
		db.records<ParentContact>('parentContact').toArray(),
		intervalDays()
	]);
	const onRoll = roll.filter((p) => onRollOn(p, today));
	const byId = new Map(onRoll.map((p) => [p._id, p]));
	return callStatuses(onRoll, contacts, today, interval).map((s) => ({ ...s, pupil: byId.get(s.pupilId)! }));
}
