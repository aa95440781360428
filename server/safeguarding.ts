/**
 * Safeguarding concerns (issue: restricted records). CouchDB has no per-document read permission,
 * so the restricted notes live in a database of their own per organisation, `safeguarding-<org>`,
 * whose `_security` admits only `<org>:dsl` (the designated safeguarding lead and deputies).
 *
 * Classroom staff cannot be members of it (they would then read every note), so they do not write
 * to it directly: `POST /couch/_waymark/safeguarding` takes one note from any signed-in member of
 * staff, checks it, and writes it there as the server admin. The same works in front of a real
 * CouchDB 3. Retrying a note already received is answered as received (a dropped answer must not
 * leave the note on the tablet for ever); a different note under the same id is refused.
 */
import type { Request, RequestHandler, Response } from 'express';
import { createRequire } from 'node:module';
import { safeguardingDbName, safeguardingNoteSchema, safeguardingRole } from '../src/lib/domain/safeguarding-note';
import type { UserCtx } from './couch-guard';
import { couchRequest, putSecurity, type AdminCredentials } from './provision';

const require = createRequire(import.meta.url);
const STAFF_ROLE = /^([a-z0-9-]{1,40}):staff$/;

export function safeguardingSecurity(org: string) {
	return {
		admins: { names: [], roles: [] },
		members: { names: [], roles: [safeguardingRole(org)] }
	};
}

/** Creates `safeguarding-<org>` if missing and (re)locks it to the DSL role. */
export async function ensureSafeguardingDb(couchUrl: string, admin: AdminCredentials, org: string): Promise<void> {
	const db = safeguardingDbName(org);
	const created = await couchRequest(couchUrl, admin, 'PUT', `/${db}`);
	if (![201, 202, 412].includes(created.status)) throw new Error(`creating ${db}: ${created.status}`);
	// Security first and always: a database with no members is open to every signed-in user.
	const secured = await putSecurity(couchUrl, admin, db, safeguardingSecurity(org));
	if (![200, 201].includes(secured.status)) throw new Error(`securing ${db}: ${secured.status}`);
}

export interface SafeguardingOptions {
	couchUrl: () => string;
	admin: () => AdminCredentials;
	whoIs(headers: { cookie?: string; authorization?: string }): Promise<UserCtx>;
	log?: (line: string) => void;
}

function send(res: Response, status: number, body: Record<string, unknown>) {
	res
		.status(status)
		.type('application/json')
		.send(JSON.stringify(body) + '\n');
}

/** Fields a retry may differ in: the server's own bookkeeping. */
function content(doc: Record<string, unknown>): string {
	const { _rev: _r, receivedAt: _a, receivedBy: _b, ...rest } = doc;
	return JSON.stringify(
		Object.keys(rest)
			.sort()
			.map((k) => [k, rest[k]])
	);
}

export function safeguardingRoutes(opts: SafeguardingOptions): RequestHandler {
	const jsonBody = require('body-parser').json({ limit: '1mb', type: () => true }) as RequestHandler;
	const ready = new Set<string>();

	async function receive(req: Request, res: Response) {
		let who: UserCtx;
		try {
			who = await opts.whoIs({ cookie: req.headers.cookie, authorization: req.headers.authorization });
		} catch {
			return send(res, 503, { error: 'service_unavailable', reason: 'Could not check who is signed in; try again.' });
		}
		if (!who.name) return send(res, 401, { error: 'unauthorized', reason: 'Sign in to send a safeguarding concern.' });
		const org = who.roles.map((r) => STAFF_ROLE.exec(r)?.[1]).find(Boolean);
		if (!org)
			return send(res, 403, {
				error: 'forbidden',
				reason: 'Only staff of an organisation can record safeguarding concerns.'
			});
		const parsed = safeguardingNoteSchema.safeParse(req.body);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return send(res, 400, {
				error: 'bad_request',
				reason: `The concern could not be accepted: ${issue?.path.join('.') || 'note'} ${issue?.message ?? 'is not valid'}.`
			});
		}
		const note = parsed.data as Record<string, unknown> & { _id: string; createdBy: string };
		if (note.createdBy !== who.name)
			return send(res, 403, { error: 'forbidden', reason: 'A concern can only be sent by the person who wrote it.' });
		const db = safeguardingDbName(org);
		try {
			if (!ready.has(org)) {
				await ensureSafeguardingDb(opts.couchUrl(), opts.admin(), org);
				ready.add(org);
			}
			const path = `/${db}/${encodeURIComponent(note._id)}`;
			const { _rev: _ignored, ...fresh } = note;
			const stored = { ...fresh, receivedAt: new Date().toISOString(), receivedBy: who.name };
			const put = await couchRequest(opts.couchUrl(), opts.admin(), 'PUT', path, stored);
			if (put.status === 201 || put.status === 202) {
				opts.log?.(`[waymark] safeguarding concern ${note._id} received from ${who.name} for ${db}`);
				return send(res, 201, { ok: true, id: note._id });
			}
			if (put.status === 409) {
				const existing = await couchRequest(opts.couchUrl(), opts.admin(), 'GET', path);
				if (existing.status === 200 && content(existing.body as Record<string, unknown>) === content(stored))
					return send(res, 200, { ok: true, id: note._id, alreadyReceived: true });
				return send(res, 409, { error: 'conflict', reason: 'A different concern was already received under this id.' });
			}
			throw new Error(`status ${put.status}`);
		} catch (e) {
			opts.log?.(`[waymark] safeguarding concern could not be stored: ${(e as Error).message}`);
			return send(res, 503, {
				error: 'service_unavailable',
				reason: 'The concern could not be stored; it stays on the tablet.'
			});
		}
	}

	return (req, res, next) => {
		if (req.path !== '/_waymark/safeguarding') return next();
		if (req.method !== 'POST') return send(res, 405, { error: 'method_not_allowed', reason: 'Only POST.' });
		jsonBody(req, res, (err?: unknown) => {
			if (err) return send(res, 400, { error: 'bad_request', reason: 'The concern was not readable JSON.' });
			void receive(req, res);
		});
	};
}
