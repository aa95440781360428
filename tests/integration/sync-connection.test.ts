/**
 * What the sync engine reports about the connection (issue 20, items 5 and 19): the real engine
 * on a simulated tablet and the real server, stopped and started again on its data folder.
 */
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PupilInput } from '../../src/lib/domain/pupil';
import * as pupils from '../../src/lib/store/pupils';
import { syncStatus, type SyncPhase } from '../../src/lib/sync/status.svelte';
import { startFaultProxy } from './fault-proxy';
import { startTestServer, TEACHER1, type TestServer } from './harness';
import { TestTablet, waitFor } from './sync-tablet';
import { pupilInput } from '../support/test-factories';

const pupil = (familyName: string): PupilInput => pupilInput({ givenName: 'Link', familyName });

const dirs: string[] = [];
const servers: TestServer[] = [];
const tablets: TestTablet[] = [];

afterAll(async () => {
	for (const t of tablets) await t.stop();
	await new Promise((r) => setTimeout(r, 300));
	for (const s of servers) await s.close().catch(() => undefined);
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The real server on a given port, on a data folder it keeps across a restart (`dataDir`). */
async function serverOn(port: number, dataDir = mkdtempSync(path.join(tmpdir(), 'waymark-connection-'))) {
	if (!dirs.includes(dataDir)) dirs.push(dataDir);
	const server = await startTestServer({ port, dataDir });
	servers.push(server);
	return server;
}

/** Every phase the status passes through from now on. */
function phasesFromNow(): SyncPhase[] {
	const seen: SyncPhase[] = [];
	const stop = syncStatus.onUpdate(() => {
		if (seen.at(-1) !== syncStatus.phase) seen.push(syncStatus.phase);
	});
	afterAll(stop);
	return seen;
}

/** Listeners the replica and the server connection hold: a sync left running adds to them. */
function listeners(t: TestTablet): number {
	type Emitter = { eventNames(): (string | symbol)[]; listenerCount(e: string | symbol): number };
	const count = (e: Emitter) => e.eventNames().reduce((n, name) => n + e.listenerCount(name), 0);
	return count(t.local as unknown as Emitter) + count(t.remote as unknown as Emitter);
}

describe('the connection as the sync engine reports it', () => {
	it('going offline stops the retrying sync (no request while offline), and going online starts one, not another beside it', async () => {
		const server = await serverOn(await freePort());
		const counter = await startFaultProxy(server.couchUrl, { failRate: 0, seed: 1 });
		const t = new TestTablet(`${counter.url}/waymark-demo`, TEACHER1).use();
		tablets.push(t);
		await t.start();
		await waitFor('up to date', () => syncStatus.phase === 'idle', 60_000);
		const before = listeners(t);

		for (let i = 0; i < 12; i++) {
			t.engine.goOffline();
			expect(syncStatus.phase).toBe('offline');
			expect(syncStatus.isOnline).toBe(false);
			t.engine.goOnline();
		}
		t.engine.goOffline();
		await new Promise((r) => setTimeout(r, 1_000)); // requests already sent by the last starts finish
		const requestsWhenOffline = counter.stats.requests;
		const saved = await pupils.create(pupil(`Offline${Date.now().toString(36)}`));
		if (!saved.ok) throw new Error(saved.message);
		await new Promise((r) => setTimeout(r, 3_000));
		expect(counter.stats.requests).toBe(requestsWhenOffline);
		expect(syncStatus.waiting).toBe(1);

		t.engine.goOnline();
		await waitFor(
			'up to date after the last return',
			() => syncStatus.phase === 'idle' && syncStatus.waiting === 0,
			30_000
		);
		expect(listeners(t)).toBe(before);
		await t.stop();
		await counter.close();
		await server.close();
		servers.length = 0;
	});

	it('a stopped server is "unreachable", never idle, while a record waits; idle and confirmed once it is back', async () => {
		const port = await freePort();
		let server = await serverOn(port);
		const t = new TestTablet(`${server.couchUrl}/waymark-demo`, TEACHER1).use();
		tablets.push(t);
		await t.start();
		await waitFor('up to date', () => syncStatus.phase === 'idle' && syncStatus.waiting === 0, 60_000);

		const seen = phasesFromNow();
		await server.close();
		servers.length = 0;
		await waitFor('the engine to notice', () => syncStatus.phase === 'unreachable', 30_000);
		expect(syncStatus.isOnline).toBe(true);
		expect(syncStatus.lastError).toBeNull();
		const saved = await pupils.create(pupil(`Unreached${Date.now().toString(36)}`));
		if (!saved.ok) throw new Error(saved.message);
		await waitFor('the record counted as waiting', () => syncStatus.waiting === 1);
		// Several retries (at most 4 s apart): still unreachable, never idle.
		await new Promise((r) => setTimeout(r, 9_000));
		expect(syncStatus.phase).toBe('unreachable');
		expect(seen).not.toContain('idle');

		server = await serverOn(port, server.dataDir);
		await waitFor('up to date once back', () => syncStatus.phase === 'idle' && syncStatus.waiting === 0, 60_000);
		const onServer = await server.adminFetch(`/waymark-demo/${encodeURIComponent(saved.record._id)}`);
		expect(onServer.status).toBe(200);
		await t.stop();
	});
});

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const probe = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}
