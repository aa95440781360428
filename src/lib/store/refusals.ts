import type { RecordType } from '$lib/domain/kinds';
import { db } from './db';
import { nameRecords } from './record-names';

export interface RefusedRecord {
	docId: string;
	type: RecordType;
	/** A short name a teacher recognises ("Edna Smith (pupil)"). */
	name: string;
	/** The server's reason, in its words. */
	reason: string;
	since: string;
}

/** How many records saved here the server has refused (they are also counted as waiting). */
export function refusedCount(): Promise<number> {
	return db.outbox.filter((e) => e.refused !== undefined).count();
}

/** Records saved here that the server refused, oldest refusal first, each with the server's reason. */
export async function refusedRecords(): Promise<RefusedRecord[]> {
	const entries = await db.outbox.filter((e) => e.refused !== undefined).toArray();
	entries.sort((a, b) => (a.refused?.since ?? '').localeCompare(b.refused?.since ?? ''));
	const names = await nameRecords(entries);
	return entries.map((e, i) => ({
		docId: e.docId,
		type: e.type,
		name: names[i] ?? e.docId,
		reason: e.refused?.reason ?? '',
		since: e.refused?.since ?? ''
	}));
}
