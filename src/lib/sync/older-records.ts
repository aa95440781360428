import { validateDocument, type AnyRecord } from '$lib/domain/kinds';
import { addDays } from '$lib/domain/calendar-days';
import { olderRecordsOffline } from '$lib/domain/working-window';
import { stripMeta } from './doc-content';
import { remoteDbName } from './pouch';
import { couchUrl } from './server-api';

/** Records of one pupil per request: a pupil's five years are a few thousand documents. */
const LIMIT = 20_000;

export type OlderRecords = { ok: true; records: AnyRecord[] } | { ok: false; message: string };

export interface OlderRecordsSource {
	/** The organisation's database on the server (`…/couch/waymark-<org>`). */
	dbUrl: string;
	/** The window's first day: named in the sentence shown when the server cannot be reached. */
	windowStart: string;
	/** The browser's fetch (the session cookie goes with it); tests pass one with credentials. */
	fetch?: typeof fetch;
}

/**
 * A pupil's records that are on the office server but not on this tablet (older than the working
 * window, or a leaver's), read for one screen and NOT stored: a read-only `_find` of the CouchDB
 * API (CouchDB 3 and the embedded server alike; a `pupilId` index on the server makes it an index
 * read rather than a scan). `held` are the ids this tablet already has, so nothing shows twice.
 * Offline or unreachable: the plain sentence saying where the records are.
 */
export async function fetchOlderRecords(
	source: OlderRecordsSource,
	pupilId: string,
	held: ReadonlySet<string>
): Promise<OlderRecords> {
	const offline = { ok: false as const, message: olderRecordsOffline(source.windowStart) };
	if (typeof navigator !== 'undefined' && navigator.onLine === false) return offline;
	const doFetch = source.fetch ?? fetch;
	const find = async (selector: Record<string, unknown>) => {
		const res = await doFetch(`${source.dbUrl}/_find`, {
			method: 'POST',
			credentials: 'include',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: JSON.stringify({ selector, limit: LIMIT })
		});
		if (!res.ok) throw new Error(`HTTP ${res.status}`);
		return ((await res.json()) as { docs: unknown[] }).docs;
	};
	let docs: unknown[];
	try {
		// Records carrying the pupil, and the lessons they were in.
		const [own, lessons] = await Promise.all([
			find({ pupilId }),
			find({ type: 'lesson', pupilIds: { $elemMatch: { $eq: pupilId } } })
		]);
		docs = [...own, ...lessons];
	} catch {
		return offline;
	}
	const records: AnyRecord[] = [];
	for (const doc of docs) {
		const checked = validateDocument(stripMeta(doc as { _id: string }));
		// What fails the contract is left out, as the sync would set it aside.
		if (checked.ok && !held.has(checked.doc._id)) records.push(checked.doc);
	}
	return { ok: true, records };
}

/** The organisation's database on the server, as the app reaches it (same origin, `/couch`). */
export function serverDbUrl(org: string): string {
	return couchUrl(`/${remoteDbName(org)}`);
}

/**
 * One record this tablet no longer holds (a page freed from it, or older than the window), read by
 * id from the server for one screen and NOT stored; null offline, unreachable, missing or failing
 * the contract.
 */
export async function fetchServerRecord(
	dbUrl: string,
	id: string,
	doFetch: typeof fetch = fetch
): Promise<AnyRecord | null> {
	if (typeof navigator !== 'undefined' && navigator.onLine === false) return null;
	try {
		const res = await doFetch(`${dbUrl}/${encodeURIComponent(id)}`, {
			credentials: 'include',
			headers: { Accept: 'application/json' }
		});
		if (!res.ok) return null;
		const checked = validateDocument(stripMeta((await res.json()) as { _id: string }));
		return checked.ok ? checked.doc : null;
	} catch {
		return null;
	}
}

/** Kinds the trends dashboard counts by the day they happened. */
const DATED_FOR_TRENDS = ['attendance', 'behaviour'];
/** What a pupil this tablet no longer holds (a leaver) brings to the dashboard besides those. */
const PUPIL_FILE_FOR_TRENDS = ['intake', 'assessment', 'feedbackForm', 'reintegration'];
/** `_find` reads in pages (CouchDB caps what one answer may hold); a bound on the whole read. */
const PAGE = 5_000;
const MOST = 250_000;

/**
 * The records the trends dashboard needs for a period reaching before the working window, read
 * from the office server for this screen and NOT stored: registers and behaviour dated in the
 * older part of the period, and the file of each pupil they name that this tablet no longer holds
 * (a leaver). `held` are the ids this tablet has, so nothing counts twice. Offline or unreachable:
 * the plain sentence saying where the records are.
 */
export async function fetchOlderForTrends(
	source: OlderRecordsSource,
	period: { start: string; end: string },
	held: ReadonlySet<string>
): Promise<OlderRecords> {
	const offline = { ok: false as const, message: olderRecordsOffline(source.windowStart) };
	if (period.start >= source.windowStart) return { ok: true, records: [] };
	if (typeof navigator !== 'undefined' && navigator.onLine === false) return offline;
	const doFetch = source.fetch ?? fetch;
	const findAll = async (selector: Record<string, unknown>) => {
		const docs: unknown[] = [];
		for (let skip = 0; skip < MOST; skip += PAGE) {
			const res = await doFetch(`${source.dbUrl}/_find`, {
				method: 'POST',
				credentials: 'include',
				headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
				body: JSON.stringify({ selector, limit: PAGE, skip })
			});
			if (!res.ok) throw new Error(`HTTP ${res.status}`);
			const page = ((await res.json()) as { docs: unknown[] }).docs;
			docs.push(...page);
			if (page.length < PAGE) break;
		}
		return docs;
	};
	const records: AnyRecord[] = [];
	const keep = (docs: unknown[]) => {
		for (const doc of docs) {
			const checked = validateDocument(stripMeta(doc as { _id: string }));
			if (checked.ok && !held.has(checked.doc._id)) records.push(checked.doc);
		}
	};
	// The day before the window: what the tablet holds from then on is already counted.
	const end = period.end < source.windowStart ? period.end : addDays(source.windowStart, -1);
	try {
		keep(await findAll({ type: { $in: DATED_FOR_TRENDS }, date: { $gte: period.start, $lte: end } }));
		const pupilIds = [
			...new Set(records.map((r) => (r as { pupilId?: string }).pupilId).filter((id): id is string => !!id))
		].filter((id) => !held.has(id));
		if (pupilIds.length) {
			keep(await findAll({ type: 'pupil', _id: { $in: pupilIds } }));
			keep(await findAll({ type: { $in: PUPIL_FILE_FOR_TRENDS }, pupilId: { $in: pupilIds } }));
		}
	} catch {
		return offline;
	}
	return { ok: true, records };
}
