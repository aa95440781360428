/**
 * Visits (issue 17 item 7) against the real embedded server: a visitor reads only the records
 * shared for their visit, in a database of the visit's own; never the organisation database,
 * another visit or a record not shared; never writes; and the database is gone after the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../server/app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../server/provision';
import { sweepVisits } from '../../server/visits';
import { addDays, localToday } from '../../src/lib/domain/calendar-days';
import { makeDoc } from '../support/test-factories';
import {
	DEMO_DB,
	DEMO_LOGINS,
	TEACHER1,
	VISITOR,
	signInWithSecondFactor,
	startTestServer,
	type TestServer
} from './harness';

let srv: TestServer;
const HEAD = DEMO_LOGINS.find((l) => l.role === 'admin')!;
const VISITOR2 = { name: 'moderator2', password: 'moderator-pass-2' };
/** A non-member is refused: CouchDB 3 says 403 to a signed-in non-member, the embedded server 401. */
const REFUSED = [401, 403];

const shared = makeDoc('pupil', { givenName: 'Shared', familyName: 'Pupil' });
const other = makeDoc('pupil', { givenName: 'Other', familyName: 'Pupil' });
const sharedWork = makeDoc('markingNote', { pupilId: shared._id });
const sharedBehaviour = makeDoc('behaviour', { pupilId: shared._id });
const otherWork = makeDoc('markingNote', { pupilId: other._id });

beforeAll(async () => {
	srv = await startTestServer();
	await createStaff(srv.couchUrl, srv.admin, { org: 'demo', role: 'visitor', ...VISITOR2 });
	const put = await srv.adminFetch(`/${DEMO_DB}/_bulk_docs`, {
		method: 'POST',
		json: { docs: [shared, other, sharedWork, sharedBehaviour, otherWork] }
	});
	expect(put.status).toBe(201);
});
afterAll(async () => {
	await srv?.close();
});

/** The head of centre signs in with a second factor (admin role): enrol once, then use the cookie. */
let headCookie = '';
async function asHead(): Promise<string> {
	headCookie ||= await signInWithSecondFactor(srv.couchUrl, HEAD);
	return headCookie;
}

async function headFetch(path: string, init: RequestInit & { json?: unknown } = {}) {
	const { json, ...rest } = init;
	return fetch(`${srv.couchUrl}${path}`, {
		...rest,
		headers: { Cookie: await asHead(), Accept: 'application/json', 'Content-Type': 'application/json' },
		body: json === undefined ? undefined : JSON.stringify(json)
	});
}

interface Summary {
	id: string;
	db: string;
	endsOn: string;
}

async function arrange(visitor: string, pupilIds: string[], endsOn = addDays(localToday(), 7)): Promise<Summary> {
	const r = await headFetch('/_waymark/visits', { method: 'POST', json: { visitor, pupilIds, endsOn } });
	expect(r.status).toBe(201);
	return (await r.json()) as Summary;
}

const ids = async (res: Response) => ((await res.json()) as { rows: { id: string }[] }).rows.map((r) => r.id);

