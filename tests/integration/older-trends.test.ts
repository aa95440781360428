/**
 * Trends over a period older than the working window (issue 16.2): the registers, behaviour and
 * leavers' files the tablet no longer holds are read from the real server for the screen, each
 * once, and the screen is told in plain words where they are when the server cannot be reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchOlderForTrends } from '../../src/lib/sync/older-records';
import { makeDoc } from '../support/test-factories';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { startTestServer, TEACHER1, type TestServer } from './harness';

let server: TestServer;
let down: FaultProxy;

beforeAll(async () => {
	server = await startTestServer();
	down = await startFaultProxy(server.couchUrl, { failRate: 1, seed: 3, faults: ['reset'] });
});
afterAll(async () => {
	await down.close();
	await server.close();
});

const auth = `Basic ${Buffer.from(`${TEACHER1.name}:${TEACHER1.password}`).toString('base64')}`;
const asTeacher: typeof fetch = (url, init) =>
	fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: auth } });

describe('trends over an older period', () => {
	it('reads the older registers and behaviour, and the files of leavers they name, never what the tablet holds', async () => {
		const leaver = makeDoc('pupil', { givenName: 'Old', familyName: 'Leaver', status: 'left', endDate: '2023-07-20' });
		const intake = makeDoc('intake', { pupilId: leaver._id });
		const oldMark = makeDoc('attendance', { pupilId: leaver._id, date: '2023-01-09', session: 'am' });
		const heldMark = makeDoc('attendance', { pupilId: leaver._id, date: '2023-01-09', session: 'pm' });
		const oldIncident = makeDoc('behaviour', { pupilId: leaver._id, date: '2023-02-01' });
		const recentMark = makeDoc('attendance', { pupilId: leaver._id, date: '2025-10-06', session: 'am' });
		const before = makeDoc('attendance', { pupilId: leaver._id, date: '2022-06-01', session: 'am' });
		const put = await server.adminFetch('/waymark-demo/_bulk_docs', {
			method: 'POST',
			json: { docs: [leaver, intake, oldMark, heldMark, oldIncident, recentMark, before] }
		});
		expect(put.status).toBe(201);

		const source = { dbUrl: `${server.couchUrl}/waymark-demo`, windowStart: '2025-09-01', fetch: asTeacher };
		const period = { start: '2022-09-01', end: '2026-08-31' };
		const result = await fetchOlderForTrends(source, period, new Set([heldMark._id]));
		const ids = result.ok ? result.records.map((r) => r._id).sort() : result.message;
		// Not: the mark the tablet holds, the one inside the window, the one before the period.
		expect(ids).toEqual([leaver._id, intake._id, oldMark._id, oldIncident._id].sort());

		// A period inside the window asks the server nothing.
		expect(await fetchOlderForTrends(source, { start: '2025-09-01', end: '2026-08-31' }, new Set())).toEqual({
			ok: true,
			records: []
		});
		// Unreachable: where the records are, in plain words.
		expect(await fetchOlderForTrends({ ...source, dbUrl: `${down.url}/waymark-demo` }, period, new Set())).toEqual({
			ok: false,
			message: 'Records before 1 Sep 2025 are on the office server — connect to see them'
		});
	});
});
