import type { Database } from 'pouchdb-core';
import { sameValue } from '$lib/domain/canonical';
import { typeOfId, validateDocument } from '$lib/domain/kinds';
import type { DecisionEntry, WaymarkDb } from '$lib/store/db';
import { applyChoices, commonAncestorRev, conflictKey, mergeRevisions, type Doc, type MergeResult } from './merge';

export interface ConflictContext {
	db: WaymarkDb;
	local: Database;
	remote: Database;
}

/**
 * - `none`: nothing conflicted (any decision for it is moot and removed);
 * - `merged`: the merge was written;
 * - `needs-decision`: listed on "Needs a decision" (two people changed the same thing);
 * - `stale`: a person's choice is no longer one of the values offered (the record changed again):
 *   nothing written, the card is shown again with what is offered now;
 * - `invalid`: the choices make a record the contract refuses: nothing written, the card says why;
 * - `failed`: could not be read or written now (e.g. replication wrote meanwhile); the sweep
 *   tries again.
 */
export type Resolution = 'none' | 'merged' | 'needs-decision' | 'stale' | 'invalid' | 'failed';

/** A write raced with replication this many times in a row: leave it to the next sweep. */
const ATTEMPTS = 3;
const SWEEP_BATCH = 500;
/** `meta` keys of the sweep: the replica sequence it has looked through, and ids it must retry. */
const SWEEP_SEQ = 'conflictSweepSeq';
const SWEEP_RETRY = 'conflictSweepRetry';

/**
 * Never trust CouchDB's automatic winner (it is arbitrary, and would hide one person's saved
 * work). For each conflicted document: merge the revisions field by field (merge.ts); write the
 * merged version on top of the current winner FIRST, and only then close the losing branches
 * (tombstones naming the merged revision), so there is no moment where a version exists nowhere.
 * When two people changed the same field, nothing is written: both revisions stay and the
 * record goes on the "needs a decision" list. One document failing never stops the others.
 */
export async function resolveConflicts(ctx: ConflictContext, ids: string[]): Promise<Record<string, Resolution>> {
	const outcome: Record<string, Resolution> = {};
	for (const id of new Set(ids)) outcome[id] = await resolveWithRetry(ctx, id, null);
	return outcome;
}

/**
 * A person's choices for a record on the decisions list: conflictKey (`reviewDate`,
 * `objectives[…]`) → the value they picked. A value no longer offered is refused (`stale`),
 * never replaced by another option.
 */
export function decide(ctx: ConflictContext, docId: string, choices: Record<string, unknown>): Promise<Resolution> {
	return resolveWithRetry(ctx, docId, choices);
}

/**
 * Find every document in the replica that still has conflicting revisions and resolve or list
 * it: those that arrived since the last sweep (read from the replica's changes feed, which holds
 * them whatever happened to the tab that received them), those a sweep could not settle, and
 * those already listed (their options are refreshed). Run at start-up and now and then by the
 * engine. One call reads one batch of the feed (a first sweep of a full tablet is many): `isDone`
 * false means call again, so other sync work can run between batches.
 */
export async function sweepConflicts(ctx: ConflictContext): Promise<{ isDone: boolean; unsettled: string[] }> {
	const { db, local } = ctx;
	const [seqRow, retryRow] = await Promise.all([db.meta.get(SWEEP_SEQ), db.meta.get(SWEEP_RETRY)]);
	const since = (seqRow?.value as number | string | undefined) ?? 0;
	const ids = new Set<string>([
		...((retryRow?.value as string[] | undefined) ?? []),
		...(await db.decisions.toCollection().primaryKeys())
	]);
	const batch = await local.changes({ since, limit: SWEEP_BATCH, include_docs: true, conflicts: true });
	for (const row of batch.results) if (row.doc?._conflicts?.length && typeOfId(row.id)) ids.add(row.id);
	const outcome = await resolveConflicts(ctx, [...ids]);
	const unsettled = Object.entries(outcome)
		.filter(([, r]) => r === 'failed')
		.map(([id]) => id);
	await db.meta.bulkPut([
		{ key: SWEEP_SEQ, value: batch.results.length ? batch.last_seq : since },
		{ key: SWEEP_RETRY, value: unsettled }
	]);
	return { isDone: batch.results.length < SWEEP_BATCH, unsettled };
}

