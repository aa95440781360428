/**
 * Deletion under the retention schedule (docs/retention.md). `POST /couch/_waymark/retention/delete
 * {"org", "group", "ids"}` from the organisation's data protection officer (role `<org>:admin`, or a
 * server admin): the server checks each named record against the schedule itself (the rule in
 * src/lib/domain/retention.ts, today on this server), and deletes only those due under that rule.
 *
 * Order matters: the certificate is written first. Purges do not replicate, so the certificate is
 * what tells every tablet to remove the records; written after the purge, a crash in between would
 * leave tablets holding (and one day pushing back) records the server no longer has.
 *
 * Removal: CouchDB 3's `_purge` (every leaf revision). The embedded server (PouchDB 7 on leveldb)
 * has no purge: there each record is deleted and the database compacted, so its contents are gone
 * and only its id remains as an empty tombstone.
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { createRequire } from 'node:module';
import { localToday } from '../src/lib/domain/calendar-days';
import { newId } from '../src/lib/domain/ids';
import {
	periodText,
	RETENTION_GROUPS,
	RETENTION_RULES,
	retentionOutcome,
	retentionReport,
	retentionSchedule,
	type RetentionGroup,
	type RetentionPupil,
	type RetentionRecord
} from '../src/lib/domain/retention';
import { SETTINGS_ID, type Settings } from '../src/lib/domain/settings';
import { SCHEMA_VERSION } from '../src/lib/domain/common';
import type { UserCtx } from './couch-guard';
import { couchRequest, orgDbName, SLUG, type AdminCredentials } from './provision';

const require = createRequire(import.meta.url);
/** CouchDB 3's default limit of documents per `_purge` request. */
const PURGE_BATCH = 100;
const MAX_IDS = 20_000;

export interface RetentionOptions {
	couchUrl: () => string;
	admin: () => AdminCredentials;
	whoIs(headers: { cookie?: string; authorization?: string }): Promise<UserCtx>;
	log?: (line: string) => void;
}

type Doc = RetentionRecord & { _rev: string; _conflicts?: string[] };

function send(res: Response, status: number, body: Record<string, unknown>) {
	res
		.status(status)
		.type('application/json')
		.send(JSON.stringify(body) + '\n');
}

/** SHA-256 of the sorted ids, one per line: lets an auditor check a list of ids against the certificate. */
export function idsHash(ids: readonly string[]): string {
	return createHash('sha256')
		.update([...ids].sort().join('\n'))
		.digest('hex');
}

