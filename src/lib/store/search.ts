import type { Behaviour } from '$lib/domain/behaviour';
import type { HostWork } from '$lib/domain/host-work';
import type { Lesson } from '$lib/domain/lesson';
import type { MarkingNote } from '$lib/domain/marking-note';
import type { ParentContact } from '$lib/domain/parent-contact';
import type { Pupil } from '$lib/domain/pupil';
import { queryWords, search as searchRecords, type SearchGroup } from '$lib/domain/search';
import { db } from './db';

/**
 * Search this tablet's records (works offline). Each table is read once, in bulk; matching is in
 * memory (a year of records is a few thousand lessons and notes: measured well under a second).
 */
export async function search(query: string): Promise<SearchGroup[]> {
	if (!queryWords(query).length) return [];
	const [pupils, lessons, notes, behaviour, calls, hostWork] = await Promise.all([
		db.records<Pupil>('pupil').toArray(),
		db.records<Lesson>('lesson').toArray(),
		db.records<MarkingNote>('markingNote').toArray(),
		db.records<Behaviour>('behaviour').toArray(),
		db.records<ParentContact>('parentContact').toArray(),
		db.records<HostWork>('hostWork').toArray()
	]);
	return searchRecords(query, { pupils, lessons, notes, behaviour, calls, hostWork });
}
