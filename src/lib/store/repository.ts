import Dexie from 'dexie';
import { SCHEMA_VERSION, fieldErrors, type InputOf } from '$lib/domain/common';
import { sameValue } from '$lib/domain/canonical';
import { newId } from '$lib/domain/ids';
import { schemas, type RecordOf, type RecordType } from '$lib/domain/kinds';
import { isFromNewerVersion, NEWER_VERSION_MESSAGE } from '$lib/domain/schema-version';
import { currentActor } from './actor';
import { forgetDigests } from './attendance-digest';
import { db } from './db';
import { normaliseRecord } from './normalise-record';
import { isConnectionLost } from './save-errors';

export type SaveResult<R> = { ok: true; record: R } | { ok: false; message: string; errors: Record<string, string> };

/**
 * A newer version of Waymark saved this record (inbound marks the stored copy with the newer
 * schemaVersion even when it could not read the rest): writing this version's copy over it would
 * drop or undo what the newer one wrote, so here it is read only.
 */
const newerVersionRefusal = { ok: false as const, message: NEWER_VERSION_MESSAGE, errors: {} };

/**
 * Validate, then store the record and its outbox entry in ONE transaction: either both are on
 * disk or neither is, so a crash can never leave a saved record that will not sync (or an outbox
 * entry for a record that was not saved).
 */
export async function writeRecord<T extends RecordType>(
	type: T,
	candidate: Record<string, unknown>
): Promise<SaveResult<RecordOf<T>>> {
	const parsed = schemas[type].safeParse(candidate);
	if (!parsed.success) {
		const errors = fieldErrors(parsed.error);
		const count = Object.keys(errors).length;
		return {
			ok: false,
			errors,
			message: count === 1 ? 'Please correct the highlighted field.' : `Please correct the ${count} highlighted fields.`
		};
	}
	// Once, here: Dexie, the replica and the server then hold the same form (no `undefined` keys).
	const record = normaliseRecord(parsed.data) as RecordOf<T>;
	// A mark also makes its pupil's attendance digest stale: deleted in this same transaction.
	const isMark = type === 'attendance';
	return withReopenedDatabase(() =>
		db.transaction(
			'rw',
			[db.records(type), db.outbox, ...(isMark ? [db.attendanceDigest] : [])],
			async (): Promise<SaveResult<RecordOf<T>>> => {
				// Every write path ends here, so this is where an older version is never written over a
				// newer one (read in the same transaction, so a copy arriving meanwhile is seen).
				if (isFromNewerVersion(await db.records(type).get(record._id))) return newerVersionRefusal;
				if (isMark) await forgetDigests(db, [record as RecordOf<'attendance'>]);
				// Both requests go out together (one round trip to IndexedDB, not two); the transaction
				// still commits both or neither. Re-queueing clears `rev`: the bridge copies this content again.
				await Promise.all([
					db.records<RecordOf<T>>(type).put(record),
					db.outbox.put({ docId: record._id, type, queuedAt: record.updatedAt, token: crypto.randomUUID() })
				]);
				return { ok: true, record };
			}
		)
	);
}

/**
 * Run a write; if the browser dropped the database connection (WebKit does, for tabs left in the
 * background), reopen it and write once more before giving up. Only at the top level: inside a
 * caller's transaction the whole transaction failed and it is the caller's to repeat.
 */
export async function withReopenedDatabase<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (error) {
		if (!isConnectionLost(error) || Dexie.currentTransaction) throw error;
		db.close({ disableAutoOpen: false });
		await db.open();
		return write();
	}
}

