import { db, type QuarantineEntry } from './db';

/** Documents from the server that failed validation, newest first. */
export function list(limit = 500): Promise<QuarantineEntry[]> {
	return db.quarantine.orderBy('receivedAt').reverse().limit(limit).toArray();
}
