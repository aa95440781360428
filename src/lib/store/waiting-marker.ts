import { liveQuery, type Subscription } from 'dexie';
import type { LostRecordsReport } from '$lib/domain/lost-records';
import { db as currentDb, type WaymarkDb } from './db';
import { nameRecords } from './record-names';

/**
 * A small note OUTSIDE IndexedDB (localStorage) of the records waiting to reach the server.
 * Browsers may clear IndexedDB (storage pressure, someone clearing site data) and take unsent
 * records with it; IndexedDB cannot then say what it held. The note names the database it is
 * about (a random id kept in Dexie): found beside a different or new database, it tells exactly
 * what was lost and since when (issue 18, item 14).
 */
const WAITING_KEY = 'waymark-waiting';
const LOST_KEY = 'waymark-lost';
/** Records named in the note; the count covers the rest. */
const NAMED = 30;

interface WaitingNote extends LostRecordsReport {
	storeId: string;
}

function storage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage blocked by the browser: nothing to remember with
	}
}

function read<T>(key: string): T | null {
	try {
		const raw = storage()?.getItem(key);
		return raw ? (JSON.parse(raw) as T) : null;
	} catch {
		return null;
	}
}

async function storeIdOf(db: WaymarkDb, create: boolean): Promise<string | undefined> {
	const known = (await db.meta.get('storeId'))?.value as string | undefined;
	if (known || !create) return known;
	const made = crypto.randomUUID();
	await db.meta.put({ key: 'storeId', value: made });
	return made;
}

/** A note about another database than this one, with records in it: those records are gone. */
function carryOverLoss(storeId: string | undefined) {
	const note = read<WaitingNote>(WAITING_KEY);
	if (!note || note.storeId === storeId) return;
	if (note.count > 0) {
		const { count, since, names } = note;
		storage()?.setItem(LOST_KEY, JSON.stringify({ count, since, names } satisfies LostRecordsReport));
	}
	storage()?.removeItem(WAITING_KEY);
}

/** Write the note for what is waiting now. */
export async function noteWaiting(db: WaymarkDb): Promise<void> {
	if (!storage()) return;
	const storeId = await storeIdOf(db, true);
	carryOverLoss(storeId);
	const entries = await db.outbox.orderBy('queuedAt').toArray();
	if (entries.length === 0) return void storage()?.removeItem(WAITING_KEY);
	const names = await nameRecords(entries.slice(0, NAMED));
	const note: WaitingNote = { storeId: storeId as string, count: entries.length, since: entries[0]!.queuedAt, names };
	storage()?.setItem(WAITING_KEY, JSON.stringify(note));
}

/** Keep the note in step with the outbox (any tab's saves) while the sync engine runs. */
export function keepWaitingNote(db: WaymarkDb): Subscription {
	return liveQuery(() => db.outbox.toCollection().primaryKeys()).subscribe({
		next: () => void noteWaiting(db).catch((err: unknown) => console.warn('Waymark: waiting note not written', err))
	});
}

/**
 * At start-up, before anything syncs: records that were waiting in a database that is no longer
 * there. Null when nothing was lost. Shown until the person says they have read it.
 */
export async function lostRecords(db: WaymarkDb = currentDb): Promise<LostRecordsReport | null> {
	carryOverLoss(await storeIdOf(db, false));
	return read<LostRecordsReport>(LOST_KEY);
}

/** The person has read what was lost. */
export function dismissLostRecords(): void {
	storage()?.removeItem(LOST_KEY);
}

/** Wiping the tablet on purpose loses what the person agreed to lose: nothing to report after. */
export function forgetWaitingNote(): void {
	storage()?.removeItem(WAITING_KEY);
	storage()?.removeItem(LOST_KEY);
}
