/**
 * Guards in front of express-pouchdb 4.2 (PouchDB 7.3 inside, last released 2019).
 *
 * That server dies or wedges on ordinary requests (see platform-notes.md, DANGER): a `_changes`
 * with `filter=_selector` or a missing filter, an anonymous `PUT /newdb` once an admin exists,
 * a refused anonymous `DELETE /db`. Everything here runs BEFORE express-pouchdb sees the request
 * and answers CouchDB-style JSON errors, so the process keeps serving.
 *
 * Only used with the embedded server; a real CouchDB 3 behind the proxy needs none of it.
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { createRequire } from 'node:module';
import { SECRET_USER_FIELDS } from './password-hashing';
import { MEMBER_DB_ENDPOINTS, idsInBody, reservedIdProblem } from './reserved-ids';

const require = createRequire(import.meta.url);

export interface GuardOptions {
	/** Asks the server itself who is making the request (`GET <couchUrl>/_session`). */
	whoIs(headers: { cookie?: string; authorization?: string }): Promise<UserCtx>;
	/** Largest JSON body read when the guard has to look inside a `_changes` body. */
	bodyLimit: string | number;
	log?: (message: string) => void;
}

export interface UserCtx {
	name: string | null;
	roles: string[];
}

function sendError(res: Response, status: number, error: string, reason: string) {
	if (res.headersSent) return;
	res
		.status(status)
		.type('application/json')
		.send(JSON.stringify({ error, reason }) + '\n');
}

/** Top-level `_` endpoints anyone may use; every other one is for server admins only. */
const PUBLIC_SERVER_ENDPOINTS = new Set(['_session', '_uuids', '_up']);

/** The only `_changes` filter the embedded server runs safely. */
const SAFE_FILTERS = new Set(['_doc_ids']);

function firstValue(v: unknown): unknown {
	return Array.isArray(v) ? v[0] : v;
}

/** Decodes a path segment, or returns null when it is malformed (`%zz`). */
function decodeSegment(s: string): string | null {
	try {
		return decodeURIComponent(s);
	} catch {
		return null;
	}
}

