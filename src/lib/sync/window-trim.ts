import Dexie from 'dexie';
import type { Database } from 'pouchdb-core';
import { addDays } from '$lib/domain/calendar-days';
import { RECORD_TYPES, type RecordType } from '$lib/domain/kinds';
import { SETTINGS_ID, type Settings } from '$lib/domain/settings';
import {
	DEFAULT_LEAVER_DAYS,
	DEFAULT_WINDOW_YEARS,
	leavesTablet,
	leaversGone,
	recordDay,
	TIME_BOUND_FIELDS,
	windowStart,
	type LeaveReason,
	type TimeBoundType,
	type WindowRule
} from '$lib/domain/working-window';
import { base64Bytes, pageOnServerOf, type WorkPhoto } from '$lib/domain/work-photo';
import { RECORD_INDEXES, type WaymarkDb } from '$lib/store/db';

/** Documents checked with the server and taken off the tablet per step (photos are ~300 kB each). */
const BATCH = 50;

export interface TrimResult {
	/** First day of time-bound records kept. */
	start: string;
	/** Records taken off this tablet (Dexie and replica), by reason. */
	removed: Record<LeaveReason, number>;
	/** Outside the window but kept: waiting to be sent, needing a decision, or in conflict. */
	keptWaiting: number;
	/** Outside the window but the server does not hold this tablet's version (yet): kept. */
	keptNotOnServer: number;
	/** Whether the replica's adapter can purge; without it the replica keeps the latest body (compacted). */
	purged: boolean;
}

/** The window rule from the organisation's settings on this tablet. */
export async function windowRule(db: WaymarkDb, today: string): Promise<WindowRule> {
	const settings = await db.records<Settings>('settings').get(SETTINGS_ID);
	const pupils = await db.records<{ _id: string; status: string; endDate?: string }>('pupil').toArray();
	return {
		start: windowStart(today, settings?.workingWindowYears ?? DEFAULT_WINDOW_YEARS),
		leavers: leaversGone(pupils, today, settings?.leaverDaysOnTablet ?? DEFAULT_LEAVER_DAYS)
	};
}

/**
 * Take off this tablet — Dexie AND the PouchDB replica, never the server — every record outside
 * the working window (domain/working-window.ts). A record is taken off only when ALL of these hold:
 * it has no outbox entry (waiting, refused), no decision, no conflicting revisions in the replica,
 * and the server answers that it holds the tablet's revision (`_revs_diff`). So an unsent save or
 * a merge not yet pushed is never lost, and an unreachable server means nothing is removed (the
 * error is thrown; the engine tries again at its next quiet moment).
 *
 * Replica first, Dexie second: a crash between them leaves the record in Dexie only, which the
 * next trim finds and removes (the server is asked about Dexie's `_rev`). Dexie's delete re-checks
 * the outbox and decisions inside its transaction, so a save made meanwhile keeps the record.
 */
export async function trimToWindow(
	ctx: { db: WaymarkDb; local: Database; remote: Database },
	today: string
): Promise<TrimResult> {
	const { db } = ctx;
	const rule = await windowRule(db, today);
	const candidates = await outsideWindow(db, rule);
	const result: TrimResult = {
		start: rule.start,
		removed: { older: 0, leaver: 0 },
		keptWaiting: 0,
		keptNotOnServer: 0,
		purged: typeof ctx.local._purge === 'function'
	};
	const taken = await takeOff(ctx, candidates, result.purged);
	result.keptWaiting = taken.keptWaiting;
	result.keptNotOnServer = taken.keptNotOnServer;
	for (const c of taken.removed) if (c.reason !== 'freed') result.removed[c.reason]++;
	return result;
}

/**
 * Take the pictures of photographed pages the server already holds off this tablet, to free space
 * (Settings). Each page leaves a placeholder (`pagesOnServer`) and its ink stays; a page waiting to
 * be sent, needing a decision or in conflict is kept, as in the window's trim. Returns the pages
 * freed and the bytes their pictures took.
 */
export async function freePhotoSpace(ctx: {
	db: WaymarkDb;
	local: Database;
	remote: Database;
}): Promise<{ pages: number; bytes: number; kept: number }> {
	const { db } = ctx;
	const bytes = new Map<string, number>();
	const candidates: Candidate[] = [];
	await db.records<WorkPhoto>('workPhoto').each((p) => {
		candidates.push({ id: p._id, type: 'workPhoto', reason: 'freed', rev: p._rev, pupilId: p.pupilId });
		bytes.set(p._id, base64Bytes(p.image) + base64Bytes(p.thumbnail));
	});
	const taken = await takeOff(ctx, candidates, typeof ctx.local._purge === 'function');
	return {
		pages: taken.removed.length,
		bytes: taken.removed.reduce((n, c) => n + (bytes.get(c.id) ?? 0), 0),
		kept: taken.keptWaiting + taken.keptNotOnServer
	};
}