export function retentionRoutes(opts: RetentionOptions): RequestHandler {
	const jsonBody = require('body-parser').json({ limit: '4mb', type: () => true }) as RequestHandler;
	const couch = (method: string, path: string, body?: unknown) =>
		couchRequest(opts.couchUrl(), opts.admin(), method, path, body);

	async function remove(req: Request, res: Response) {
		let who: UserCtx;
		try {
			who = await opts.whoIs({ cookie: req.headers.cookie, authorization: req.headers.authorization });
		} catch {
			return send(res, 503, { error: 'service_unavailable', reason: 'Could not check who is signed in; try again.' });
		}
		if (!who.name) return send(res, 401, { error: 'unauthorized', reason: 'Sign in to delete records.' });
		const input = (req.body ?? {}) as { org?: unknown; group?: unknown; ids?: unknown };
		const org = typeof input.org === 'string' ? input.org : '';
		if (!SLUG.test(org)) return send(res, 400, { error: 'bad_request', reason: 'Say which organisation.' });
		if (!who.roles.includes(`${org}:admin`) && !who.roles.includes('_admin'))
			return send(res, 403, {
				error: 'forbidden',
				reason: 'Only the data protection officer (an administrator of the organisation) can delete records.'
			});
		const group = input.group as RetentionGroup;
		if (!RETENTION_GROUPS.includes(group))
			return send(res, 400, { error: 'bad_request', reason: 'Say which rule of the retention schedule.' });
		const ids = Array.isArray(input.ids)
			? [...new Set(input.ids.filter((i): i is string => typeof i === 'string'))]
			: [];
		if (ids.length === 0 || ids.length > MAX_IDS)
			return send(res, 400, { error: 'bad_request', reason: `Name between 1 and ${MAX_IDS} records.` });
		const db = `/${orgDbName(org)}`;

		// The schedule and the records as the server holds them, judged here, not on the tablet's word.
		const settings = await couch('GET', `${db}/${encodeURIComponent(SETTINGS_ID)}`);
		const schedule = retentionSchedule(
			settings.status === 200 ? (settings.body as Settings).retentionSchedule : undefined
		);
		const docs = await allDocs(db, ids);
		const pupilIds = [
			...new Set(docs.map((d) => (d.type === 'pupil' ? d._id : d.pupilId)).filter((p) => typeof p === 'string'))
		];
		const pupils = new Map((await allDocs(db, pupilIds)).map((p) => [p._id, p as unknown as RetentionPupil]));
		const today = localToday();
		const due: Doc[] = [];
		const kept: { id: string; reason: string }[] = [];
		for (const id of ids) {
			const doc = docs.find((d) => d._id === id);
			if (!doc) {
				kept.push({ id, reason: 'Not on the server.' });
				continue;
			}
			const pupilId = doc.type === 'pupil' ? doc._id : typeof doc.pupilId === 'string' ? doc.pupilId : undefined;
			const outcome = retentionOutcome(doc, pupilId ? pupils.get(pupilId) : undefined, schedule, today);
			if (outcome.status === 'due' && outcome.group === group) due.push(doc);
			else
				kept.push({
					id,
					reason: outcome.status === 'kept' ? outcome.reason : `Not due under this rule: ${outcome.reason}`
				});
		}
		if (due.length === 0)
			return send(res, 409, {
				error: 'conflict',
				reason: 'None of these records is due for deletion under this rule.',
				kept
			});

		const dueIds = due.map((d) => d._id);
		const kinds = new Map<string, number>();
		for (const d of due) kinds.set(d.type, (kinds.get(d.type) ?? 0) + 1);
		const now = new Date().toISOString();
		const rule = RETENTION_RULES[group];
		const certificate = {
			_id: newId('retentionDeletion'),
			type: 'retentionDeletion',
			schemaVersion: SCHEMA_VERSION,
			createdAt: now,
			updatedAt: now,
			createdBy: who.name,
			updatedBy: who.name,
			group,
			ruleTitle: rule.title,
			period: periodText(group, schedule[group]),
			policy: rule.policy,
			deletedAt: now,
			deletedBy: who.name,
			kinds: [...kinds].map(([type, count]) => ({ type, count })),
			count: due.length,
			pupilCount: new Set(due.map((d) => (d.type === 'pupil' ? d._id : d.pupilId))).size,
			ids: dueIds,
			idsSha256: idsHash(dueIds)
		};
		const put = await couch('PUT', `${db}/${encodeURIComponent(certificate._id)}`, certificate);
		if (put.status !== 201 && put.status !== 202) {
			opts.log?.(`[waymark] retention: certificate not written (${put.status}); nothing deleted`);
			return send(res, 503, {
				error: 'service_unavailable',
				reason: 'The deletion could not be recorded; nothing was deleted.'
			});
		}
		const method = await purge(db, due);
		opts.log?.(
			`[waymark] retention: ${due.length} records deleted from ${db} by ${who.name} under ${group} (${method})`
		);
		return send(res, 200, { ok: true, certificate, method, kept });
	}

	/**
	 * `GET /_waymark/retention/report?org=`: the DPO's report over every record on the server (tablets
	 * hold only the working window), the schedule in force, and the certificates so far.
	 */
	async function report(req: Request, res: Response) {
		const who = await opts
			.whoIs({ cookie: req.headers.cookie, authorization: req.headers.authorization })
			.catch((): UserCtx => ({ name: null, roles: [] }));
		const org = typeof req.query.org === 'string' ? req.query.org : '';
		if (!who.name) return send(res, 401, { error: 'unauthorized', reason: 'Sign in to read the retention report.' });
		if (!SLUG.test(org) || (!who.roles.includes(`${org}:admin`) && !who.roles.includes('_admin')))
			return send(res, 403, {
				error: 'forbidden',
				reason: 'Only the data protection officer (an administrator of the organisation) can read this report.'
			});
		const db = `/${orgDbName(org)}`;
		const all = await couch('GET', `${db}/_all_docs?include_docs=true`);
		if (all.status !== 200) throw new Error(`reading records: ${all.status}`);
		const docs = (all.body as { rows: { id: string; doc?: Doc & Record<string, unknown> }[] }).rows.flatMap((r) =>
			r.doc && !r.id.startsWith('_design/') ? [r.doc] : []
		);
		const settings = docs.find((d) => d._id === SETTINGS_ID) as Settings | undefined;
		const schedule = retentionSchedule(settings?.retentionSchedule);
		const pupils = new Map(docs.filter((d) => d.type === 'pupil').map((p) => [p._id, p as unknown as RetentionPupil]));
		const names = new Map(
			docs
				.filter((d) => d.type === 'pupil')
				.map((p) => [p._id, `${String(p.givenName ?? '')} ${String(p.familyName ?? '')}`.trim()])
		);
		const groups = retentionReport(docs, pupils, schedule, localToday()).map((g) => ({
			...g,
			pupils: g.pupils.map((id) => ({ id, name: names.get(id) ?? 'A pupil whose record has gone' }))
		}));
		return send(res, 200, {
			today: localToday(),
			schedule: RETENTION_GROUPS.map((g) => ({ ...RETENTION_RULES[g], period: periodText(g, schedule[g]) })),
			groups,
			certificates: docs
				.filter((d) => d.type === 'retentionDeletion')
				.sort((a, b) => String(b.deletedAt).localeCompare(String(a.deletedAt)))
		});
	}

	async function allDocs(db: string, keys: string[]): Promise<Doc[]> {
		if (keys.length === 0) return [];
		const r = await couch('POST', `${db}/_all_docs?include_docs=true&conflicts=true`, { keys });
		if (r.status !== 200) throw new Error(`reading records: ${r.status}`);
		return (r.body as { rows: { doc?: Doc | null }[] }).rows.flatMap((row) => (row.doc ? [row.doc] : []));
	}

	/** Every leaf of each document goes (a conflict branch left behind would bring the record back). */
	async function purge(db: string, docs: Doc[]): Promise<'purge' | 'delete and compact'> {
		const leaves = new Map(docs.map((d) => [d._id, [d._rev, ...(d._conflicts ?? [])]]));
		let method: 'purge' | 'delete and compact' = 'purge';
		const entries = [...leaves];
		for (let i = 0; i < entries.length; i += PURGE_BATCH) {
			const r = await couch('POST', `${db}/_purge`, Object.fromEntries(entries.slice(i, i + PURGE_BATCH)));
			if (r.status === 201 || r.status === 202) continue;
			method = 'delete and compact';
			break;
		}
		if (method === 'purge') return method;
		// The embedded server: each leaf becomes an empty tombstone, then compaction drops the bodies.
		const tombstones = entries.flatMap(([id, revs]) => revs.map((rev) => ({ _id: id, _rev: rev, _deleted: true })));
		const r = await couch('POST', `${db}/_bulk_docs`, { docs: tombstones });
		if (r.status !== 201) throw new Error(`deleting records: ${r.status}`);
		await couch('POST', `${db}/_compact`, {});
		return method;
	}

	return (req, res, next) => {
		if (req.path === '/_waymark/retention/report' && req.method === 'GET')
			return void report(req, res).catch((e: unknown) => {
				opts.log?.(`[waymark] retention report: ${(e as Error).message}`);
				send(res, 503, { error: 'service_unavailable', reason: 'The report could not be read; try again.' });
			});
		if (req.path !== '/_waymark/retention/delete') return next();
		if (req.method !== 'POST') return send(res, 405, { error: 'method_not_allowed', reason: 'Only POST.' });
		jsonBody(req, res, (err?: unknown) => {
			if (err) return send(res, 400, { error: 'bad_request', reason: 'The request was not readable JSON.' });
			remove(req, res).catch((e: unknown) => {
				opts.log?.(`[waymark] retention: ${(e as Error).message}`);
				send(res, 503, { error: 'service_unavailable', reason: 'The deletion could not be finished; try again.' });
			});
		});
	};
}