describe('a visit', () => {
	it('lets the visitor read the shared pupil and the chosen kinds of record, and nothing else', async () => {
		const visit = await arrange(VISITOR.name, [shared._id]);
		expect(visit.db).toMatch(/^visit-demo-[0-9a-f]{12}$/);

		const mine = await srv.userFetch(VISITOR.name, VISITOR.password, '/_waymark/visits/mine');
		expect(((await mine.json()) as { visits: Summary[] }).visits.map((v) => v.db)).toContain(visit.db);

		const all = await srv.userFetch(VISITOR.name, VISITOR.password, `/${visit.db}/_all_docs`);
		expect(all.status).toBe(200);
		const seen = await ids(all);
		expect(seen).toContain(shared._id);
		expect(seen).toContain(sharedWork._id);
		// Behaviour detail is not shared unless chosen; other pupils never.
		expect(seen).not.toContain(sharedBehaviour._id);
		expect(seen).not.toContain(other._id);
		expect(seen).not.toContain(otherWork._id);
		const notShared = await srv.userFetch(
			VISITOR.name,
			VISITOR.password,
			`/${visit.db}/${encodeURIComponent(other._id)}`
		);
		expect(notShared.status).toBe(404);
		// The copy is the organisation's own revision.
		const copy = (await (
			await srv.userFetch(VISITOR.name, VISITOR.password, `/${visit.db}/${encodeURIComponent(sharedWork._id)}`)
		).json()) as { _rev: string };
		const original = (await (await srv.adminFetch(`/${DEMO_DB}/${encodeURIComponent(sharedWork._id)}`)).json()) as {
			_rev: string;
		};
		expect(copy._rev).toBe(original._rev);
	});

	it('refuses the visitor the organisation database, its records and another visitor’s visit', async () => {
		expect(REFUSED).toContain((await srv.userFetch(VISITOR.name, VISITOR.password, `/${DEMO_DB}/_all_docs`)).status);
		expect(REFUSED).toContain(
			(await srv.userFetch(VISITOR.name, VISITOR.password, `/${DEMO_DB}/${encodeURIComponent(shared._id)}`)).status
		);
		expect(REFUSED).toContain((await srv.userFetch(VISITOR.name, VISITOR.password, `/${DEMO_DB}/_changes`)).status);
		const theirs = await arrange(VISITOR2.name, [other._id]);
		expect(REFUSED).toContain((await srv.userFetch(VISITOR.name, VISITOR.password, `/${theirs.db}/_all_docs`)).status);
		// …and staff are not members of a visit either: it is the visitor's alone.
		expect(REFUSED).toContain(
			(await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${theirs.db}/_all_docs`)).status
		);
		const mine = (await (await srv.userFetch(VISITOR.name, VISITOR.password, '/_waymark/visits/mine')).json()) as {
			visits: Summary[];
		};
		expect(mine.visits.map((v) => v.db)).not.toContain(theirs.db);
	});

	it('is read only for the visitor', async () => {
		const visit = await arrange(VISITOR.name, [shared._id]);
		const write = await srv.userFetch(
			VISITOR.name,
			VISITOR.password,
			`/${visit.db}/pupil:01KFAKE00000000000000000000`,
			{
				method: 'PUT',
				json: { type: 'pupil', givenName: 'Made up' }
			}
		);
		expect(write.status).toBe(403);
		const current = (await (
			await srv.userFetch(VISITOR.name, VISITOR.password, `/${visit.db}/${encodeURIComponent(shared._id)}`)
		).json()) as Record<string, unknown>;
		const change = await srv.userFetch(
			VISITOR.name,
			VISITOR.password,
			`/${visit.db}/${encodeURIComponent(shared._id)}`,
			{
				method: 'PUT',
				json: { ...current, givenName: 'Changed' }
			}
		);
		expect(change.status).toBe(403);
		const bulk = await srv.userFetch(VISITOR.name, VISITOR.password, `/${visit.db}/_bulk_docs`, {
			method: 'POST',
			json: { docs: [{ ...current, givenName: 'Changed' }] }
		});
		const results = (await bulk.json()) as { error?: string }[] | { error?: string };
		expect(Array.isArray(results) ? results[0]?.error : results.error).toBe('forbidden');
		// Nor may the visitor change what was shared or until when.
		const design = (await (
			await srv.userFetch(VISITOR.name, VISITOR.password, `/${visit.db}/_design/visit`)
		).json()) as {
			visit: { endsOn: string };
		};
		const extend = await srv.userFetch(VISITOR.name, VISITOR.password, `/${visit.db}/_design/visit`, {
			method: 'PUT',
			json: { ...design, visit: { ...design.visit, endsOn: '2099-01-01' } }
		});
		expect(REFUSED).toContain(extend.status);
		expect(REFUSED).toContain(
			(
				await srv.userFetch(VISITOR.name, VISITOR.password, `/${visit.db}/_security`, {
					method: 'PUT',
					json: { members: { names: [], roles: [] } }
				})
			).status
		);
	});

	it('follows changes in the organisation on refresh, and is gone after its end date', async () => {
		const visit = await arrange(VISITOR.name, [shared._id]);
		const later = makeDoc('markingNote', { pupilId: shared._id });
		expect((await srv.adminFetch(`/${DEMO_DB}/_bulk_docs`, { method: 'POST', json: { docs: [later] } })).status).toBe(
			201
		);
		const refreshed = await headFetch(`/_waymark/visits/${visit.id}/refresh`, { method: 'POST', json: {} });
		expect(refreshed.status).toBe(200);
		expect(await ids(await srv.userFetch(VISITOR.name, VISITOR.password, `/${visit.db}/_all_docs`))).toContain(
			later._id
		);

		// The day after the end date the sweep deletes the visit's database.
		await sweepVisits(srv.couchUrl, srv.admin, undefined, addDays(visit.endsOn, 1));
		expect((await srv.adminFetch(`/${visit.db}`)).status).toBe(404);
		expect(REFUSED.concat(404)).toContain(
			(await srv.userFetch(VISITOR.name, VISITOR.password, `/${visit.db}/_all_docs`)).status
		);
		const mine = (await (await srv.userFetch(VISITOR.name, VISITOR.password, '/_waymark/visits/mine')).json()) as {
			visits: Summary[];
		};
		expect(mine.visits.map((v) => v.db)).not.toContain(visit.db);
	});

	it('can be ended early by the head of centre', async () => {
		const visit = await arrange(VISITOR.name, [shared._id]);
		expect((await headFetch(`/_waymark/visits/${visit.id}`, { method: 'DELETE' })).status).toBe(200);
		expect((await srv.adminFetch(`/${visit.db}`)).status).toBe(404);
	});

	it('cannot be arranged by classroom staff or a visitor, nor for a staff account or a past date', async () => {
		const body = { visitor: VISITOR.name, pupilIds: [other._id], endsOn: addDays(localToday(), 3) };
		const byStaff = await srv.userFetch(TEACHER1.name, TEACHER1.password, '/_waymark/visits', {
			method: 'POST',
			json: body
		});
		expect(byStaff.status).toBe(403);
		expect(((await byStaff.json()) as { reason: string }).reason).toBe(
			'Only the head of centre (an organisation admin) can arrange visits.'
		);
		const byVisitor = await srv.userFetch(VISITOR.name, VISITOR.password, '/_waymark/visits', {
			method: 'POST',
			json: body
		});
		expect(byVisitor.status).toBe(403);
		expect((await srv.anonFetch('/_waymark/visits', { method: 'POST', json: body })).status).toBe(401);
		expect((await srv.userFetch(TEACHER1.name, TEACHER1.password, '/_waymark/visits')).status).toBe(403);

		const toStaff = await headFetch('/_waymark/visits', { method: 'POST', json: { ...body, visitor: TEACHER1.name } });
		expect(toStaff.status).toBe(400);
		expect(((await toStaff.json()) as { reason: string }).reason).toBe(
			'teacher1 is not a visitor account of this organisation.'
		);
		const past = await headFetch('/_waymark/visits', {
			method: 'POST',
			json: { ...body, endsOn: addDays(localToday(), -1) }
		});
		expect(past.status).toBe(400);
		expect(((await past.json()) as { reason: string }).reason).toBe(
			'The end date has passed: choose today or a later day.'
		);
	});

	it('the demo visitor has one open visit with three demo pupils', async () => {
		const mine = (await (await srv.userFetch(VISITOR.name, VISITOR.password, '/_waymark/visits/mine')).json()) as {
			visits: (Summary & { pupilIds: string[]; visitor: string })[];
		};
		const demo = mine.visits.find((v) => v.pupilIds.length === 3);
		expect(demo).toBeDefined();
		const seen = await ids(await srv.userFetch(VISITOR.name, VISITOR.password, `/${demo!.db}/_all_docs`));
		expect(seen.filter((id) => id.startsWith('pupil:'))).toHaveLength(3);
		expect(seen.filter((id) => id.startsWith('intake:'))).toHaveLength(6);
	});
});

describe('in front of a real CouchDB (proxy mode): only the standard CouchDB API is used', () => {
	let front: RunningServer;
	let dataDir: string;
	beforeAll(async () => {
		dataDir = mkdtempSync(path.join(tmpdir(), 'waymark-visits-proxy-'));
		front = await startServer({
			port: 0,
			dataDir,
			couchdbUrl: srv.couchUrl,
			adminPassword: srv.admin.password,
			seedDemo: false,
			quiet: true
		});
	});
	afterAll(async () => {
		await front?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	const as = (login: { name: string; password: string }, p: string, init: RequestInit & { json?: unknown } = {}) => {
		const { json, ...rest } = init;
		return fetch(`${front.couchUrl}${p}`, {
			...rest,
			headers: {
				Authorization: 'Basic ' + Buffer.from(`${login.name}:${login.password}`).toString('base64'),
				Accept: 'application/json',
				'Content-Type': 'application/json'
			},
			body: json === undefined ? undefined : JSON.stringify(json)
		});
	};

	it('arranges a visit the visitor reads, read only, and removes it at the end', async () => {
		const made = await as(front.admin, '/_waymark/visits', {
			method: 'POST',
			json: { org: 'demo', visitor: VISITOR.name, pupilIds: [shared._id], endsOn: addDays(localToday(), 2) }
		});
		expect(made.status).toBe(201);
		const visit = (await made.json()) as Summary;
		const seen = await ids(await as(VISITOR, `/${visit.db}/_all_docs`));
		expect(seen).toContain(shared._id);
		expect(seen).not.toContain(other._id);
		expect(REFUSED).toContain((await as(VISITOR, `/${DEMO_DB}/_all_docs`)).status);
		const write = await as(VISITOR, `/${visit.db}/pupil:01KFAKE00000000000000000001`, {
			method: 'PUT',
			json: { type: 'pupil' }
		});
		expect(write.status).toBe(403);
		expect((await as(TEACHER1, '/_waymark/visits', { method: 'POST', json: { org: 'demo' } })).status).toBe(403);
		expect((await as(front.admin, `/_waymark/visits/${visit.id}?org=demo`, { method: 'DELETE' })).status).toBe(200);
		expect((await srv.adminFetch(`/${visit.db}`)).status).toBe(404);
	});
});