export function couchGuard(opts: GuardOptions): RequestHandler {
	const jsonBody = require('body-parser').json({ limit: opts.bodyLimit, type: () => true }) as RequestHandler;

	async function isServerAdmin(req: Request): Promise<boolean> {
		const ctx = await opts.whoIs({
			cookie: req.headers.cookie,
			authorization: req.headers.authorization
		});
		return ctx.roles.includes('_admin');
	}

	async function requireServerAdmin(req: Request, res: Response, next: NextFunction, what: string) {
		let admin: boolean;
		try {
			admin = await isServerAdmin(req);
		} catch (e) {
			opts.log?.(`guard: could not check the session: ${(e as Error).message}`);
			return sendError(res, 503, 'service_unavailable', 'Could not check who is signed in; try again.');
		}
		if (admin) return next();
		const signedIn = Boolean(req.headers.cookie?.includes('AuthSession=') || req.headers.authorization);
		// CouchDB answers 401 to the anonymous and 403 to a signed-in user who is not an admin.
		return signedIn
			? sendError(res, 403, 'forbidden', `You are not a server admin: ${what} is for server admins only.`)
			: sendError(res, 401, 'unauthorized', `You are not a server admin: ${what} is for server admins only.`);
	}

	/**
	 * `_users` and the other system databases are for server admins, except that a signed-in
	 * user may read and update their own account (CouchDB's rules then stop role changes).
	 * Anonymous sign-up is not offered: accounts are made by an admin.
	 */
	async function guardSystemDb(req: Request, res: Response, next: NextFunction, segments: string[]) {
		let ctx: UserCtx;
		try {
			ctx = await opts.whoIs({ cookie: req.headers.cookie, authorization: req.headers.authorization });
		} catch (e) {
			opts.log?.(`guard: could not check the session: ${(e as Error).message}`);
			return sendError(res, 503, 'service_unavailable', 'Could not check who is signed in; try again.');
		}
		if (ctx.roles.includes('_admin')) return next();
		const own =
			segments[0] === '_users' &&
			segments.length === 2 &&
			ctx.name !== null &&
			segments[1] === `org.couchdb.user:${ctx.name}` &&
			['GET', 'HEAD', 'PUT'].includes(req.method);
		// express-pouchdb treats the signed-in user as an admin of their own account's request, so
		// the body must not name another account (or a local document) instead.
		if (own && req.method === 'PUT') return checkWriteBody(req, res, next, segments[1]);
		if (own) {
			hideSecretFields(res);
			return next();
		}
		return ctx.name === null
			? sendError(res, 401, 'unauthorized', 'You are not authorized to access this db.')
			: sendError(res, 403, 'forbidden', 'You may only read and change your own account.');
	}

	function checkChanges(req: Request, res: Response, next: NextFunction) {
		const q = req.query as Record<string, unknown>;
		const problem = changesProblem(q, undefined);
		if (problem) return sendError(res, 400, 'bad_request', problem);
		if (req.method !== 'POST') return next();
		// Look inside the body too (PouchDB 9 POSTs `_changes` with `doc_ids` or a selector).
		jsonBody(req, res, (err?: unknown) => {
			if (err) {
				const e = err as { status?: number; type?: string };
				if (e.status === 413) return sendError(res, 413, 'too_large', 'the request entity is too large');
				return sendError(res, 400, 'bad_request', 'invalid_json');
			}
			const bodyProblem = changesProblem(q, req.body);
			if (bodyProblem) return sendError(res, 400, 'bad_request', bodyProblem);
			next();
		});
	}

	/**
	 * Reads a JSON write body and checks every document id it names (and `?id=`, which
	 * express-pouchdb prefers to the address): no reserved local ids, and for a single-document
	 * write (`expectedId`) the id it will really use must be the one in the address.
	 */
	function checkWriteBody(req: Request, res: Response, next: NextFunction, expectedId?: string) {
		if (/^multipart\//i.test(req.headers['content-type'] ?? '')) {
			return sendError(res, 415, 'bad_content_type', 'Multipart document uploads are not supported by this server.');
		}
		jsonBody(req, res, (err?: unknown) => {
			if (err) {
				const e = err as { status?: number };
				if (e.status === 413) return sendError(res, 413, 'too_large', 'the request entity is too large');
				return sendError(res, 400, 'bad_request', 'invalid_json');
			}
			const queryId = firstValue((req.query as Record<string, unknown>).id);
			const body: unknown = req.body;
			for (const id of [...idsInBody(body), queryId]) {
				const problem = reservedIdProblem(id);
				if (problem) {
					opts.log?.(`guard: refused a write to ${String(id)} (${req.method} ${req.originalUrl})`);
					return sendError(res, 403, 'forbidden', problem);
				}
			}
			if (expectedId !== undefined) {
				const b = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
				const used = b._id || queryId || expectedId;
				if (used !== expectedId) {
					return sendError(res, 400, 'bad_request', 'The document id in the body must match the one in the address.');
				}
			}
			next();
		});
	}

	/** COPY writes the Destination header's id as given (express-pouchdb does not decode it). */
	function checkCopy(req: Request, res: Response, next: NextFunction) {
		const dest = String(req.headers.destination ?? '');
		const id = (/(.+?)\?rev=(.+)/.exec(dest)?.[1] ?? dest).trim();
		const decoded = decodeSegment(id) ?? id;
		if (id.startsWith('_') || decoded.startsWith('_')) {
			return sendError(res, 403, 'forbidden', 'COPY may only write ordinary records, not ids beginning with "_".');
		}
		next();
	}

	/** `/couch/<db>/…`: the ids beginning with "_" are where validate_doc_update does not reach. */
	function guardDatabase(req: Request, res: Response, next: NextFunction, segments: string[], raw: string[]) {
		let rest = segments.slice(1);
		let rawRest = raw.slice(1);
		if (rest.length > 0 && rest[rest.length - 1] === '') {
			rest = rest.slice(0, -1);
			rawRest = rawRest.slice(0, -1);
		}
		if (rest.includes('')) return sendError(res, 400, 'bad_request', 'The address has an empty part ("//").');
		const method = req.method.toUpperCase();
		const reading = method === 'GET' || method === 'HEAD';

		if (rest.length === 0) {
			// /couch/<db>: PUT creates, DELETE deletes, POST writes a document named in its body.
			if (method === 'PUT' || method === 'DELETE') {
				return void requireServerAdmin(
					req,
					res,
					next,
					method === 'PUT' ? 'creating a database' : 'deleting a database'
				);
			}
			if (method === 'POST') return checkWriteBody(req, res, next);
			return next();
		}

		// express-pouchdb matches its routes case-insensitively (`_BULK_DOCS` is `_bulk_docs`).
		const head = rest[0]!.toLowerCase();
		// Its document routes take everything after the database as the id (`/:db/:id(*)`).
		const docPath = rest.join('/');
		if (head === '_temp_view') return sendError(res, 410, 'gone', 'Temporary views are not supported.');
		if (head === '_changes' && rest.length === 1) return checkChanges(req, res, next);

		if (head === '_local' || head.startsWith('_local/')) {
			const problem = reservedIdProblem(docPath.toLowerCase() === '_local' ? '_local' : docPath);
			if (problem) {
				if (!reading) opts.log?.(`guard: refused ${method} ${req.originalUrl}`);
				return sendError(res, 403, 'forbidden', problem);
			}
			if (method === 'PUT') return checkWriteBody(req, res, next, docPath);
			if (reading || method === 'DELETE') return next();
			return sendError(res, 403, 'forbidden', 'Replication checkpoints are read, written and deleted, nothing else.');
		}

		if (head.startsWith('_') && !head.startsWith('_design')) {
			if (rest.length === 1 && MEMBER_DB_ENDPOINTS.has(head)) {
				if (head === '_bulk_docs' && method === 'POST') return checkWriteBody(req, res, next);
				return next();
			}
			// _purge, _revs_limit and anything else: changing them is for server admins.
			if (reading) return next();
			return void requireServerAdmin(req, res, next, `${method} ${rest[0]}`);
		}

		// An ordinary record, or a design document (pouchdb-security keeps those to database admins).
		if (method === 'COPY') return checkCopy(req, res, next);
		if (method === 'PUT' && !isAttachmentPath(rawRest)) return checkWriteBody(req, res, next, docPath);
		if (method === 'POST' && rest.length === 1) {
			return sendError(res, 415, 'bad_content_type', 'Multipart document uploads are not supported by this server.');
		}
		return next();
	}

	return function guard(req, res, next) {
		// req.path is relative to the mount point (/couch).
		const raw = req.path.split('/').filter((s, i) => i > 0 || s !== '');
		const segments = raw.map(decodeSegment);
		if (segments.some((s) => s === null)) {
			return sendError(res, 400, 'bad_request', 'The address is not valid (bad percent-encoding).');
		}
		const [first] = segments as string[];
		if (!first) return next(); // GET / — the welcome message

		if (isDatabaseName(first)) return void guardSystemDb(req, res, next, segments as string[]);

		if (first.startsWith('_')) {
			// A server endpoint: _session, _uuids, _all_dbs, _config, _replicate, _restart…
			if (first === '_up' && segments.length === 1) {
				res.status(200).type('application/json').send('{"status":"ok"}\n');
				return;
			}
			if (PUBLIC_SERVER_ENDPOINTS.has(first)) return next();
			return void requireServerAdmin(req, res, next, `/${first}`);
		}
		return guardDatabase(req, res, next, segments as string[], raw);
	};
}

