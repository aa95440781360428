/**
 * The one deletion the app makes is closing the LOSING branch of a conflict once the merged
 * version is written: a tombstone with `mergedInto` (src/lib/sync/conflicts.ts). validate_doc_update
 * sees one revision and its parent, never the other leaves, so it cannot tell a losing branch
 * from the only one; a staff member could hard-delete any record with such a tombstone, and a
 * new tablet would then never receive it. This check runs in front of the store in BOTH modes
 * (embedded server and proxy to a real CouchDB 3), asking the database as the requester which
 * leaves the document has: a `mergedInto` tombstone is accepted only if, after the request, the
 * document still has a version that is not deleted.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Leaf {
	rev: string;
	deleted: boolean;
}

export interface TombstoneStore {
	/** The document's leaf revisions, or null when the database has no such document. */
	leaves(db: string, id: string): Promise<Leaf[] | null>;
	/** Which of these revisions the database does not have yet (`_revs_diff`). */
	missing(db: string, revs: Record<string, string[]>): Promise<Record<string, string[]>>;
}

type Doc = Record<string, unknown>;

function isMergeTombstone(doc: Doc): boolean {
	return doc._deleted === true && typeof doc.mergedInto === 'string' && doc.mergedInto !== '';
}

/** The revision a write builds on: `_rev` (interactive), or the second entry of `_revisions` (replicated). */
function parentRev(doc: Doc, newEdits: boolean): string | null {
	if (newEdits) return typeof doc._rev === 'string' ? doc._rev : null;
	const h = doc._revisions as { start?: unknown; ids?: unknown } | undefined;
	if (h && typeof h.start === 'number' && Array.isArray(h.ids) && typeof h.ids[1] === 'string') {
		return `${h.start - 1}-${h.ids[1]}`;
	}
	return null;
}

/**
 * Why these writes would delete a record outright, or null. `docs` are one request's documents
 * (`_bulk_docs` or a single PUT/POST); `newEdits` false for replicated writes.
 */
export async function mergeTombstoneProblem(
	db: string,
	docs: Doc[],
	newEdits: boolean,
	store: TombstoneStore
): Promise<string | null> {
	const byId = new Map<string, Doc[]>();
	for (const doc of docs) {
		if (typeof doc._id !== 'string') continue;
		const list = byId.get(doc._id) ?? [];
		list.push(doc);
		byId.set(doc._id, list);
	}
	for (const [id, list] of byId) {
		const closed = new Set(
			list
				.filter(isMergeTombstone)
				.map((d) => parentRev(d, newEdits))
				.filter((r): r is string => r !== null)
		);
		if (closed.size === 0) continue;
		const leaves = (await store.leaves(db, id)) ?? [];
		let standing = leaves.filter((l) => !l.deleted && !closed.has(l.rev)).length;
		if (standing === 0 && !newEdits) {
			// A replicated merge can bring the merged version in the same request (its branch new
			// to the server): it counts once the server confirms the revision is new.
			const fresh = list
				.filter((d) => d._deleted !== true && typeof d._rev === 'string' && !closed.has(d._rev))
				.map((d) => d._rev as string);
			if (fresh.length) standing = ((await store.missing(db, { [id]: fresh }))[id] ?? []).length;
		}
		if (standing === 0) {
			return (
				`${id}: only the losing version of a conflict can be closed with "mergedInto"; this is the record's ` +
				'only version, so it would be deleted. Records are archived, never deleted.'
			);
		}
	}
	return null;
}

/** A per-database queue, so two requests cannot each close a different last branch at once. */
function serialiser() {
	const tails = new Map<string, Promise<void>>();
	return async (key: string): Promise<() => void> => {
		const before = tails.get(key) ?? Promise.resolve();
		let release!: () => void;
		const mine = new Promise<void>((r) => (release = r));
		const tail = before.then(() => mine);
		tails.set(key, tail);
		await before;
		return () => {
			release();
			if (tails.get(key) === tail) tails.delete(key);
		};
	};
}

export interface TombstoneGuardOptions {
	/** The CouchDB API the leaves are read from, asked with the request's own credentials. */
	couchUrl(): string;
	bodyLimit: string | number;
	log?: (message: string) => void;
	/** Sent with every read this check makes (marks them as the server's own). */
	headers?: Record<string, string>;
}

