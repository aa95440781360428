/**
 * Deletion under the retention schedule against the real embedded server: the data protection
 * officer's request removes only records due under the rule, leaves a certificate, and a second
 * tablet removes the records at its next sync and never sends them back; staff cannot delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localToday } from '../../src/lib/domain/calendar-days';
import { SETTINGS_ID } from '../../src/lib/domain/settings';
import { windowStart } from '../../src/lib/domain/working-window';
import type { OutboxEntry } from '../../src/lib/store/db';
import { createStaff } from '../../server/provision';
import { makeDoc } from '../support/test-factories';
import { DEMO_DB, signInWithSecondFactor, startTestServer, TEACHER1, TEACHER2, type TestServer } from './harness';
import { TestTablet, waitFor } from './sync-tablet';

let srv: TestServer;
let tablet: TestTablet;
const DPO = { name: 'dpo1', password: 'dpo-password-1' };

// Records a tablet still holds (inside the working window, a leaver of last week) yet due: born
// 1995, so DOB + 25 fell in 2020, and attendance kept 1 year (this organisation's choice) from
// the first day of the window (always more than a year ago).
const today = localToday();
const leaver = makeDoc('pupil', {
	dateOfBirth: '1995-01-10',
	status: 'left',
	endDate: addDays(today, -5),
	senStatus: 'none'
});
const onRoll = makeDoc('pupil');
const oldMark = makeDoc('attendance', { pupilId: leaver._id, date: windowStart(today) });
const recentMark = makeDoc('attendance', { pupilId: leaver._id, date: addDays(today, -30) });
const onRollMark = makeDoc('attendance', { pupilId: onRoll._id, date: windowStart(today) });
const oldPlan = makeDoc('plan', { pupilId: leaver._id });

beforeAll(async () => {
	srv = await startTestServer();
	await createStaff(srv.couchUrl, srv.admin, { ...DPO, org: 'demo', role: 'admin' });
	const settingsPath = `/${DEMO_DB}/${encodeURIComponent(SETTINGS_ID)}`;
	const settings = (await (await srv.adminFetch(settingsPath)).json()) as Record<string, unknown>;
	const saved = await srv.adminFetch(settingsPath, {
		method: 'PUT',
		json: { ...settings, retentionSchedule: [{ group: 'attendance', years: 1 }] }
	});
	expect(saved.status).toBe(201);
	const put = await srv.userFetch(TEACHER1.name, TEACHER1.password, `/${DEMO_DB}/_bulk_docs`, {
		method: 'POST',
		json: { docs: [leaver, onRoll, oldMark, recentMark, onRollMark, oldPlan] }
	});
	expect(put.status).toBe(201);
	tablet = new TestTablet(`${srv.couchUrl}/${DEMO_DB}`, TEACHER2);
	await tablet.start();
	await waitFor('the records on the tablet', () => tablet.db.records('plan').get(oldPlan._id));
}, 60_000);

afterAll(async () => {
	await tablet?.stop();
	// Let the server notice the closed long-polls before its stores close.
	await new Promise((r) => setTimeout(r, 500));
	await srv?.close();
});

/** The DPO signs in with a second factor (admins must): enrol, then a code. */
function dpoCookie(): Promise<string> {
	return signInWithSecondFactor(srv.couchUrl, DPO);
}

let cookie = '';
async function deleteAsDpo(body: object) {
	cookie ||= await dpoCookie();
	return fetch(`${srv.couchUrl}/_waymark/retention/delete`, {
		method: 'POST',
		headers: { Cookie: cookie, 'Content-Type': 'application/json', Accept: 'application/json' },
		body: JSON.stringify(body)
	});
}

const onServer = async (id: string) => (await srv.adminFetch(`/${DEMO_DB}/${encodeURIComponent(id)}`)).status;

