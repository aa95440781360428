import { localToday } from '$lib/domain/calendar-days';
import { futureDateErrors } from '$lib/domain/record-dates';
import { saveChecked } from './checked-save';
import type { HostWork, HostWorkInput } from '$lib/domain/host-work';
import { compareHostWork } from '$lib/domain/host-work-due';
import type { Pupil } from '$lib/domain/pupil';
import { db } from './db';
import * as pupils from './pupils';
import { repository, type SaveResult } from './repository';

const repo = repository('hostWork');

/** Corrections supersede (the earlier version kept); moving work on (`setStatus`) updates in place. */
export const { update, archive, get, revert, earlierVersions } = repo;

const happened = (input: HostWorkInput) =>
	futureDateErrors(input, { receivedDate: 'The day the work arrived' }, localToday());

export function create(input: HostWorkInput): Promise<SaveResult<HostWork>> {
	return saveChecked('hostWork', input, happened(input), () => repo.create(input));
}

export function correct(id: string, input: HostWorkInput): Promise<SaveResult<HostWork>> {
	return saveChecked('hostWork', input, happened(input), () => repo.supersede(id, input));
}

export async function forPupil(pupilId: string): Promise<HostWork[]> {
	return (await repo.forPupil(pupilId)).sort(compareHostWork);
}

/**
 * Move work on. Returning it records the day it went back (today unless given); moving it back
 * from returned clears that date so the record never says both.
 */
export function setStatus(
	id: string,
	status: HostWorkInput['status'],
	today: string,
	returnedDate?: string
): Promise<SaveResult<HostWork>> {
	if (status === 'returned') return repo.update(id, { status, returnedDate: returnedDate ?? today });
	return repo.update(id, { status, returnedDate: undefined });
}

export type HostWorkWithPupil = HostWork & { pupil: Pupil };

/** All host-school work (optionally one pupil's), outstanding first, with whose it is. */
export async function list(pupilId?: string): Promise<HostWorkWithPupil[]> {
	const [all, rows] = await Promise.all([
		pupils.list({ includeLeft: true }),
		pupilId ? repo.forPupil(pupilId) : db.records<HostWork>('hostWork').toArray()
	]);
	const byId = new Map(all.map((p) => [p._id, p]));
	return rows
		.filter((w) => !w.archived && byId.has(w.pupilId))
		.sort(compareHostWork)
		.map((w) => ({ ...w, pupil: byId.get(w.pupilId)! }));
}