async function resolveWithRetry(
	ctx: ConflictContext,
	id: string,
	choices: Record<string, unknown> | null
): Promise<Resolution> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await resolveOne(ctx, id, choices);
		} catch (err) {
			// 409: replication wrote this document between our read and our write. Read again.
			if (isConflictError(err) && attempt < ATTEMPTS) continue;
			console.warn('Waymark sync: could not settle conflicting versions of', id, err);
			return 'failed';
		}
	}
}

function isConflictError(err: unknown): boolean {
	return !!err && typeof err === 'object' && (err as { status?: number }).status === 409;
}

async function resolveOne(
	ctx: ConflictContext,
	id: string,
	choices: Record<string, unknown> | null
): Promise<Resolution> {
	const { db, local } = ctx;
	const winner = await local.get(id, { conflicts: true }).catch((err: { status?: number }) => {
		if (err?.status === 404) return null;
		throw err;
	});
	if (!winner?._conflicts?.length) {
		await db.decisions.delete(id);
		return 'none';
	}
	const leafRevs = [winner._rev as string, ...winner._conflicts];
	const leaves = await readLeaves(local, id, leafRevs);
	const base = await readAncestor(ctx, id, leaves);
	let result = mergeRevisions(base, leaves);
	if (!isValidMerge(result)) result = mergeRevisions(null, leaves); // let a person see every difference

	const unchosen = result.conflicts.filter((c) => !(choices && conflictKey(c) in choices));
	if (unchosen.length > 0) {
		await list(db, id, result);
		return 'needs-decision';
	}
	const indexChoices: Record<string, number> = {};
	for (const conflict of result.conflicts) {
		const key = conflictKey(conflict);
		const index = conflict.options.findIndex((o) => sameValue(o.value, choices?.[key]));
		if (index < 0) {
			// The record changed again since the card was shown: show what is offered now.
			await list(db, id, result);
			return 'stale';
		}
		indexChoices[key] = index;
	}
	const merged = applyChoices(result, indexChoices);
	const checked = validateDocument(merged);
	if (!checked.ok) {
		await list(db, id, result, `These choices together do not make a complete record (${checked.reason}).`);
		return choices ? 'invalid' : 'needs-decision';
	}

	const written = await local.put({ ...merged, _rev: winner._rev });
	const losers = leafRevs.filter((rev) => rev !== winner._rev);
	await local.bulkDocs(losers.map((rev) => ({ _id: id, _rev: rev, _deleted: true, mergedInto: written.rev })));
	await db.decisions.delete(id);
	return 'merged';
}

/** Put (or refresh) the record on the "needs a decision" list, keeping when it was first listed. */
async function list(db: WaymarkDb, id: string, result: MergeResult, problem?: string): Promise<void> {
	const type = typeOfId(id);
	if (!type) return;
	const existing = await db.decisions.get(id);
	const entry: DecisionEntry = {
		docId: id,
		type,
		detectedAt: existing?.detectedAt ?? new Date().toISOString(),
		conflicts: result.conflicts
	};
	if (problem) entry.problem = problem;
	await db.decisions.put(entry);
}

function isValidMerge(result: MergeResult): boolean {
	return result.conflicts.length > 0 || validateDocument(result.merged).ok;
}

async function readLeaves(local: Database, id: string, revs: string[]): Promise<Doc[]> {
	const rows = (await local.get(id, { open_revs: revs, revs: true })) as unknown as { ok?: Doc }[];
	return rows.flatMap((r) => (r.ok && !r.ok._deleted ? [r.ok] : []));
}

/**
 * The version both sides started from: in the replica while a conflict is open (compaction skips
 * conflicted documents, replica-storage.ts), else on the server.
 */
async function readAncestor(ctx: ConflictContext, id: string, leaves: Doc[]): Promise<Doc | null> {
	const rev = commonAncestorRev(leaves);
	if (!rev) return null;
	const fromLocal = await ctx.local.get(id, { rev }).catch(() => null);
	if (fromLocal) return fromLocal;
	const fromRemote: unknown = await ctx.remote.get(id, { rev }).catch(() => null);
	return (fromRemote as Doc | null) ?? null;
}