/** Fields the repository stamps itself: never copied back by an undo. */
const BOOKKEEPING = new Set(['type', 'schemaVersion', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy']);

function stamp(type: RecordType, id: string | undefined, existing: Record<string, unknown> | undefined) {
	const now = new Date().toISOString();
	const actor = currentActor();
	return {
		_id: id ?? newId(type),
		type,
		schemaVersion: SCHEMA_VERSION,
		createdAt: (existing?.createdAt as string | undefined) ?? now,
		createdBy: (existing?.createdBy as string | undefined) ?? actor,
		updatedAt: now,
		updatedBy: actor
	};
}

export interface UpdateOptions<R> {
	/** The record as the form loaded it (with its `_rev`): only what the person changed from it is saved. */
	base?: R;
	/** The record as the caller just read it in the same transaction. */
	current?: R;
}

/**
 * A form's save, three-way against the version the form loaded (`base`):
 *   - a field the person did not change keeps its newest value (another tablet's change stays);
 *   - a field only the person changed takes their value;
 *   - a field both changed differently: the person's edit is written as a branch of `base` (the
 *     record keeps `base._rev`), so the bridge copies it beside the other change as a CouchDB
 *     conflict and the merge asks a person on "Needs a decision" (lists merge by item there).
 * When the newest version is itself an edit made on this tablet and not yet copied to the
 * replica (another window), there is only one copy of it: the later save wins those fields.
 */
export function editFromBase(
	current: Record<string, unknown>,
	base: Record<string, unknown>,
	changes: Record<string, unknown>,
	isCurrentUncopied: boolean
): Record<string, unknown> {
	const mine = Object.fromEntries(Object.entries(changes).filter(([field, value]) => !sameValue(value, base[field])));
	const bothChanged = Object.keys(mine).some(
		(field) => !sameValue(current[field], base[field]) && !sameValue(current[field], mine[field])
	);
	if (bothChanged && !isCurrentUncopied && typeof base._rev === 'string' && base._rev !== current._rev) {
		return { ...base, ...mine, _rev: base._rev };
	}
	return { ...current, ...mine };
}

/** The verbs every record kind shares. Kind modules (pupils.ts, …) add their own queries. */
export function repository<T extends RecordType>(type: T) {
	type R = RecordOf<T>;
	const table = () => db.records<R>(type);

	/**
	 * Change an existing record. Fields not in `changes` are kept, including ones other clients
	 * added and the `_rev` this edit descends from (so the bridge extends, not forks, history).
	 *
	 * `base`: the record as the form showed it. An editor hands over every field it shows, and a
	 * change from another tablet may have arrived while it was open; with the base only the fields
	 * the person changed are applied (editFromBase), so the other change is not reverted.
	 * `current`: the record as the caller just read it in the same transaction (saves a read).
	 */
	async function update(id: string, changes: Partial<InputOf<R>>, opts: UpdateOptions<R> = {}): Promise<SaveResult<R>> {
		const existing = (opts.current ?? (await table().get(id))) as Record<string, unknown> | undefined;
		if (!existing) return { ok: false, message: 'That record no longer exists on this tablet.', errors: {} };
		if (isFromNewerVersion(existing)) return newerVersionRefusal;
		if (!opts.base) return writeRecord(type, { ...existing, ...changes, ...stamp(type, id, existing) });
		const queued = await db.outbox.get(id);
		const edit = editFromBase(existing, opts.base, changes, !!queued && !queued.rev);
		return writeRecord(type, { ...edit, ...stamp(type, id, existing) });
	}

	// Plain functions, not methods using `this`: kind modules re-export them by destructuring.
	return {
		type,
		update,

		/** A new record with a fresh id made on this tablet. */
		create(input: InputOf<R>): Promise<SaveResult<R>> {
			return writeRecord(type, { ...input, ...stamp(type, undefined, undefined) });
		},

		/**
		 * Write a record under an id chosen by the caller (singletons such as the settings
		 * document): creates it the first time, replaces its fields after.
		 */
		async upsert(id: string, input: InputOf<R>, opts: Pick<UpdateOptions<R>, 'base'> = {}): Promise<SaveResult<R>> {
			const existing = (await table().get(id)) as Record<string, unknown> | undefined;
			if (isFromNewerVersion(existing)) return newerVersionRefusal;
			if (existing && opts.base) return update(id, input, opts);
			return writeRecord(type, { ...(existing ?? {}), ...input, ...stamp(type, id, existing) });
		},

		/** Withdraw a record. Nothing is hard-deleted: it stays readable in history. */
		archive(id: string): Promise<SaveResult<R>> {
			return update(id, { archived: true } as Partial<InputOf<R>>);
		},

		/**
		 * Undo a quick tap: put the record back exactly as it was before (`before`), as a new
		 * revision so the undo syncs like any edit; `null` means the tap created it, so it is
		 * withdrawn. Fields the tap added are removed; bookkeeping is stamped afresh.
		 */
		async revert(id: string, before: R | null): Promise<SaveResult<R>> {
			if (!before) return update(id, { archived: true } as Partial<InputOf<R>>);
			const current = (await table().get(id)) as Record<string, unknown> | undefined;
			if (!current) return { ok: false, message: 'That record no longer exists on this tablet.', errors: {} };
			const isBookkeeping = (key: string) => key.startsWith('_') || BOOKKEEPING.has(key);
			const previous = before as Record<string, unknown>;
			const patch: Record<string, unknown> = {};
			for (const key of Object.keys(current)) if (!isBookkeeping(key) && !(key in previous)) patch[key] = undefined;
			for (const [key, value] of Object.entries(previous)) if (!isBookkeeping(key)) patch[key] = value;
			return update(id, patch as Partial<InputOf<R>>, { current: current as R });
		},

		/**
		 * Correct a log entry without losing what it said: the corrected entry is a new record that
		 * `supersedes` the old one, and the old one is withdrawn, both in one transaction. The old
		 * version stays readable (history, subject access export) and out of counts.
		 */
		supersede(id: string, input: InputOf<R>): Promise<SaveResult<R>> {
			return withReopenedDatabase(() =>
				db.transaction('rw', [db.records(type), db.outbox], async (): Promise<SaveResult<R>> => {
					const old = await table().get(id);
					if (isFromNewerVersion(old)) return newerVersionRefusal;
					if (!old || old.archived)
						return {
							ok: false,
							message: 'This entry was changed or withdrawn meanwhile (perhaps on another tablet). Look again.',
							errors: {}
						};
					const made = await writeRecord(type, { ...input, supersedes: id, ...stamp(type, undefined, undefined) });
					if (made.ok) await update(id, { archived: true } as Partial<InputOf<R>>, { current: old });
					return made;
				})
			);
		},

		/** The earlier versions of an entry, newest first (each one it superseded, in turn). */
		async earlierVersions(record: R): Promise<R[]> {
			const out: R[] = [];
			let next = (record as { supersedes?: string }).supersedes;
			while (next && out.length < 50) {
				const earlier = await table().get(next);
				if (!earlier) break;
				out.push(earlier);
				next = (earlier as { supersedes?: string }).supersedes;
			}
			return out;
		},

		get(id: string): Promise<R | undefined> {
			return table().get(id);
		},

		/** Every record of this pupil that is not archived (unordered: callers sort for their view). */
		async forPupil(pupilId: string): Promise<R[]> {
			const rows = await table().where('pupilId').equals(pupilId).toArray();
			return rows.filter((r) => !r.archived);
		}
	};
}
