import type { Database } from 'pouchdb-core';
import { typeOfId, validateDocument } from '$lib/domain/kinds';
import type { WaymarkDb } from '$lib/store/db';
import { applyChoices, commonAncestorRev, mergeRevisions, type Doc, type MergeResult } from './merge';

export interface ConflictContext {
	db: WaymarkDb;
	local: Database;
	remote: Database;
}

export type Resolution = 'none' | 'merged' | 'needs-decision';

/**
 * Never trust CouchDB's automatic winner (it is arbitrary, and would hide one person's saved
 * work). For each conflicted document: merge the revisions field by field (merge.ts); write the
 * merged version on top of the current winner FIRST, and only then close the losing branches
 * (tombstones naming the merged revision), so there is no moment where a version exists nowhere.
 * When two people changed the same field, nothing is written: both revisions stay and the
 * record goes on the "needs a decision" list.
 */
export async function resolveConflicts(ctx: ConflictContext, ids: string[]): Promise<Record<string, Resolution>> {
	const outcome: Record<string, Resolution> = {};
	for (const id of new Set(ids)) outcome[id] = await resolveOne(ctx, id, {});
	return outcome;
}

/** A person's choices for a record on the decisions list: field → the value they picked. */
export async function decide(
	ctx: ConflictContext,
	docId: string,
	choices: Record<string, unknown>
): Promise<Resolution> {
	return resolveOne(ctx, docId, choices);
}

async function resolveOne(ctx: ConflictContext, id: string, choices: Record<string, unknown>): Promise<Resolution> {
	const { db, local } = ctx;
	const winner = await local.get(id, { conflicts: true }).catch(() => null);
	if (!winner?._conflicts?.length) {
		await db.decisions.delete(id);
		return 'none';
	}
	const leafRevs = [winner._rev as string, ...winner._conflicts];
	const leaves = await readLeaves(local, id, leafRevs);
	const base = await readAncestor(ctx, id, leaves);
	let result = mergeRevisions(base, leaves);
	if (!isValidMerge(result)) result = mergeRevisions(null, leaves); // let a person see every difference

	const unchosen = result.conflicts.filter((c) => !(c.field in choices));
	if (unchosen.length > 0) {
		const type = typeOfId(id);
		if (type)
			await db.decisions.put({ docId: id, type, detectedAt: new Date().toISOString(), conflicts: result.conflicts });
		return 'needs-decision';
	}
	const indexChoices = Object.fromEntries(
		result.conflicts.map((c) => [
			c.field,
			Math.max(
				0,
				c.options.findIndex((o) => JSON.stringify(o.value) === JSON.stringify(choices[c.field]))
			)
		])
	);
	const merged = applyChoices(result, indexChoices);
	if (!validateDocument(merged).ok) return 'needs-decision';

	const written = await local.put({ ...merged, _rev: winner._rev });
	const losers = leafRevs.filter((rev) => rev !== winner._rev);
	await local.bulkDocs(losers.map((rev) => ({ _id: id, _rev: rev, _deleted: true, mergedInto: written.rev })));
	await db.decisions.delete(id);
	return 'merged';
}

function isValidMerge(result: MergeResult): boolean {
	return result.conflicts.length > 0 || validateDocument(result.merged).ok;
}

async function readLeaves(local: Database, id: string, revs: string[]): Promise<Doc[]> {
	const rows = (await local.get(id, { open_revs: revs, revs: true })) as unknown as { ok?: Doc }[];
	return rows.flatMap((r) => (r.ok && !r.ok._deleted ? [r.ok] : []));
}

/** The version both sides started from: kept locally (no auto-compaction), else on the server. */
async function readAncestor(ctx: ConflictContext, id: string, leaves: Doc[]): Promise<Doc | null> {
	const rev = commonAncestorRev(leaves);
	if (!rev) return null;
	const fromLocal = await ctx.local.get(id, { rev }).catch(() => null);
	if (fromLocal) return fromLocal;
	const fromRemote: unknown = await ctx.remote.get(id, { rev }).catch(() => null);
	return (fromRemote as Doc | null) ?? null;
}