/**
 * Whether express-pouchdb routes a PUT/DELETE to its attachment handlers: `/:db/_design/:id/:att`
 * or `/:db/:id/:att` with an id other than `_design`/`_local` (raw, undecoded segments).
 */
function isAttachmentPath(rawRest: string[]): boolean {
	const first = rawRest[0]?.toLowerCase();
	if (first === '_design') return rawRest.length >= 3;
	return rawRest.length >= 2 && first !== '_local';
}

/**
 * A user reading their own account gets it without the password hash and what it was made with
 * (an offline guessing attack needs exactly those). express-pouchdb answers with one res.send().
 */
function hideSecretFields(res: Response) {
	const strip = (v: unknown): unknown => {
		if (Array.isArray(v)) return v.map(strip);
		if (v && typeof v === 'object') {
			return Object.fromEntries(
				Object.entries(v).flatMap(([k, x]) => (SECRET_USER_FIELDS.includes(k) ? [] : [[k, strip(x)]]))
			);
		}
		return v;
	};
	res.send = ((body?: unknown) => {
		// The prototype's send at the time of the call: express-pouchdb's own app sets it.
		const send = (Object.getPrototypeOf(res) as Response).send.bind(res);
		if (typeof body === 'string' || Buffer.isBuffer(body)) {
			try {
				return send(Buffer.from(JSON.stringify(strip(JSON.parse(body.toString())))));
			} catch {
				// not JSON: sent as it is
			}
		}
		return send(body);
	}) as typeof res.send;
}

/** `_users`, `_replicator` and `_global_changes` are databases, not server endpoints. */
function isDatabaseName(name: string): boolean {
	return name === '_users' || name === '_replicator' || name === '_global_changes';
}

