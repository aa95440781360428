import type { RecordType } from '$lib/domain/kinds';
import { nameRecord } from '$lib/domain/record-labels';
import { db } from './db';

/** A short name a teacher recognises for each record (its pupil's name where it has one). */
export async function nameRecords(refs: { type: RecordType; docId: string }[]): Promise<string[]> {
	const records = await Promise.all(
		refs.map((r) => db.records(r.type).get(r.docId) as Promise<Record<string, unknown> | undefined>)
	);
	const pupilIds = refs.map((r, i) => (r.type === 'pupil' ? r.docId : (records[i]?.pupilId as string | undefined)));
	const pupils = (await db.records('pupil').bulkGet(pupilIds.map((id) => id ?? ''))) as (
		{ givenName?: string; familyName?: string } | undefined
	)[];
	return refs.map((r, i) => nameRecord(r.type, records[i], pupilIds[i] ? pupils[i] : undefined));
}
