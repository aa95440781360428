import type { Table } from 'dexie';
import type { ChangeRow, PouchDoc } from 'pouchdb-core';
import { SCHEMA_VERSION } from '$lib/domain/common';
import { typeOfId, validateDocument, type AnyRecord, type RecordType } from '$lib/domain/kinds';
import { isFromNewerVersion, NEWER_VERSION_MESSAGE } from '$lib/domain/schema-version';
import type { Attendance } from '$lib/domain/attendance';
import { forgetDigests } from '$lib/store/attendance-digest';
import type { QuarantineEntry, WaymarkDb } from '$lib/store/db';
import { stripMeta } from './doc-content';
import { removeFromDexie, retiredIds, tablesFor } from './retention-removal';

const RAW_LIMIT = 20_000;

export interface InboundResult {
	applied: number;
	quarantined: number;
	/** Documents that arrived with conflicting revisions, for the conflict resolver. */
	conflicted: string[];
	/** Ids named by deletion certificates in this batch: removed from Dexie here, from the replica by the engine. */
	retired: string[];
}

/**
 * Apply one batch from the replica's changes feed to Dexie, and move the feed checkpoint in the
 * SAME transaction: after a crash the batch is either wholly applied or re-read from the old seq.
 *
 * Every document is validated first. An invalid one (another client broke the contract, or a
 * hostile write) is quarantined with its reason and never touches the record tables, so the
 * last good version stays on screen.
 */
export async function applyChanges(db: WaymarkDb, rows: ChangeRow[], lastSeq: number | string): Promise<InboundResult> {
	const result: InboundResult = { applied: 0, quarantined: 0, conflicted: [], retired: [] };
	// Records deleted under the retention schedule: a copy arriving later (from a tablet that had
	// not yet heard) is neither stored nor set aside, and the certificate's own ids go now.
	for (const row of rows) {
		const doc = row.doc as { type?: unknown; ids?: unknown; _deleted?: boolean } | undefined;
		if (doc && !doc._deleted && doc.type === 'retentionDeletion' && validateDocument(stripMeta(row.doc!)).ok)
			result.retired.push(...(doc.ids as string[]));
	}
	const retired = new Set([...(await retiredIds(db)), ...result.retired]);
	const accepted: { record: AnyRecord; type: RecordType }[] = [];
	const settled: string[] = []; // arrived with no conflict left: any pending decision is moot
	const rejected: QuarantineEntry[] = [];
	// Saved by a newer Waymark in a form this one cannot read: our older copy becomes read only.
	const lockedByNewer: { id: string; type: RecordType; schemaVersion: number }[] = [];
	const now = new Date().toISOString();

	for (const row of rows) {
		const doc = row.doc;
		if (!doc || row.id.startsWith('_design/') || row.id.startsWith('_local/')) continue;
		if (retired.has(row.id)) continue;
		if (doc._deleted) {
			// The app never deletes; another client did. Keep our copy and say so.
			rejected.push(quarantine(doc, 'Deleted on the server by another program. Waymark keeps its copy.', now));
			continue;
		}
		if (doc._conflicts?.length) result.conflicted.push(doc._id);
		else settled.push(doc._id);
		if (isFromNewerVersion(doc)) {
			// Not broken: saved by a newer Waymark. Kept as it is (read only here, see
			// repository) when the fields this version knows still pass its checks.
			const newer = validateDocument({ ...stripMeta(doc), schemaVersion: SCHEMA_VERSION });
			const type = typeOfId(doc._id);
			if (!newer.ok) {
				rejected.push({ ...quarantine(doc, NEWER_VERSION_MESSAGE, now), isNewerVersion: true });
				if (type) lockedByNewer.push({ id: doc._id, type, schemaVersion: doc.schemaVersion as number });
			} else accepted.push({ record: { ...stripMeta(doc), _rev: doc._rev } as AnyRecord, type: newer.type });
			continue;
		}
		const checked = validateDocument(stripMeta(doc));
		if (!checked.ok) {
			rejected.push(quarantine(doc, checked.reason, now));
			continue;
		}
		accepted.push({ record: { ...checked.doc, _rev: doc._rev }, type: checked.type });
	}

	const tables: Table[] = [...new Set([...accepted, ...lockedByNewer].map((a) => db.tableFor(a.type)))];
	// Marks make their pupils' attendance digests stale: deleted in this same transaction.
	if (accepted.some((a) => a.type === 'attendance')) tables.push(db.attendanceDigest);
	if (result.retired.length) tables.push(...tablesFor(db, result.retired));
	await db.transaction('rw', [...new Set([db.outbox, db.quarantine, db.meta, db.decisions, ...tables])], async () => {
		// Bulk reads and writes: one request per table instead of two per document (first sync
		// of a year of records is tens of thousands of documents). The decisions list and the
		// outbox are small: read their keys once (one request) rather than probe them for every
		// incoming document (measured: a delete per document cost more than validating it).
		const undecided = settled.length ? await keysAmong(db.decisions, settled) : [];
		if (undecided.length) await db.decisions.bulkDelete(undecided);
		const queued = accepted.length
			? await keysAmong(
					db.outbox,
					accepted.map((a) => a.record._id)
				)
			: [];
		const pending = new Map(
			(queued.length ? await db.outbox.bulkGet(queued) : []).flatMap((e) => (e ? [[e.docId, e] as const] : []))
		);
		const byType = new Map<RecordType, AnyRecord[]>();
		accepted.forEach(({ record, type }) => {
			const entry = pending.get(record._id);
			// A local edit still waiting to be copied wins on screen; the bridge will branch it
			// from its base so both versions meet in the replica as a conflict, not an overwrite.
			if (entry && !entry.rev) return;
			const list = byType.get(type) ?? [];
			list.push(record);
			byType.set(type, list);
		});
		for (const [type, records] of byType) {
			if (type === 'attendance') await forgetDigests(db, records as Attendance[]);
			await db.tableFor(type).bulkPut(records);
			result.applied += records.length;
		}
		for (const { id, type, schemaVersion } of lockedByNewer) {
			// A schemaVersion this version's types do not allow: through Dexie's untyped table.
			await db.table(type).update(id, { schemaVersion });
		}
		// A valid revision supersedes whatever was set aside of that document before it.
		const superseded = accepted.map((a) => a.record._id);
		if (superseded.length) await db.quarantine.where('docId').anyOf(superseded).delete();
		if (rejected.length) await db.quarantine.bulkPut(rejected);
		result.quarantined = rejected.length;
		if (result.retired.length) await removeFromDexie(db, result.retired);
		await db.meta.put({ key: 'inboundSeq', value: lastSeq });
	});
	return result;
}

/** Which of these ids are keys of the table (read as one getAllKeys of a small table). */
async function keysAmong<T>(table: Table<T, string>, ids: string[]): Promise<string[]> {
	const keys = new Set(await table.toCollection().primaryKeys());
	return keys.size ? ids.filter((id) => keys.has(id)) : [];
}

function quarantine(doc: PouchDoc, reason: string, receivedAt: string): QuarantineEntry {
	let raw: string;
	try {
		raw = JSON.stringify(doc).slice(0, RAW_LIMIT);
	} catch {
		raw = '(could not be read)';
	}
	const rev = typeof doc._rev === 'string' ? doc._rev : '?';
	return { key: `${doc._id}@${rev}`, docId: String(doc._id), rev, reason, receivedAt, raw };
}
