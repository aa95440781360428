import { db } from './db';

/** Records saved on this tablet that the server has not confirmed yet. */
export function waitingCount(): Promise<number> {
	return db.outbox.count();
}