/** The candidates the server holds and nothing on the tablet waits on, taken off (batched). */
async function takeOff(
	ctx: { db: WaymarkDb; local: Database; remote: Database },
	candidates: Candidate[],
	canPurge: boolean
): Promise<{ removed: Candidate[]; keptWaiting: number; keptNotOnServer: number }> {
	const { db } = ctx;
	const protectedIds = new Set<string>([
		...(await db.outbox.toCollection().primaryKeys()),
		...(await db.decisions.toCollection().primaryKeys())
	]);
	const open = candidates.filter((c) => !protectedIds.has(c.id));
	const out = { removed: [] as Candidate[], keptWaiting: candidates.length - open.length, keptNotOnServer: 0 };
	for (let i = 0; i < open.length; i += BATCH) {
		const step = await trimBatch(ctx, open.slice(i, i + BATCH), canPurge);
		out.keptWaiting += step.conflicted;
		out.keptNotOnServer += step.notOnServer;
		out.removed.push(...step.removed);
	}
	return out;
}

interface Candidate {
	id: string;
	type: RecordType;
	/** 'freed': a page's picture taken off to free space (Settings), not by the window. */
	reason: LeaveReason | 'freed';
	/** Dexie's revision, asked about when the replica no longer has the document. */
	rev?: string;
	pupilId?: string;
}

/** Records in Dexie that the rule takes off the tablet (before any check of outbox or server). */
async function outsideWindow(db: WaymarkDb, rule: WindowRule): Promise<Candidate[]> {
	const found = new Map<string, Candidate>();
	const add = (type: RecordType, r: Rec, day: string | undefined) => {
		const reason = leavesTablet(type, r, day, rule);
		if (reason && !found.has(r._id))
			found.set(r._id, { id: r._id, type, reason, rev: r._rev, pupilId: str(r.pupilId) });
	};
	// Time-bound records before the window: read through the date index where there is one.
	// A saved-at time (UTC) can fall on the next local day, so read one day past the start and let
	// recordDay decide.
	const droppedPhotos = new Set<string>();
	for (const type of Object.keys(TIME_BOUND_FIELDS) as TimeBoundType[]) {
		if (type === 'inkLayer') continue; // follows its photo, below
		const { field } = TIME_BOUND_FIELDS[type];
		const table = db.records<Rec>(type);
		const before = addDays(rule.start, 1);
		const compound = compoundStartingWith(type, field);
		const rows = hasIndex(type, field)
			? await table.where(field).below(before).toArray()
			: compound
				? await table.where(compound).below([before, Dexie.minKey]).toArray()
				: await table.filter((r) => typeof r[field] === 'string' && r[field] < before).toArray();
		for (const r of rows) {
			add(type, r, recordDay(type, r));
			if (type === 'workPhoto' && found.get(r._id)?.reason === 'older') droppedPhotos.add(r._id);
		}
	}
	// Pages already freed (Settings) keep their ink until they too fall out of the window.
	for (const stub of await db.pagesOnServer.toArray()) {
		const day = recordDay('workPhoto', stub as unknown as Record<string, unknown>);
		if (day !== undefined && day < rule.start) droppedPhotos.add(stub._id);
	}
	if (droppedPhotos.size) {
		const ink = await db
			.records<Rec>('inkLayer')
			.where('photoId')
			.anyOf([...droppedPhotos])
			.toArray();
		for (const r of ink) add('inkLayer', r, addDays(rule.start, -1));
	}
	// Every record of leavers whose time ran out, through each kind's pupilId index.
	if (rule.leavers.size) {
		for (const type of RECORD_TYPES) {
			if (type === 'pupil' || !hasIndex(type, 'pupilId')) continue;
			const rows = await db
				.records<Rec>(type)
				.where('pupilId')
				.anyOf([...rule.leavers])
				.toArray();
			for (const r of rows) add(type, r, undefined);
		}
	}
	return [...found.values()];
}

