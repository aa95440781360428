import { localToday } from '$lib/domain/calendar-days';
import { futureDateErrors } from '$lib/domain/record-dates';
import { saveChecked } from './checked-save';
import type { Behaviour, BehaviourInput } from '$lib/domain/behaviour';
import { db } from './db';
import { repository, type SaveResult } from './repository';

const repo = repository('behaviour');

/**
 * Log entries are append-only: a correction is a new entry superseding the old (`correct`), a
 * mistake is withdrawn (`archive`); either way the earlier version is kept.
 */
export const { archive, get, revert, earlierVersions } = repo;

const happened = (input: BehaviourInput) => futureDateErrors(input, { date: 'The date of the entry' }, localToday());

export function log(input: BehaviourInput): Promise<SaveResult<Behaviour>> {
	return saveChecked('behaviour', input, happened(input), () => repo.create(input));
}

export function correct(id: string, input: BehaviourInput): Promise<SaveResult<Behaviour>> {
	return saveChecked('behaviour', input, happened(input), () => repo.supersede(id, input));
}

const newestFirst = (a: Behaviour, b: Behaviour) =>
	b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt);

export async function forPupil(pupilId: string): Promise<Behaviour[]> {
	return (await repo.forPupil(pupilId)).sort(newestFirst);
}

/** Entries made from one lesson, newest first. */
export async function forLesson(lessonId: string): Promise<Behaviour[]> {
	const rows = await db.records<Behaviour>('behaviour').where('lessonId').equals(lessonId).toArray();
	return rows.filter((r) => !r.archived).sort(newestFirst);
}
