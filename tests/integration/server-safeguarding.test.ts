/**
 * Safeguarding concerns go to a database only the designated safeguarding lead can read, against
 * the real embedded server: any member of staff can send one, nobody else can read it, a retry is
 * not a second concern, and the organisation database never takes one.
 */
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	DEMO_DB,
	DEMO_LOGINS,
	TEACHER1,
	TEACHER2,
	VISITOR,
	signInWithSecondFactor,
	startTestServer,
	type TestServer
} from './harness';

let srv: TestServer;
const DSL = DEMO_LOGINS.find((l) => l.role === 'dsl')!;
const SAFEGUARDING_DB = 'safeguarding-demo';

beforeAll(async () => {
	srv = await startTestServer();
});
afterAll(async () => {
	await srv?.close();
});

function concern(extra: Record<string, unknown> = {}) {
	const now = new Date().toISOString();
	return {
		_id: `safeguardingNote:${ulid()}`,
		type: 'safeguardingNote',
		schemaVersion: 1,
		createdAt: now,
		updatedAt: now,
		createdBy: 'teacher1',
		updatedBy: 'teacher1',
		pupilId: `pupil:${ulid()}`,
		kind: 'disclosure',
		happenedOn: '2026-11-30',
		account: 'During break she said her stepfather hits her when he has been drinking.',
		actionTaken: 'Listened, did not ask leading questions, told her I must pass it on.',
		...extra
	};
}

/** A non-member is refused: CouchDB 3 says 403 to a signed-in non-member, the embedded server 401. */
const REFUSED = [401, 403];

/**
 * The safeguarding lead signs in with a second factor (server/second-factor.ts): enrol once, then
 * read with the session cookie. Basic auth is refused for such accounts, as it would skip the code.
 */
function leadCookie(): Promise<string> {
	return signInWithSecondFactor(srv.couchUrl, DSL);
}

const send = (login: { name: string; password: string }, body: unknown) =>
	srv.userFetch(login.name, login.password, '/_waymark/safeguarding', { method: 'POST', json: body });

describe('a safeguarding concern', () => {
	it('is taken from any member of staff and kept where only the safeguarding lead can read it', async () => {
		const note = concern();
		const sent = await send(TEACHER1, note);
		expect(sent.status).toBe(201);

		const asLead = await fetch(`${srv.couchUrl}/${SAFEGUARDING_DB}/${encodeURIComponent(note._id)}`, {
			headers: { Cookie: await leadCookie(), Accept: 'application/json' }
		});
		expect(asLead.status).toBe(200);
		expect(await asLead.json()).toMatchObject({ account: note.account, receivedBy: 'teacher1' });

		for (const login of [TEACHER1, TEACHER2, VISITOR]) {
			const read = await srv.userFetch(login.name, login.password, `/${SAFEGUARDING_DB}/_all_docs?include_docs=true`);
			expect(REFUSED, `${login.name} reading the restricted database`).toContain(read.status);
			const one = await srv.userFetch(
				login.name,
				login.password,
				`/${SAFEGUARDING_DB}/${encodeURIComponent(note._id)}`
			);
			expect(REFUSED, `${login.name} reading the concern`).toContain(one.status);
			const changes = await srv.userFetch(login.name, login.password, `/${SAFEGUARDING_DB}/_changes`);
			expect(REFUSED, `${login.name} following its changes`).toContain(changes.status);
		}
		expect((await srv.anonFetch(`/${SAFEGUARDING_DB}/_all_docs`)).status).toBe(401);
	});

	it('cannot be written straight into the restricted database, or its lock changed, by staff', async () => {
		const note = concern();
		const put = await srv.userFetch(
			TEACHER1.name,
			TEACHER1.password,
			`/${SAFEGUARDING_DB}/${encodeURIComponent(note._id)}`,
			{
				method: 'PUT',
				json: note
			}
		);
		expect(REFUSED).toContain(put.status);
		const lock = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${SAFEGUARDING_DB}/_security`, {
			method: 'PUT',
			json: { admins: { names: [], roles: [] }, members: { names: [], roles: ['demo:staff'] } }
		});
		expect(REFUSED).toContain(lock.status);
		const security = await (await srv.adminFetch(`/${SAFEGUARDING_DB}/_security`)).json();
		expect(security).toMatchObject({ members: { roles: ['demo:dsl'] } });
	});

	it('is never accepted into the organisation database, which every tablet replicates', async () => {
		const note = concern();
		const put = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/${encodeURIComponent(note._id)}`, {
			method: 'PUT',
			json: note
		});
		expect(put.status).toBe(403);
	});

	it('sent twice (the first answer lost on the way) is one concern; a different one under that id is refused', async () => {
		const note = concern();
		expect((await send(TEACHER1, note)).status).toBe(201);
		const again = await send(TEACHER1, note);
		expect(again.status).toBe(200);
		expect(await again.json()).toMatchObject({ ok: true, alreadyReceived: true });
		const changed = await send(TEACHER1, { ...note, account: 'Something else entirely.' });
		expect(changed.status).toBe(409);
		const all = (await (await srv.adminFetch(`/${SAFEGUARDING_DB}/_all_docs`)).json()) as { rows: { id: string }[] };
		expect(all.rows.filter((r) => r.id === note._id)).toHaveLength(1);
	});

	it('is refused from a visitor, from nobody, in someone else’s name, and when it is not a valid concern', async () => {
		expect((await send(VISITOR, concern({ createdBy: 'visitor1', updatedBy: 'visitor1' }))).status).toBe(403);
		const anonymous = await srv.anonFetch('/_waymark/safeguarding', { method: 'POST', json: concern() });
		expect(anonymous.status).toBe(401);
		const forged = await send(TEACHER2, concern());
		expect(forged.status).toBe(403);
		expect(await forged.json()).toMatchObject({ reason: 'A concern can only be sent by the person who wrote it.' });
		const empty = await send(TEACHER1, concern({ account: '' }));
		expect(empty.status).toBe(400);
		expect(((await empty.json()) as { reason: string }).reason).toMatch(/^The concern could not be accepted: account/);
		const junk = await srv.userFetch(TEACHER1.name, TEACHER1.password, '/_waymark/safeguarding', {
			method: 'POST',
			body: '{not json',
			headers: { 'Content-Type': 'application/json' }
		});
		expect(junk.status).toBe(400);
	});
});