describe('deletion under the retention schedule', () => {
	it('is refused to a member of staff, and nothing goes', async () => {
		const r = await srv.userFetch(TEACHER1.name, TEACHER1.password, '/_waymark/retention/delete', {
			method: 'POST',
			json: { org: 'demo', group: 'attendance', ids: [oldMark._id] }
		});
		expect(r.status).toBe(403);
		expect(((await r.json()) as { reason: string }).reason).toMatch(/Only the data protection officer/);
		expect(await onServer(oldMark._id)).toBe(200);
	});

	it('refuses records that are not due, saying why', async () => {
		const r = await deleteAsDpo({ org: 'demo', group: 'attendance', ids: [recentMark._id, onRollMark._id] });
		expect(r.status).toBe(409);
		const body = (await r.json()) as { kept: { id: string; reason: string }[] };
		expect(body.kept.find((k) => k.id === onRollMark._id)?.reason).toBe('The pupil is still on roll: kept.');
		expect(await onServer(recentMark._id)).toBe(200);
	});

	it('removes a due record from the server and every tablet, which never sends it back; the rest stays', async () => {
		// A new mark saved on the tablet, still waiting to be sent, must not be touched.
		await tablet.stop();
		const waiting = makeDoc('attendance', { pupilId: leaver._id, date: addDays(localToday(), -1) });
		await tablet.db.records('attendance').put(waiting);
		await tablet.db.outbox.put({
			docId: waiting._id,
			type: 'attendance',
			queuedAt: new Date().toISOString(),
			token: 'w1'
		});

		const r = await deleteAsDpo({ org: 'demo', group: 'attendance', ids: [oldMark._id, recentMark._id] });
		expect(r.status).toBe(200);
		const { certificate, kept } = (await r.json()) as {
			certificate: { _id: string; ids: string[]; count: number; deletedBy: string; kinds: unknown; idsSha256: string };
			kept: { id: string }[];
		};
		expect(certificate).toMatchObject({ ids: [oldMark._id], count: 1, deletedBy: DPO.name });
		expect(certificate.kinds).toEqual([{ type: 'attendance', count: 1 }]);
		expect(certificate.idsSha256).toMatch(/^[0-9a-f]{64}$/);
		expect(kept.map((k) => k.id)).toEqual([recentMark._id]);
		expect(await onServer(oldMark._id)).toBe(404);
		expect(await onServer(recentMark._id)).toBe(200);
		expect(await onServer(certificate._id)).toBe(200);

		await tablet.start();
		await waitFor('the certificate on the tablet', () => tablet.db.records('retentionDeletion').get(certificate._id));
		await waitFor(
			'the mark gone from the tablet',
			async () => !(await tablet.db.records('attendance').get(oldMark._id))
		);
		expect(await tablet.db.records('attendance').get(recentMark._id)).toBeTruthy();
		await waitFor('the waiting mark sent', async () => (await onServer(waiting._id)) === 200);
		expect(await tablet.db.records('attendance').get(waiting._id)).toBeTruthy();
		expect(await tablet.db.quarantine.where('docId').equals(oldMark._id).count()).toBe(0);

		// A form left open saves the deleted record again: it is dropped, never sent.
		await tablet.db.records('attendance').put({ ...oldMark, _rev: undefined });
		await tablet.db.outbox.put({
			docId: oldMark._id,
			type: 'attendance',
			queuedAt: new Date().toISOString(),
			token: 'again'
		} satisfies OutboxEntry);
		await waitFor('the resaved record dropped', async () => !(await tablet.db.outbox.get(oldMark._id)));
		await new Promise((r) => setTimeout(r, 1500));
		expect(await onServer(oldMark._id)).toBe(404);
		expect(await tablet.db.records('attendance').get(oldMark._id)).toBeUndefined();
	}, 60_000);

	it('deletes a pupil file under its own rule and leaves records of other rules', async () => {
		const r = await deleteAsDpo({ org: 'demo', group: 'pupilFile', ids: [oldPlan._id, recentMark._id] });
		expect(r.status).toBe(200);
		expect(await onServer(oldPlan._id)).toBe(404);
		expect(await onServer(recentMark._id)).toBe(200);
		await waitFor('the plan gone from the tablet', async () => !(await tablet.db.records('plan').get(oldPlan._id)));
	}, 30_000);
});
