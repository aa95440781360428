/* eslint-disable @typescript-eslint/no-explicit-any -- CouchDB answers differ per endpoint; each use reads the fields it asked for */
/**
 * Visits (issue 17 item 7): a visitor account sees only the records shared for its visit.
 *
 * CouchDB has no per-document read permission, so each visit is a database of its own,
 * `visit-<org>-<id>`, created by this server as the server admin with the standard CouchDB API
 * (the same in front of a real CouchDB 3):
 * - `_security` admits the one visitor by name; nobody else but the server admin.
 * - `_design/visit` holds what was shared and until when (readable by the visitor, writable by no
 *   member: design documents are for database admins) and a `validate_doc_update` that refuses
 *   every write but the server admin's, so the visitor reads only.
 * - the chosen records are copied in with their revision history (`new_edits: false`), so a copy
 *   is the same revision as the organisation's record and a later change is a plain update.
 * The copy is kept filled by a sweep (at start and every few minutes): records changed, added or
 * withdrawn in the organisation database since are copied or taken out. The same sweep deletes
 * the database of a visit whose end date has passed, so an ended visit is gone from the server even
 * if nobody asks. A head of centre can refresh a visit at once, or end it early.
 *
 * Routes under `/couch/_waymark/visits` (admin = `<org>:admin`, or a server admin naming `org`):
 *   GET    /_waymark/visits             admin: the organisation's open visits
 *   POST   /_waymark/visits             admin: create one ({ visitor, pupilIds, groups, endsOn })
 *   POST   /_waymark/visits/<id>/refresh admin: copy the shared records again now
 *   DELETE /_waymark/visits/<id>        admin: end the visit now (the database is deleted)
 *   GET    /_waymark/visits/mine        visitor: their open visits (database name and end date)
 */
