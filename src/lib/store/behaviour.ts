import type { Behaviour } from '$lib/domain/behaviour';
import { db } from './db';
import { repository } from './repository';

const repo = repository('behaviour');

/**
 * Log entries are append-only: a correction is a new entry superseding the old (`correct`), a
 * mistake is withdrawn (`archive`); either way the earlier version is kept.
 */
export const { create: log, archive, get, revert, supersede: correct, earlierVersions } = repo;

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