function changesProblem(query: Record<string, unknown>, body: unknown): string | null {
	const filter = firstValue(query.filter);
	if (filter !== undefined && filter !== '' && !SAFE_FILTERS.has(String(filter))) {
		return `The filter "${String(filter)}" is not supported by this server; only _doc_ids is. Replicate without a filter.`;
	}
	for (const key of ['selector', 'view']) {
		if (query[key] !== undefined) return `The "${key}" option of _changes is not supported by this server.`;
	}
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const b = body as Record<string, unknown>;
		if (b.filter !== undefined && !SAFE_FILTERS.has(String(b.filter))) {
			return `The filter "${String(b.filter)}" is not supported by this server; only _doc_ids is.`;
		}
		if (b.selector !== undefined && filter !== undefined) {
			return 'Selector-filtered _changes is not supported by this server; replicate without a selector.';
		}
		if (b.selector !== undefined) {
			return 'Selector-filtered _changes is not supported by this server; replicate without a selector.';
		}
	}
	return null;
}

/** Last stop for anything thrown while handling a request: JSON 500, never a dead process. */
export function jsonErrorHandler(log?: (message: string) => void): ErrorRequestHandler {
	return (err, req, res, next) => {
		const e = err as { status?: number; statusCode?: number; message?: string; type?: string; stack?: string };
		const status = Number(e?.status ?? e?.statusCode) || 500;
		if (status >= 500) log?.(`error on ${req.method} ${req.originalUrl}: ${e?.stack ?? e?.message ?? String(err)}`);
		if (res.headersSent) {
			res.end();
			return;
		}
		if (status === 413) return sendError(res, 413, 'too_large', 'the request entity is too large');
		if (status === 400) return sendError(res, 400, 'bad_request', e?.message ?? 'bad request');
		if (status < 500 && status >= 400) return sendError(res, status, 'error', e?.message ?? 'error');
		sendError(res, 500, 'internal_server_error', 'The server hit an error handling this request; it is still running.');
		void next;
	};
}

let processGuardsInstalled = false;

/** Logs, never exits, on stray rejections and exceptions from the 2019-era server code. */
export function installProcessGuards(log: (message: string) => void = console.error) {
	if (processGuardsInstalled) return;
	processGuardsInstalled = true;
	process.on('unhandledRejection', (reason) => {
		log(`[waymark] unhandled rejection (kept running): ${(reason as Error)?.stack ?? String(reason)}`);
	});
	process.on('uncaughtException', (err) => {
		log(`[waymark] uncaught exception (kept running): ${err?.stack ?? String(err)}`);
	});
}

/**
 * express-pouchdb serialises database creation/deletion on ONE global promise chain and never
 * recovers it after a rejection: one refused DELETE then hangs every later request. Replace the
 * module's functions (before express-pouchdb's other modules capture them) with versions whose
 * chain survives a failure.
 */
export function patchCreateOrDeleteDbs() {
	const mod = require('express-pouchdb/lib/create-or-delete-dbs') as {
		getOrCreateDB: (P: unknown, name: string) => Promise<unknown>;
		deleteDB: (P: unknown, name: string, opts: unknown) => Promise<unknown>;
		__waymarkPatched?: boolean;
	};
	if (mod.__waymarkPatched) return;
	let chain: Promise<unknown> = Promise.resolve();
	const sequentially = <T>(fun: () => T | Promise<T>): Promise<T> => {
		const p = chain.then(fun);
		chain = p.catch(() => undefined);
		return p;
	};
	type Ctor = {
		new (name: string): { destroy(o?: unknown): Promise<unknown> };
		destroy(n: string, o?: unknown): Promise<unknown>;
		__dbCacheMap?: Map<string, unknown>;
	};
	mod.getOrCreateDB = (P, dbName) =>
		sequentially(() => {
			const PouchDB = P as Ctor;
			let map = PouchDB.__dbCacheMap;
			if (!map) map = PouchDB.__dbCacheMap = new Map();
			const cached = map.get(dbName);
			if (cached) return cached;
			const db = new PouchDB(dbName);
			map.set(dbName, db);
			return db;
		});
	mod.deleteDB = (P, dbName, o) =>
		sequentially(() => {
			const PouchDB = P as Ctor;
			const cache = PouchDB.__dbCacheMap;
			const db = cache?.get(dbName) as { destroy(o?: unknown): Promise<unknown> } | undefined;
			if (!db) return PouchDB.destroy(dbName, o);
			return db.destroy(o).then((r) => {
				cache?.delete(dbName);
				return r;
			});
		});
	mod.__waymarkPatched = true;
}
