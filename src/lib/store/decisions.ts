import { db, type DecisionEntry } from './db';

/** Records on the "needs a decision" list, oldest first (they have waited longest). */
export function list(): Promise<DecisionEntry[]> {
	return db.decisions.orderBy('detectedAt').toArray();
}

/** A short name for the record a decision is about: the pupil's name where there is one. */
export async function describe(entry: DecisionEntry): Promise<string> {
	const record = (await db.records(entry.type).get(entry.docId)) as Record<string, unknown> | undefined;
	const pupilId = entry.type === 'pupil' ? entry.docId : (record?.pupilId as string | undefined);
	const pupil = pupilId
		? ((await db.records('pupil').get(pupilId)) as { givenName?: string; familyName?: string } | undefined)
		: undefined;
	return pupil
		? `${pupil.givenName} ${pupil.familyName}`
		: String(record?.topic ?? record?.moderatorName ?? entry.docId);
}
