import { staffChoices } from '$lib/domain/key-worker';
import type { Lesson } from '$lib/domain/lesson';
import type { Pupil } from '$lib/domain/pupil';
import { db } from './db';

/** The pupils (on roll, not archived) whose key worker is this staff member. */
export async function pupilIdsOf(keyWorker: string): Promise<Set<string>> {
	const rows = await db.records<Pupil>('pupil').toArray();
	return new Set(
		rows.filter((p) => !p.archived && p.status === 'active' && p.keyWorker === keyWorker).map((p) => p._id)
	);
}

/** Staff names to offer when choosing a key worker: those on records already, and whoever is signed in. */
export async function staffNames(me: string | null): Promise<string[]> {
	const [pupils, teachers] = await Promise.all([
		db.records<Pupil>('pupil').toArray(),
		db.records<Lesson>('lesson').orderBy('teacher').uniqueKeys()
	]);
	return staffChoices([...pupils.map((p) => p.keyWorker), ...teachers.map(String)], me);
}