async function trimBatch(
	ctx: { db: WaymarkDb; local: Database; remote: Database },
	batch: Candidate[],
	canPurge: boolean
): Promise<{ removed: Candidate[]; conflicted: number; notOnServer: number }> {
	const { db, local, remote } = ctx;
	const rows = (await local.allDocs({ keys: batch.map((c) => c.id), include_docs: true, conflicts: true })).rows;
	const revs = new Map<string, string>();
	let conflicted = 0;
	batch.forEach((c, i) => {
		const row = rows[i];
		if (row?.doc?._conflicts?.length) return void conflicted++; // kept until a person or the merge settles it
		const rev = row?.value && !row.value.deleted ? row.value.rev : c.rev;
		if (rev) revs.set(c.id, rev);
	});
	// The server must hold exactly what this tablet holds (or it is not safe to forget it here).
	const diff = revs.size ? await remote.revsDiff(Object.fromEntries([...revs].map(([id, rev]) => [id, [rev]]))) : {};
	const safe = batch.filter((c) => revs.has(c.id) && !diff[c.id]?.missing?.length);
	const notOnServer = revs.size - safe.length;

	const inReplica = new Set(rows.filter((r) => r.value && !r.error).map((r) => r.key));
	for (const c of safe) if (inReplica.has(c.id)) await dropFromReplica(local, c.id, revs.get(c.id)!, canPurge);

	const removed: Candidate[] = [];
	const tables = [...new Set(safe.map((c) => c.type))].map((t) => db.records<Rec>(t));
	if (safe.length === 0) return { removed, conflicted, notOnServer };
	await db.transaction('rw', [...tables, db.outbox, db.decisions, db.attendanceDigest, db.pagesOnServer], async () => {
		const waiting = new Set([
			...(await db.outbox.bulkGet(safe.map((c) => c.id))).filter(Boolean).map((e) => e!.docId),
			...(await db.decisions.bulkGet(safe.map((c) => c.id))).filter(Boolean).map((e) => e!.docId)
		]);
		const going = safe.filter((c) => !waiting.has(c.id)); // a save since the check keeps the record
		// A page leaves a placeholder where it was (not a leaver's: nothing of theirs stays).
		const pages = going.filter((c) => c.type === 'workPhoto' && c.reason !== 'leaver');
		if (pages.length) {
			const rows = await db.records<WorkPhoto>('workPhoto').bulkGet(pages.map((c) => c.id));
			const reasonOf = new Map(pages.map((c) => [c.id, c.reason === 'freed' ? 'freed' : 'older'] as const));
			await db.pagesOnServer.bulkPut(rows.filter((r) => !!r).map((r) => pageOnServerOf(r, reasonOf.get(r._id)!)));
		}
		const leavers = [...new Set(going.filter((c) => c.reason === 'leaver' && c.pupilId).map((c) => c.pupilId!))];
		if (leavers.length) await db.pagesOnServer.where('pupilId').anyOf(leavers).delete();
		for (const type of new Set(going.map((c) => c.type)))
			await db.records(type).bulkDelete(going.filter((c) => c.type === type).map((c) => c.id));
		// Attendance summaries are rebuilt from what is left (store/attendance-digest.ts).
		const pupils = going.filter((c) => c.type === 'attendance' && c.pupilId).map((c) => c.pupilId!);
		if (pupils.length) await db.attendanceDigest.bulkDelete([...new Set(pupils)]);
		removed.push(...going);
	});
	return { removed, conflicted, notOnServer };
}

/**
 * The indexeddb adapter (browsers) purges: the document and its history leave the replica, no
 * change is recorded, nothing is replicated. Without purge (Node's memory/leveldb adapters in
 * tests) the document stays and only its older revision bodies go.
 */
export async function dropFromReplica(local: Database, id: string, rev: string, canPurge: boolean) {
	if (!canPurge) return void (await local.compactDocument(id, 0));
	const outcome = await local.purge(id, rev);
	if (outcome.documentWasRemovedCompletely !== false) return;
	// Deleted branches (closed by a decision) are leaves too: purge them so nothing is left behind.
	const leaves = (await local.get(id, { open_revs: 'all' })) as unknown as { ok?: { _rev?: string } }[];
	for (const leaf of leaves) if (leaf.ok?._rev) await local.purge(id, leaf.ok._rev);
}

type Rec = { _id: string; _rev?: string; pupilId?: unknown; [key: string]: unknown };

function str(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

/** Whether the kind's Dexie table has a plain index on the field. */
function hasIndex(type: RecordType, field: string): boolean {
	return RECORD_INDEXES[type].split(',').some((part) => part.trim() === field);
}

/** A compound index whose first part is `field` (the register's `[date+session]`), if there is one. */
function compoundStartingWith(type: RecordType, field: string): string | undefined {
	return RECORD_INDEXES[type]
		.split(',')
		.map((part) => part.trim())
		.find((part) => part.startsWith(`[${field}+`));
}
