/**
 * The attendance digest (domain/attendance-digest.ts): one row per pupil with their standing
 * marks, so the trends dashboard reads ~150 small rows instead of every attendance document.
 *
 * Kept right by one rule: whoever writes an attendance record deletes the digest rows of the
 * pupils it touches IN THE SAME TRANSACTION (`forgetDigests`: the local save in repository.ts and
 * the sync's inbound batches). A missing row is rebuilt from the `pupilId` index when read, and
 * missing rows are built ahead when the tablet is idle after a sync (`scheduleDigestWarmup`).
 */
import type { Attendance } from '$lib/domain/attendance';
import { digestMarks, expandDigest, type AttendanceDigest } from '$lib/domain/attendance-digest';
import type { Period, SessionMark } from '$lib/domain/attendance-percent';
import { db as currentDb, type WaymarkDb } from './db';

const marksOf = (db: WaymarkDb) => db.records<Attendance>('attendance');

/**
 * Call inside a read-write transaction holding the attendance table and `attendanceDigest`,
 * BEFORE the marks are written: deletes the rows of the pupils these marks belong to, and of the
 * pupils their stored versions belonged to (a mark moved to another pupil leaves both stale).
 */
export async function forgetDigests(
	db: WaymarkDb,
	marks: readonly Pick<Attendance, '_id' | 'pupilId'>[]
): Promise<void> {
	// No rows yet (a tablet filling up by its first sync): nothing can be stale.
	if (marks.length === 0 || (await db.attendanceDigest.count()) === 0) return;
	const stored = await marksOf(db).bulkGet(marks.map((m) => m._id));
	const pupilIds = new Set(marks.map((m) => m.pupilId));
	for (const s of stored) if (s) pupilIds.add(s.pupilId);
	await db.attendanceDigest.bulkDelete([...pupilIds]);
}

/** Build and store the rows of these pupils from their records, in one transaction. */
async function build(db: WaymarkDb, pupilIds: readonly string[]): Promise<AttendanceDigest[]> {
	return db.transaction('rw', [marksOf(db), db.attendanceDigest], async () => {
		const rows = await Promise.all(
			pupilIds.map(async (id) => digestMarks(id, await marksOf(db).where('pupilId').equals(id).toArray()))
		);
		await db.attendanceDigest.bulkPut(rows);
		return rows;
	});
}

/** Every pupil with marks: rows held, and the pupils without one (read together, consistently). */
async function held(db: WaymarkDb): Promise<{ rows: AttendanceDigest[]; missing: string[] }> {
	return db.transaction('r', [marksOf(db), db.attendanceDigest], async () => {
		const [rows, withMarks] = await Promise.all([
			db.attendanceDigest.toArray(),
			marksOf(db).orderBy('pupilId').uniqueKeys()
		]);
		const have = new Set(rows.map((r) => r.pupilId));
		return { rows, missing: (withMarks as string[]).filter((id) => !have.has(id)) };
	});
}

/**
 * Pupils with marks but no row, from keys alone: this runs after every sync (each pushed tap
 * too), so it must not copy every row out of IndexedDB the way a dashboard read does.
 */
async function missingPupils(db: WaymarkDb): Promise<string[]> {
	return db.transaction('r', [marksOf(db), db.attendanceDigest], async () => {
		const [have, withMarks] = await Promise.all([
			db.attendanceDigest.toCollection().primaryKeys(),
			marksOf(db).orderBy('pupilId').uniqueKeys()
		]);
		const held = new Set(have);
		return (withMarks as string[]).filter((id) => !held.has(id));
	});
}

/**
 * Run `fn` outside any liveQuery: Dexie's zone does not follow a timer, so `fn` may write (the
 * rebuilt rows) and its reads are not watched (storing a rebuilt row must not re-run the query).
 */
function outsideLiveQuery<T>(fn: () => Promise<T>): Promise<T> {
	return new Promise<T>((resolve, reject) => setTimeout(() => void fn().then(resolve, reject), 0));
}

/**
 * Every standing mark (one per pupil and session, after corrections, archived left out) dated in
 * `period`: the same marks `latestMarks` keeps of the attendance records, read from the digest.
 */
export async function standingMarks(period?: Pick<Period, 'start' | 'end'>): Promise<SessionMark[]> {
	const db = currentDb;
	// Read inside a liveQuery: watches the attendance table, so a new mark, a correction or a
	// synced batch re-runs the caller's query.
	await marksOf(db).count();
	const rows = await outsideLiveQuery(async () => {
		const { rows, missing } = await held(db);
		return missing.length ? [...rows, ...(await build(db, missing))] : rows;
	});
	return rows.flatMap((r) => expandDigest(r, period));
}

/** Pupils built per transaction while warming, so a sync batch never waits long behind it. */
const WARM_CHUNK = 10;
let warming: Promise<void> | null = null;

const whenIdle = () =>
	new Promise<void>((resolve) =>
		typeof requestIdleCallback === 'function'
			? requestIdleCallback(() => resolve(), { timeout: 5000 })
			: setTimeout(resolve, 200)
	);

/** Build every missing row now, a few pupils per transaction. Resolves with the rows built. */
export async function warmDigests(db: WaymarkDb = currentDb, { idle = false } = {}): Promise<number> {
	const missing = await missingPupils(db);
	let built = 0;
	for (let i = 0; i < missing.length; i += WARM_CHUNK) {
		if (idle) await whenIdle();
		built += (await build(db, missing.slice(i, i + WARM_CHUNK))).length;
	}
	return built;
}

/** After a sync brought records in: build the missing rows when the tablet is idle (once at a time). */
export function scheduleDigestWarmup(db: WaymarkDb): void {
	if (warming) return;
	warming = whenIdle()
		.then(() => warmDigests(db, { idle: true }))
		.then(
			() => undefined,
			(err) => console.warn('Waymark: attendance digest warm-up failed', err)
		)
		.finally(() => (warming = null));
}
