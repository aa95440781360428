/**
 * Stopping the embedded server while tablets are mid-request (long-polls open, writes and reads in
 * flight) must not crash the process, and every write it acknowledged is there when it starts
 * again on the same data. Before the stores refused late work, leveldb's native code crashed the
 * process here (seen as a test worker "exited unexpectedly" in a full run).
 */
import { rmSync } from 'node:fs';
import { expect, it } from 'vitest';
import { makeDoc } from '../support/test-factories';
import { startTestServer } from './harness';

const auth = { Authorization: 'Basic ' + Buffer.from('admin:test-admin-password').toString('base64') };

it('stops ten times in the middle of tablets’ requests, and keeps every write it acknowledged', async () => {
	let dataDir: string | undefined;
	const acknowledged: string[] = [];
	for (let round = 0; round < 10; round++) {
		const server = await startTestServer({ dataDir, keepDataDir: true });
		dataDir = server.dataDir;
		const db = `${server.couchUrl}/waymark-demo`;
		// Signed in once first (the password's hash is then remembered), so the requests below run.
		expect((await fetch(db, { headers: auth })).status).toBe(200);
		const inFlight = [
			...Array.from({ length: 6 }, () =>
				fetch(`${db}/_changes?feed=longpoll&since=now&timeout=20000`, { headers: auth })
			),
			...Array.from({ length: 30 }, async () => {
				const docs = Array.from({ length: 20 }, () => makeDoc('behaviour', {}));
				const res = await fetch(`${db}/_bulk_docs`, {
					method: 'POST',
					headers: { ...auth, 'Content-Type': 'application/json' },
					body: JSON.stringify({ docs })
				});
				if (res.status !== 201) return;
				const results = (await res.json()) as { id: string; ok?: boolean }[];
				acknowledged.push(...results.filter((r) => r.ok).map((r) => r.id));
			}),
			...Array.from({ length: 10 }, () => fetch(`${db}/_all_docs?include_docs=true`, { headers: auth }))
		].map((p) => p.catch(() => null));
		await new Promise((r) => setTimeout(r, 50 + round * 60));
		await server.close();
		await Promise.all(inFlight);
	}
	const server = await startTestServer({ dataDir, keepDataDir: true });
	const res = await fetch(`${server.couchUrl}/waymark-demo/_all_docs`, {
		method: 'POST',
		headers: { ...auth, 'Content-Type': 'application/json' },
		body: JSON.stringify({ keys: acknowledged })
	});
	const rows = ((await res.json()) as { rows: { id: string; error?: string }[] }).rows;
	expect(rows.filter((r) => r.error)).toEqual([]);
	expect(acknowledged.length).toBeGreaterThan(0);
	await server.close();
	rmSync(dataDir!, { recursive: true, force: true });
}, 180_000);