/** Reads leaves over HTTP as the requester (works against the embedded server and CouchDB 3 alike). */
export function httpTombstoneStore(couchUrl: string, headers: Record<string, string>): TombstoneStore {
	const base = couchUrl.replace(/\/+$/, '');
	return {
		async leaves(db, id) {
			const r = await fetch(`${base}/${encodeURIComponent(db)}/${encodeURIComponent(id)}?open_revs=all`, {
				headers: { ...headers, Accept: 'application/json' },
				signal: AbortSignal.timeout(30_000)
			});
			if (r.status === 404) return null;
			if (!r.ok) throw new Error(`reading the versions of ${id}: HTTP ${r.status}`);
			const rows = (await r.json()) as Array<{ ok?: Doc }>;
			return rows.flatMap((row) =>
				row.ok && typeof row.ok._rev === 'string' ? [{ rev: row.ok._rev, deleted: row.ok._deleted === true }] : []
			);
		},
		async missing(db, revs) {
			const r = await fetch(`${base}/${encodeURIComponent(db)}/_revs_diff`, {
				method: 'POST',
				headers: { ...headers, Accept: 'application/json', 'Content-Type': 'application/json' },
				body: JSON.stringify(revs),
				signal: AbortSignal.timeout(30_000)
			});
			if (!r.ok) throw new Error(`_revs_diff: HTTP ${r.status}`);
			const body = (await r.json()) as Record<string, { missing?: string[] }>;
			return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v.missing ?? []]));
		}
	};
}

function sendError(res: Response, status: number, error: string, reason: string) {
	if (res.headersSent) return;
	res
		.status(status)
		.type('application/json')
		.send(JSON.stringify({ error, reason }) + '\n');
}

/**
 * Middleware for `/couch`: document writes (`POST /<db>/_bulk_docs`, `PUT /<db>/<id>`,
 * `POST /<db>`) are read here; a request with a `mergedInto` tombstone waits its turn for the
 * database and is refused with 403 when it would delete a record. The raw body is kept on
 * `req.rawBody` so a proxy can send it on unchanged.
 */
export function mergeTombstoneGuard(opts: TombstoneGuardOptions): RequestHandler {
	const parse = require('body-parser').json({
		limit: opts.bodyLimit,
		type: () => true,
		verify: (req: Request & { rawBody?: Buffer }, _res: Response, buf: Buffer) => {
			req.rawBody = buf;
		}
	}) as RequestHandler;
	const queue = serialiser();

	return (req: Request, res: Response, next: NextFunction) => {
		const parts = req.path.split('/').filter(Boolean);
		const method = req.method.toUpperCase();
		const db = parts[0] ? safeDecode(parts[0]) : null;
		if (!db || db.startsWith('_') || /^multipart\//i.test(req.headers['content-type'] ?? '')) return next();
		const bulk = method === 'POST' && parts.length === 2 && parts[1]!.toLowerCase() === '_bulk_docs';
		const single =
			(method === 'PUT' && parts.length === 2 && !parts[1]!.startsWith('_')) ||
			(method === 'POST' && parts.length === 1);
		if (!bulk && !single) return next();
		parse(req, res, (err?: unknown) => {
			if (err) return next(err);
			void (async () => {
				const body = req.body as Doc | undefined;
				const q = req.query as Record<string, unknown>;
				const newEdits = !(body?.new_edits === false || q.new_edits === 'false');
				let docs: Doc[] = [];
				if (bulk && Array.isArray(body?.docs))
					docs = (body.docs as unknown[]).filter((d): d is Doc => !!d && typeof d === 'object');
				if (single && body && typeof body === 'object' && !Array.isArray(body)) {
					const doc: Doc = { ...body };
					if (method === 'PUT') doc._id ??= safeDecode(parts[1]!);
					if (typeof q.rev === 'string') doc._rev ??= q.rev;
					docs = [doc];
				}
				if (!docs.some(isMergeTombstone)) return next();
				const release = await queue(db);
				res.once('close', release);
				const headers: Record<string, string> = { ...opts.headers };
				if (req.headers.cookie) headers.cookie = req.headers.cookie;
				if (req.headers.authorization) headers.authorization = req.headers.authorization;
				try {
					const problem = await mergeTombstoneProblem(db, docs, newEdits, httpTombstoneStore(opts.couchUrl(), headers));
					if (problem) {
						opts.log?.(`refused a deletion in ${db}: ${problem}`);
						release();
						return sendError(res, 403, 'forbidden', problem);
					}
				} catch (e) {
					release();
					opts.log?.(`could not check a merge tombstone: ${(e as Error).message}`);
					return sendError(res, 503, 'service_unavailable', 'Could not check the versions of this record; try again.');
				}
				next();
			})();
		});
	};
}

function safeDecode(s: string): string | null {
	try {
		return decodeURIComponent(s);
	} catch {
		return null;
	}
}