import type { Request, RequestHandler, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { localToday } from '../src/lib/domain/calendar-days';
import {
	endDateProblem,
	isSharedForVisit,
	isVisitOver,
	parseVisitDbName,
	visitDbName,
	visitRequestSchema,
	VISIT_ID,
	type Visit
} from '../src/lib/domain/visit';
import type { UserCtx } from './couch-guard';
import { couchRequest, orgDbName, SLUG, type AdminCredentials } from './provision';

const require = createRequire(import.meta.url);
export const VISIT_DESIGN_ID = '_design/visit';
/** How often open visits are refilled and ended ones removed. */
export const VISIT_SWEEP_MS = 5 * 60 * 1000;

/** Refuses every write but the server admin's (who fills the copy). Runs for every document write. */
const READ_ONLY_VALIDATION = `function (newDoc, oldDoc, userCtx) {
	if (userCtx.roles.indexOf('_admin') === -1) throw({ forbidden: 'A visit is read only: records are changed in the organisation, not here.' });
}`;

export function visitSecurity(visitor: string) {
	return { admins: { names: [], roles: [] }, members: { names: [visitor], roles: [] } };
}

async function ok(p: Promise<{ status: number; body: any }>, statuses: number[], what: string) {
	const r = await p;
	if (!statuses.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
	return r;
}

/** Creates the visit's database, locked to its visitor, and fills it. */
export async function createVisitDb(couchUrl: string, admin: AdminCredentials, visit: Visit): Promise<void> {
	const db = visitDbName(visit.org, visit.id);
	await ok(couchRequest(couchUrl, admin, 'PUT', `/${db}`), [201, 202], `creating ${db}`);
	// Security first: a database with no members is open to every signed-in user.
	await ok(
		couchRequest(couchUrl, admin, 'PUT', `/${db}/_security`, visitSecurity(visit.visitor)),
		[200, 201],
		`securing ${db}`
	);
	await ok(
		couchRequest(couchUrl, admin, 'PUT', `/${db}/_design/visit`, {
			_id: VISIT_DESIGN_ID,
			language: 'javascript',
			validate_doc_update: READ_ONLY_VALIDATION,
			visit
		}),
		[201, 202],
		`describing ${db}`
	);
	await fillVisitDb(couchUrl, admin, visit);
}

/** Reads a visit's description; null when the database is gone or is not a visit. */
export async function readVisit(couchUrl: string, admin: AdminCredentials, db: string): Promise<Visit | null> {
	const r = await couchRequest(couchUrl, admin, 'GET', `/${db}/${VISIT_DESIGN_ID}`);
	return r.status === 200 && r.body?.visit ? (r.body.visit as Visit) : null;
}

/** Every visit database on the server with its description. */
export async function listVisits(couchUrl: string, admin: AdminCredentials): Promise<{ db: string; visit: Visit }[]> {
	const all = await ok(couchRequest(couchUrl, admin, 'GET', '/_all_dbs'), [200], 'listing databases');
	const out: { db: string; visit: Visit }[] = [];
	for (const db of all.body as string[]) {
		if (!parseVisitDbName(db)) continue;
		const visit = await readVisit(couchUrl, admin, db);
		if (visit) out.push({ db, visit });
	}
	return out;
}

/**
 * Makes the visit database hold exactly the organisation's shared records: new and changed ones
 * are copied with their history, ones no longer shared (withdrawn, deleted) are deleted here.
 */
export async function fillVisitDb(
	couchUrl: string,
	admin: AdminCredentials,
	visit: Visit
): Promise<{ copied: number; removed: number }> {
	const db = visitDbName(visit.org, visit.id);
	const source = orgDbName(visit.org);
	const orgDocs = await ok(
		couchRequest(couchUrl, admin, 'GET', `/${source}/_all_docs?include_docs=true`),
		[200],
		`reading ${source}`
	);
	const wanted = new Map<string, string>();
	for (const row of orgDocs.body.rows as { id: string; doc: any }[]) {
		if (row.id.startsWith('_design/') || !row.doc) continue;
		if (isSharedForVisit(row.doc, visit)) wanted.set(row.id, row.doc._rev);
	}
	const here = await ok(couchRequest(couchUrl, admin, 'GET', `/${db}/_all_docs`), [200], `reading ${db}`);
	const have = new Map<string, string>();
	for (const row of here.body.rows as { id: string; value: { rev: string } }[]) {
		if (!row.id.startsWith('_design/')) have.set(row.id, row.value.rev);
	}
	const copies: any[] = [];
	for (const [id, rev] of wanted) {
		if (have.get(id) === rev) continue;
		// With its history and attachments, so it lands as the same revision (a plain update here).
		const r = await couchRequest(
			couchUrl,
			admin,
			'GET',
			`/${source}/${encodeURIComponent(id)}?rev=${encodeURIComponent(rev)}&revs=true&attachments=true`
		);
		if (r.status === 200) copies.push(r.body);
	}
	const removals = [...have]
		.filter(([id]) => !wanted.has(id))
		.map(([id, rev]) => ({ _id: id, _rev: rev, _deleted: true }));
	if (copies.length)
		await ok(
			couchRequest(couchUrl, admin, 'POST', `/${db}/_bulk_docs`, { docs: copies, new_edits: false }),
			[201, 202],
			`filling ${db}`
		);
	if (removals.length)
		await ok(
			couchRequest(couchUrl, admin, 'POST', `/${db}/_bulk_docs`, { docs: removals }),
			[201, 202],
			`emptying ${db}`
		);
	return { copied: copies.length, removed: removals.length };
}

export async function deleteVisitDb(couchUrl: string, admin: AdminCredentials, db: string): Promise<void> {
	await ok(couchRequest(couchUrl, admin, 'DELETE', `/${db}`), [200, 202, 404], `deleting ${db}`);
}

/** Ends visits past their end date (deleting their databases) and refills the open ones. */
export async function sweepVisits(
	couchUrl: string,
	admin: AdminCredentials,
	log?: (line: string) => void,
	today = localToday()
) {
	for (const { db, visit } of await listVisits(couchUrl, admin)) {
		try {
			if (isVisitOver(visit.endsOn, today)) {
				await deleteVisitDb(couchUrl, admin, db);
				log?.(`[waymark] visit ${db} ended on ${visit.endsOn}: its database was deleted`);
			} else {
				await fillVisitDb(couchUrl, admin, visit);
			}
		} catch (e) {
			log?.(`[waymark] visit ${db} could not be swept: ${(e as Error).message}`);
		}
	}
}

export interface VisitOptions {
	couchUrl: () => string;
	admin: () => AdminCredentials;
	whoIs(headers: { cookie?: string; authorization?: string }): Promise<UserCtx>;
	log?: (line: string) => void;
}

function send(res: Response, status: number, body: unknown) {
	res
		.status(status)
		.type('application/json')
		.send(JSON.stringify(body) + '\n');
}

const ADMIN_ROLE = /^([a-z0-9-]{1,40}):admin$/;
const VISITOR_ROLE = /^([a-z0-9-]{1,40}):visitor$/;

/** The organisation this person may manage visits for, or null. */
function adminOrg(who: UserCtx, asked: unknown): string | null {
	if (who.roles.includes('_admin')) return typeof asked === 'string' && SLUG.test(asked) ? asked : null;
	return who.roles.map((r) => ADMIN_ROLE.exec(r)?.[1]).find(Boolean) ?? null;
}

/** What a visitor's tablet and the Visits page are told about a visit. */
function summary(db: string, v: Visit) {
	return {
		id: v.id,
		db,
		visitor: v.visitor,
		pupilIds: v.pupilIds,
		groups: v.groups,
		endsOn: v.endsOn,
		orgName: v.orgName,
		createdBy: v.createdBy,
		createdAt: v.createdAt,
		refreshedAt: v.refreshedAt
	};
}

export function visitRoutes(opts: VisitOptions): RequestHandler {
	const jsonBody = require('body-parser').json({ limit: '1mb', type: () => true }) as RequestHandler;

	async function handle(req: Request, res: Response, rest: string) {
		let who: UserCtx;
		try {
			who = await opts.whoIs({ cookie: req.headers.cookie, authorization: req.headers.authorization });
		} catch {
			return send(res, 503, { error: 'service_unavailable', reason: 'Could not check who is signed in; try again.' });
		}
		if (!who.name) return send(res, 401, { error: 'unauthorized', reason: 'Sign in to see visits.' });
		const url = opts.couchUrl();
		const admin = opts.admin();
		try {
			if (rest === '/mine' && req.method === 'GET') {
				const orgs = who.roles.map((r) => VISITOR_ROLE.exec(r)?.[1]).filter(Boolean);
				const today = localToday();
				const mine = (await listVisits(url, admin)).filter(
					({ visit }) => visit.visitor === who.name && orgs.includes(visit.org) && !isVisitOver(visit.endsOn, today)
				);
				return send(res, 200, { visits: mine.map(({ db, visit }) => summary(db, visit)) });
			}
			const org = adminOrg(
				who,
				req.method === 'GET' || req.method === 'DELETE' ? req.query.org : (req.body?.org ?? req.query.org)
			);
			if (!org)
				return send(res, 403, {
					error: 'forbidden',
					reason: 'Only the head of centre (an organisation admin) can arrange visits.'
				});
			if (rest === '' && req.method === 'GET') {
				const visits = (await listVisits(url, admin)).filter(({ visit }) => visit.org === org);
				return send(res, 200, { visits: visits.map(({ db, visit }) => summary(db, visit)) });
			}
			if (rest === '' && req.method === 'POST') return await create(req, res, who, org);
			const m = /^\/([0-9a-f]{12})(\/refresh)?$/.exec(rest);
			if (m && VISIT_ID.test(m[1]!)) {
				const db = visitDbName(org, m[1]!);
				const visit = await readVisit(url, admin, db);
				if (!visit)
					return send(res, 404, { error: 'not_found', reason: 'There is no such visit (it may have ended).' });
				if (m[2] && req.method === 'POST') {
					const refreshedAt = new Date().toISOString();
					const counts = await fillVisitDb(url, admin, visit);
					await describe(url, admin, db, { ...visit, refreshedAt });
					return send(res, 200, { ok: true, ...counts, refreshedAt });
				}
				if (!m[2] && req.method === 'DELETE') {
					await deleteVisitDb(url, admin, db);
					opts.log?.(`[waymark] visit ${db} ended early by ${who.name}: its database was deleted`);
					return send(res, 200, { ok: true });
				}
			}
			return send(res, 404, { error: 'not_found', reason: 'No such visits request.' });
		} catch (e) {
			opts.log?.(`[waymark] visits: ${(e as Error).message}`);
			return send(res, 503, {
				error: 'service_unavailable',
				reason: 'The server could not arrange the visit just now. Try again.'
			});
		}
	}

	async function create(req: Request, res: Response, who: UserCtx, org: string) {
		const parsed = visitRequestSchema.safeParse(req.body);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return send(res, 400, {
				error: 'bad_request',
				reason: `The visit could not be arranged: ${issue?.message ?? 'it is not complete'}.`
			});
		}
		const request = parsed.data;
		const problem = endDateProblem(request.endsOn, localToday());
		if (problem) return send(res, 400, { error: 'bad_request', reason: problem });
		const url = opts.couchUrl();
		const admin = opts.admin();
		const account = await couchRequest(
			url,
			admin,
			'GET',
			`/_users/${encodeURIComponent(`org.couchdb.user:${request.visitor}`)}`
		);
		if (account.status !== 200 || !(account.body.roles as string[] | undefined)?.includes(`${org}:visitor`))
			return send(res, 400, {
				error: 'bad_request',
				reason: `${request.visitor} is not a visitor account of this organisation.`
			});
		const design = await couchRequest(url, admin, 'GET', `/${orgDbName(org)}/_design/waymark`);
		const visit: Visit = {
			...request,
			orgName: (design.status === 200 && design.body?.organisation?.name) || org,
			id: randomBytes(6).toString('hex'),
			org,
			createdBy: who.name!,
			createdAt: new Date().toISOString()
		};
		visit.refreshedAt = visit.createdAt;
		await createVisitDb(url, admin, visit);
		const db = visitDbName(org, visit.id);
		opts.log?.(`[waymark] visit ${db} for ${visit.visitor} arranged by ${who.name} until ${visit.endsOn}`);
		return send(res, 201, summary(db, visit));
	}

	return (req, res, next) => {
		const m = /^\/_waymark\/visits(\/.*)?$/.exec(req.path);
		if (!m) return next();
		const rest = (m[1] ?? '').replace(/\/+$/, '');
		if (req.method !== 'POST') return void handle(req, res, rest);
		jsonBody(req, res, (err?: unknown) => {
			if (err) return send(res, 400, { error: 'bad_request', reason: 'The visit was not readable JSON.' });
			void handle(req, res, rest);
		});
	};
}

async function describe(couchUrl: string, admin: AdminCredentials, db: string, visit: Visit) {
	const current = await couchRequest(couchUrl, admin, 'GET', `/${db}/${VISIT_DESIGN_ID}`);
	if (current.status !== 200) return;
	await couchRequest(couchUrl, admin, 'PUT', `/${db}/${VISIT_DESIGN_ID}`, { ...current.body, visit });
}

/** Sweeps at start and every few minutes; returns a stop function. */
export function visitSweeper(
	couchUrl: () => string,
	admin: () => AdminCredentials,
	log: (line: string) => void,
	everyMs = VISIT_SWEEP_MS
) {
	let running: Promise<void> | null = null;
	const run = () => {
		running ??= sweepVisits(couchUrl(), admin(), log)
			.catch((e: Error) => log(`[waymark] visits sweep failed: ${e.message}`))
			.finally(() => (running = null));
		return running;
	};
	const timer = setInterval(() => void run(), everyMs);
	timer.unref();
	return {
		run,
		async stop() {
			clearInterval(timer);
			await running;
		}
	};
}
