/**
 * Fault-injection suite (issue 7): the real sync engine on simulated tablets, the real server,
 * and a loopback proxy that cuts, loses, fails and slows requests. Each scenario reports its
 * figures (written, lost, duplicated, quarantined, time to converge) on the console.
 * Scenario (a), a page closed abruptly while syncing, runs in real Chromium: tests/e2e/fault-close-while-syncing.spec.ts.
 * Scenario (g), two tabs of one tablet (one owns sync), runs here with two connections to one
 * Dexie database, and in real Chromium with two pages and the Web Lock: tests/e2e/fault-two-tabs.spec.ts.
 * Counts per scenario: written / on the server / on each tablet (or tab) / lost / duplicated /
 * left unresolved (conflicts on the server, decisions or refusals left, entries waiting).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan, PlanInput } from '../../src/lib/domain/plan';
import type { Pupil } from '../../src/lib/domain/pupil';
import { makeDoc, pupilInput } from '../support/test-factories';
import { useDatabase, WaymarkDb } from '../../src/lib/store/db';
import * as exitTickets from '../../src/lib/store/exit-tickets';
import * as lessons from '../../src/lib/store/lessons';
import * as pupils from '../../src/lib/store/pupils';
import { refusedRecords } from '../../src/lib/store/refusals';
import { repository } from '../../src/lib/store/repository';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { startTestServer, TEACHER1, TEACHER2, type TestServer } from './harness';
import { SyncEngine } from '../../src/lib/sync/engine';
import { TestTablet, waitFor } from './sync-tablet';

const figures: Record<string, unknown>[] = [];
const tablets: TestTablet[] = [];
const proxies: FaultProxy[] = [];
let server: TestServer;

const pupil = (familyName: string) => pupilInput({ givenName: 'Fault', familyName });

function tabletAt(url: string, login: { name: string; password: string } = TEACHER1) {
	const t = new TestTablet(url, { name: login.name, password: login.password });
	tablets.push(t);
	return t;
}

async function proxy(failRate: number, seed: number, target = server.couchUrl) {
	const p = await startFaultProxy(target, { failRate, seed });
	proxies.push(p);
	return p;
}

type ServerDoc = { _id: string; _rev: string; _conflicts?: string[]; familyName?: string };

/** Every document on the server whose surname starts with the prefix, with conflicts listed. */
async function serverPupils(fetcher: (p: string) => Promise<Response>, prefix: string): Promise<ServerDoc[]> {
	const res = await fetcher(
		'/waymark-demo/_all_docs?include_docs=true&conflicts=true&startkey="pupil:"&endkey="pupil;"'
	);
	const body = (await res.json()) as { rows: { doc: ServerDoc }[] };
	return body.rows.map((r) => r.doc).filter((d) => d.familyName?.startsWith(prefix));
}

/** Lost = written but missing; duplicated = one name on two documents, a conflict, or a needless revision. */
function tally(written: string[], found: ServerDoc[]) {
	const names = found.map((d) => d.familyName!);
	return {
		written: written.length,
		onServer: found.length,
		lost: written.filter((n) => !names.includes(n)).length,
		duplicated:
			names.length - new Set(names).size + found.filter((d) => d._conflicts?.length || !d._rev.startsWith('1-')).length
	};
}

beforeAll(async () => {
	server = await startTestServer();
});

afterAll(async () => {
	for (const t of tablets) await t.stop();
	for (const p of proxies) await p.close();
	await new Promise((r) => setTimeout(r, 500));
	await server.close();
	console.info(`Fault-injection figures:\n${figures.map((f) => JSON.stringify(f)).join('\n')}`);
});

describe('fault injection', () => {
	it(
		'(b) converges through a network failing 30% of requests, nothing missing or duplicated, both ways',
		{ timeout: 180_000 },
		async () => {
			const marker = `Flaky${Date.now().toString(36)}`;
			const net30 = await proxy(0.3, 7);
			const t = tabletAt(`${net30.url}/waymark-demo`).use();
			await t.start();

			// The office adds 100 records on the server while the tablet writes 300 of its own.
			const incoming = Array.from({ length: 100 }, (_, i) => makeDoc('pupil', { familyName: `${marker}In${i}` }));
			expect(
				(await server.adminFetch('/waymark-demo/_bulk_docs', { method: 'POST', json: { docs: incoming } })).status
			).toBe(201);
			const written = Array.from({ length: 300 }, (_, i) => `${marker}Out${i}`);
			const started = Date.now();
			for (const name of written) {
				const saved = await pupils.create(pupil(name));
				expect(saved.ok).toBe(true);
			}

			await waitFor(
				'both directions to converge',
				async () =>
					(await serverPupils(server.adminFetch, `${marker}Out`)).length === 300 &&
					(await t.db.outbox.count()) === 0 &&
					(await t.db
						.records('pupil')
						.where('_id')
						.anyOf(incoming.map((d) => d._id))
						.count()) === 100,
				150_000
			);
			const seconds = (Date.now() - started) / 1000;
			const result = tally(written, await serverPupils(server.adminFetch, `${marker}Out`));
			figures.push({
				scenario: 'b: 30% of requests fail',
				...result,
				pulled: 100,
				secondsToConverge: seconds,
				proxy: { ...net30.stats }
			});
			expect(result).toMatchObject({ lost: 0, duplicated: 0, onServer: 300 });
			expect(Object.values(net30.stats.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
			await t.stop();
		}
	);

	it(
		'(c) converges after the server process is killed and restarted mid-replication',
		{ timeout: 180_000 },
		async () => {
			const marker = `Killed${Date.now().toString(36)}`;
			const external = await ExternalServer.start();
			try {
				// Every request held back 0.1–1.5 s, so the kill lands while batches are in flight.
				const slow = await startFaultProxy(external.couchUrl, { failRate: 1, seed: 3, faults: ['slow'] });
				proxies.push(slow);
				const t = tabletAt(`${slow.url}/waymark-demo`).use();
				await t.start();
				const written = Array.from({ length: 500 }, (_, i) => `${marker}${i}`);
				for (const name of written) expect((await pupils.create(pupil(name))).ok).toBe(true);

				// Kill -9 as soon as part of the batch has landed.
				const landedBeforeKill = await waitFor(
					'part of the batch on the server',
					async () => {
						const n = (await serverPupils(external.adminFetch, marker).catch(() => [])).length;
						return n > 0 ? n : undefined;
					},
					60_000
				);
				await external.kill();
				await new Promise((r) => setTimeout(r, 1000));
				const restartedAt = Date.now();
				await external.restart();

				await waitFor(
					'convergence after the restart',
					async () =>
						(await serverPupils(external.adminFetch, marker)).length === 500 && (await t.db.outbox.count()) === 0,
					120_000
				);
				const result = tally(written, await serverPupils(external.adminFetch, marker));
				figures.push({
					scenario: 'c: server killed (SIGKILL) and restarted',
					...result,
					landedBeforeKill,
					secondsToConvergeAfterRestart: (Date.now() - restartedAt) / 1000
				});
				expect(result).toMatchObject({ lost: 0, duplicated: 0, onServer: 500 });
				await t.stop();
			} finally {
				await external.stop();
			}
		}
	);

	it(
		'(d) quarantines 200 malformed or hostile documents with reasons and keeps working',
		{ timeout: 120_000 },
		async () => {
			const marker = `Hostile${Date.now().toString(36)}`;
			const huge = 'x'.repeat(1_000_000);
			const script = '<script>window.__pwned=1</script>';
			const makers: ((i: number) => Record<string, unknown>)[] = [
				(i) => ({ ...makeDoc('pupil', { familyName: `${marker}${i}` }), yearGroup: 'eight' }),
				(i) => ({ ...makeDoc('pupil', { familyName: `${marker}${i}${script}` }), senStatus: 'maybe' }),
				(i) => ({ ...makeDoc('pupil', { familyName: `${marker}${i}` }), givenName: huge }),
				(i) => ({ ...makeDoc('pupil', { familyName: `${marker}${i}` }), type: 'virus' }),
				(i) => ({ _id: `pupil:${marker}${i}`, familyName: script }),
				(i) => ({ ...makeDoc('pupil', { familyName: `${marker}${i}` }), dateOfBirth: '31/02/2012' }),
				(i) => ({ ...makeDoc('plan', {}), objectives: `${script} not a list ${i}` }),
				(i) => ({ ...makeDoc('exitTicket', {}), outcome: `${script}${i}`, score: -5 }),
				(i) => ({ ...makeDoc('pupil', { familyName: `${marker}${i}` }), _id: `lesson:${marker}${i}` }),
				(i) => ({ ...makeDoc('attendance', {}), mark: 'sunbathing', note: huge.slice(0, 200_000 + i) })
			];
			const hostile = Array.from({ length: 200 }, (_, i) => makers[i % makers.length]!(i));
			// A server admin is not held to the contract: this is how a broken client or a hand edit gets in.
			const res = await server.adminFetch('/waymark-demo/_bulk_docs', { method: 'POST', json: { docs: hostile } });
			expect(res.status).toBe(201);

			const started = Date.now();
			const t = tabletAt(`${server.couchUrl}/waymark-demo`, TEACHER2).use();
			await t.start();
			const ids = hostile.map((d) => String(d._id));
			const held = await waitFor(
				'all 200 to be set aside',
				async () => {
					const entries = await t.db.quarantine.where('docId').anyOf(ids).toArray();
					return entries.length === 200 ? entries : undefined;
				},
				90_000
			);
			expect(held.every((e) => e.reason.trim().length > 0)).toBe(true);
			expect(Math.max(...held.map((e) => e.raw.length))).toBeLessThanOrEqual(21_000);
			for (const type of ['pupil', 'plan', 'exitTicket', 'attendance', 'lesson'] as const) {
				expect(await t.db.records(type).where('_id').anyOf(ids).count()).toBe(0);
			}

			// …and the tablet carries on: a normal write still reaches the server.
			const after = await pupils.create(pupil(`${marker}Afterwards`));
			if (!after.ok) throw new Error(after.message);
			await waitFor(
				'a normal write after the hostile batch',
				async () => (await serverPupils(server.adminFetch, `${marker}Afterwards`)).length === 1,
				30_000
			);
			// Reasons start with the document id; keep the distinct explanations.
			const reasons = [...new Set(held.map((e) => e.reason.replace(/^\S+ — /, '')))].slice(0, 10);
			figures.push({
				scenario: 'd: 200 malformed or hostile documents',
				written: 200,
				quarantined: held.length,
				applied: 0,
				secondsToQuarantineAll: (Date.now() - started) / 1000,
				sampleReasons: reasons
			});
			await t.stop();
		}
	);

	it(
		'(e) two tablets edit the same plan offline, sync through a failing network, and both edits survive',
		{ timeout: 120_000 },
		async () => {
			const plans = repository('plan');
			const net30 = await proxy(0.3, 11);
			const a = tabletAt(`${net30.url}/waymark-demo`, TEACHER1).use();
			const b = tabletAt(`${net30.url}/waymark-demo`, TEACHER2);
			await a.start();
			await b.start();
			const pupilId = (
				await server
					.adminFetch('/waymark-demo/_all_docs?startkey="pupil:"&endkey="pupil;"&limit=1')
					.then((r) => r.json())
			).rows[0].id;
			const input: PlanInput = {
				pupilId,
				startDate: '2026-09-14',
				reviewDate: '2026-12-07',
				assessmentArrangements: 'Termly review with the SENCo',
				objectives: [
					{
						id: 'o1',
						area: 'literacy',
						description: 'Read aloud fluently',
						successCriteria: 'Under 5 errors',
						targetDate: '2026-12-01'
					}
				]
			};
			const saved = await plans.create(input);
			if (!saved.ok) throw new Error(saved.message);
			const id = saved.record._id;
			await waitFor('tablet B to hold the plan', () => b.db.records('plan').get(id), 60_000);
			await waitFor('A to be confirmed', async () => (await a.db.outbox.count()) === 0, 60_000);
			await a.stop();
			await b.stop();

			a.use();
			await plans.update(id, { reviewDate: '2026-12-14' });
			b.use();
			await plans.update(id, { assessmentArrangements: 'Half-termly, with the key worker' });
			const started = Date.now();
			await a.restartEngine();
			await b.restartEngine();
			const merged = await waitFor(
				'both edits in one plan on the server, no conflict left',
				async () => {
					const doc = (await (
						await server.adminFetch(`/waymark-demo/${encodeURIComponent(id)}?conflicts=true`)
					).json()) as Plan & { _conflicts?: string[] };
					return !doc._conflicts &&
						doc.reviewDate === '2026-12-14' &&
						doc.assessmentArrangements?.startsWith('Half-termly')
						? doc
						: undefined;
				},
				90_000
			);
			for (const t of [a, b]) {
				await waitFor(
					'the merged plan on each tablet',
					async () => {
						const local = await t.db.records<Plan>('plan').get(id);
						return local?.reviewDate === '2026-12-14' && local.assessmentArrangements?.startsWith('Half-termly');
					},
					60_000
				);
			}
			figures.push({
				scenario: 'e: same plan edited on two offline tablets, 30% failing network',
				editsWritten: 2,
				editsSurviving: 2,
				conflictsLeft: 0,
				secondsToConverge: (Date.now() - started) / 1000
			});
			expect(merged.objectives).toHaveLength(1);
		}
	);

	it(
		'(f) records the server refuses are kept, listed and sent once the rule is gone: counted on the server and both tablets',
		{ timeout: 180_000 },
		async () => {
			const marker = `Refusal${Date.now().toString(36)}`;
			const refusedPrefix = `${marker}No`;
			// A server rule the tablet's app does not know (a server update): these surnames are refused.
			const validate = `function (d) { if (d.familyName && d.familyName.indexOf('${refusedPrefix}') === 0) { throw ({ forbidden: 'Not accepted by the server any more.' }); } }`;
			const ruleUrl = '/waymark-demo/_design/fault-refusal';
			expect(
				(await server.adminFetch(ruleUrl, { method: 'PUT', json: { validate_doc_update: validate } })).status
			).toBe(201);
			const net30 = await proxy(0.3, 13);
			const a = tabletAt(`${net30.url}/waymark-demo`, TEACHER1).use();
			const b = tabletAt(`${server.couchUrl}/waymark-demo`, TEACHER2);
			await a.start();
			await b.start();
			const written = Array.from({ length: 20 }, (_, i) => (i % 4 === 0 ? `${refusedPrefix}${i}` : `${marker}Ok${i}`));
			for (const name of written) expect((await pupils.create(pupil(name))).ok).toBe(true);
			const count = async (t: TestTablet) =>
				(await t.db.records<{ _id: string; familyName: string }>('pupil').toArray()).filter((p) =>
					p.familyName.startsWith(marker)
				).length;

			await waitFor(
				'the accepted ones everywhere and the refused ones listed',
				async () =>
					(await serverPupils(server.adminFetch, marker)).length === 15 &&
					(await count(b)) === 15 &&
					(await refusedRecords()).length === 5 &&
					(await a.db.outbox.count()) === 5,
				120_000
			);
			const refused = await refusedRecords();
			const whileRefused = {
				written: 20,
				onServer: (await serverPupils(server.adminFetch, marker)).length,
				onTabletA: await count(a),
				onTabletB: await count(b),
				refused: refused.length,
				waitingOnA: await a.db.outbox.count()
			};
			expect(whileRefused).toEqual({
				written: 20,
				onServer: 15,
				onTabletA: 20,
				onTabletB: 15,
				refused: 5,
				waitingOnA: 5
			});
			expect(refused.every((r) => r.reason.includes('Not accepted by the server any more.'))).toBe(true);

			// The rule is withdrawn; the tablet's app is reopened (or a staff member signs in again).
			const rule = (await (await server.adminFetch(ruleUrl)).json()) as { _rev: string };
			expect((await server.adminFetch(`${ruleUrl}?rev=${rule._rev}`, { method: 'DELETE' })).status).toBe(200);
			const started = Date.now();
			await a.restartEngine();
			await waitFor(
				'every record on the server and on B, nothing waiting on A',
				async () =>
					(await serverPupils(server.adminFetch, marker)).length === 20 &&
					(await count(b)) === 20 &&
					(await a.db.outbox.count()) === 0,
				120_000
			);
			const result = tally(written, await serverPupils(server.adminFetch, marker));
			const after = {
				...result,
				onTabletA: await count(a),
				onTabletB: await count(b),
				leftUnresolved: (await refusedRecords()).length + (await a.db.outbox.count())
			};
			figures.push({
				scenario: 'f: 5 of 20 refused by a server rule, then the rule withdrawn; 30% failing network',
				whileRefused,
				after,
				secondsToSendAfterRuleWithdrawn: (Date.now() - started) / 1000
			});
			expect(after).toMatchObject({
				written: 20,
				onServer: 20,
				onTabletA: 20,
				onTabletB: 20,
				lost: 0,
				duplicated: 0,
				leftUnresolved: 0
			});
			await a.stop();
			await b.stop();
		}
	);
	it(
		'(g) two tabs of one tablet write at once while one owns sync, offline then online: counted on the server and in both tabs',
		{ timeout: 30_000 },
		async () => {
			const marker = `Tabs${Date.now().toString(36)}`;
			const net20 = await proxy(0.2, 17);
			// Tab A owns the replica and the engine; tab B is a second connection to the same
			// IndexedDB database that only saves (record + outbox), as the app's other tabs do.
			const a = tabletAt(`${net20.url}/waymark-demo`).use();
			const tabB = new WaymarkDb(a.db.name);
			const tabs = { A: a.db, B: tabB };
			await a.start();
			const written: string[] = [];
			const ids: Record<string, string> = {};
			const addPupil = async (tab: 'A' | 'B', name: string) => {
				useDatabase(tabs[tab]);
				const saved = await pupils.create(pupil(name));
				if (!saved.ok) throw new Error(saved.message);
				written.push(name);
				ids[name] = saved.record._id;
			};
			const teach = async (tab: 'A' | 'B', names: string[]) => {
				useDatabase(tabs[tab]);
				const pupilIds = names.map((n) => ids[n]!);
				const lesson = await lessons.create({
					date: '2026-10-05',
					subject: 'maths',
					topic: `${marker} tab ${tab}`,
					teacher: 'teacher1',
					pupilIds,
					present: []
				});
				if (!lesson.ok) throw new Error(lesson.message);
				expect((await lessons.setPresent(lesson.record._id, pupilIds, true)).ok).toBe(true);
				for (const id of pupilIds)
					expect((await exitTickets.mark(lesson.record._id, id, { outcome: 'secure' })).ok).toBe(true);
			};

			// Online, the two tabs' saves interleaved.
			for (let i = 0; i < 3; i++) {
				await addPupil('A', `${marker}A${i}`);
				await addPupil('B', `${marker}B${i}`);
			}
			await waitFor('the online saves confirmed', async () => (await tabB.outbox.count()) === 0, 15_000);
			// Offline (the owner's engine stopped): more pupils, a lesson and exit tickets in each tab.
			await a.stop();
			for (let i = 3; i < 5; i++) {
				await addPupil('A', `${marker}A${i}`);
				await addPupil('B', `${marker}B${i}`);
			}
			await teach(
				'A',
				[0, 1, 2, 3].map((i) => `${marker}A${i}`)
			);
			await teach(
				'B',
				[0, 1, 2, 3].map((i) => `${marker}B${i}`)
			);
			const waitingOffline = await tabB.outbox.count();
			const started = Date.now();
			await a.restartEngine();

			type Doc = {
				_id: string;
				_conflicts?: string[];
				type: string;
				topic?: string;
				lessonId?: string;
				pupilId?: string;
			};
			const ours = async () => {
				const res = await server.adminFetch('/waymark-demo/_all_docs?include_docs=true&conflicts=true');
				const docs = ((await res.json()) as { rows: { doc: Doc }[] }).rows.map((r) => r.doc);
				const lessonIds = new Set(
					docs.filter((d) => d.type === 'lesson' && d.topic?.startsWith(marker)).map((d) => d._id)
				);
				return {
					lessons: docs.filter((d) => lessonIds.has(d._id)),
					tickets: docs.filter((d) => d.type === 'exitTicket' && lessonIds.has(d.lessonId ?? ''))
				};
			};
			await waitFor(
				'everything on the server and nothing waiting in either tab',
				async () =>
					(await serverPupils(server.adminFetch, marker)).length === 10 &&
					(await ours()).tickets.length === 8 &&
					(await a.db.outbox.count()) === 0 &&
					(await tabB.outbox.count()) === 0,
				25_000
			);
			const found = await serverPupils(server.adminFetch, marker);
			const { lessons: lessonDocs, tickets } = await ours();
			const inTab = async (db: WaymarkDb) =>
				(await db.records<Pupil>('pupil').toArray()).filter((p) => p.familyName.startsWith(marker)).length;
			const pairs = tickets.map((t) => `${t.lessonId}|${t.pupilId}`);
			const result = {
				written: { pupils: written.length, lessons: 2, exitTickets: 8 },
				onServer: { pupils: found.length, lessons: lessonDocs.length, exitTickets: tickets.length },
				pupilsInTabA: await inTab(a.db),
				pupilsInTabB: await inTab(tabB),
				waitingWhileOffline: waitingOffline,
				waitingAfter: (await a.db.outbox.count()) + (await tabB.outbox.count()),
				lost: tally(written, found).lost,
				duplicated: tally(written, found).duplicated + pairs.length - new Set(pairs).size,
				leftUnresolved: [...lessonDocs, ...tickets].filter((d) => d._conflicts?.length).length,
				secondsToConverge: (Date.now() - started) / 1000
			};
			figures.push({
				scenario: 'g: two tabs of one tablet, one owns sync, offline then online, 20% failing network',
				...result
			});
			expect(result).toMatchObject({
				written: { pupils: 10, lessons: 2, exitTickets: 8 },
				onServer: { pupils: 10, lessons: 2, exitTickets: 8 },
				pupilsInTabA: 10,
				pupilsInTabB: 10,
				waitingWhileOffline: 4 + 2 + 8, // 4 pupils, 2 lessons (registers taken), 8 exit tickets
				waitingAfter: 0,
				lost: 0,
				duplicated: 0,
				leftUnresolved: 0
			});

			// The owning tab closes: tab B takes over the replica and sends what it saves next.
			await a.stop();
			const owner = new SyncEngine({ db: tabB, local: a.local, remote: a.remote, canPush: () => true });
			await owner.start();
			try {
				await addPupil('B', `${marker}After`);
				await waitFor(
					'the save after the hand-over on the server',
					async () =>
						(await serverPupils(server.adminFetch, `${marker}After`)).length === 1 && (await tabB.outbox.count()) === 0,
					15_000
				);
			} finally {
				await owner.stop();
			}
		}
	);

	it(
		'(h) six pupils edited on two offline tablets: different fields merge, the same field waits for a person; counted everywhere',
		{ timeout: 30_000 },
		async () => {
			const marker = `Clash${Date.now().toString(36)}`;
			const net20 = await proxy(0.2, 19);
			const a = tabletAt(`${net20.url}/waymark-demo`, TEACHER1).use();
			const b = tabletAt(`${server.couchUrl}/waymark-demo`, TEACHER2);
			await a.start();
			await b.start();
			const written = Array.from({ length: 6 }, (_, i) => `${marker}${i}`);
			const idOf: Record<string, string> = {};
			for (const name of written) {
				const saved = await pupils.create(pupil(name));
				if (!saved.ok) throw new Error(saved.message);
				idOf[name] = saved.record._id;
			}
			const ids = Object.values(idOf);
			await waitFor(
				'the six on tablet B and confirmed on A',
				async () =>
					(await b.db.records('pupil').where('_id').anyOf(ids).count()) === 6 && (await a.db.outbox.count()) === 0,
				20_000
			);
			await a.stop();
			await b.stop();

			// Offline apart. A moves all six up a year; B changes the host school of four (another
			// field: merged) and the year group of two differently (the same field: a decision).
			a.use();
			for (const id of ids) expect((await pupils.update(id, { yearGroup: 9 })).ok).toBe(true);
			b.use();
			for (const id of ids.slice(0, 4)) expect((await pupils.update(id, { hostSchool: 'Brook School' })).ok).toBe(true);
			for (const id of ids.slice(4)) expect((await pupils.update(id, { yearGroup: 10 })).ok).toBe(true);
			const started = Date.now();
			await a.restartEngine();
			await b.restartEngine();

			const decisions = await waitFor(
				'the two disputed year groups on "Needs a decision" on B',
				async () => {
					const listed = await b.db.decisions.where('docId').anyOf(ids).toArray();
					return listed.length === 2 ? listed : undefined;
				},
				20_000
			);
			expect(decisions.map((d) => d.conflicts.map((c) => c.field))).toEqual([['yearGroup'], ['yearGroup']]);
			const needingDecision = decisions.length;
			for (const d of decisions) expect(await b.engine.decide(d.docId, { yearGroup: 10 })).toBe('merged');

			const expected = (id: string) =>
				ids.indexOf(id) < 4 ? { yearGroup: 9, hostSchool: 'Brook School' } : { yearGroup: 10 };
			const settled = (doc: Partial<Pupil> & { _id: string; _conflicts?: string[] }) =>
				!doc._conflicts?.length && Object.entries(expected(doc._id)).every(([k, v]) => doc[k as keyof Pupil] === v);
			type ServerPupil = Pupil & { _conflicts?: string[] };
			const onServer = async () => (await serverPupils(server.adminFetch, marker)) as unknown as ServerPupil[];
			await waitFor('all six settled on the server', async () => (await onServer()).every(settled), 20_000);
			const onTablet = async (t: TestTablet) =>
				(await t.db.records<Pupil>('pupil').where('_id').anyOf(ids).toArray()).filter((p) => settled(p)).length;
			await waitFor(
				'all six settled on both tablets, no decision left',
				async () =>
					(await onTablet(a)) === 6 &&
					(await onTablet(b)) === 6 &&
					(await a.db.decisions.where('docId').anyOf(ids).count()) === 0,
				20_000
			);
			const found = await onServer();
			const names = found.map((d) => d.familyName);
			const result = {
				written: { pupils: 6, editsOnA: 6, editsOnB: 6 },
				onServer: found.filter(settled).length,
				onTabletA: await onTablet(a),
				onTabletB: await onTablet(b),
				mergedWithoutAsking: 4,
				needingDecision,
				lost: written.filter((n) => !names.includes(n)).length,
				duplicated: names.length - new Set(names).size,
				leftUnresolved:
					found.filter((d) => d._conflicts?.length).length +
					(await a.db.decisions.where('docId').anyOf(ids).count()) +
					(await b.db.decisions.where('docId').anyOf(ids).count()),
				secondsToSettle: (Date.now() - started) / 1000
			};
			figures.push({ scenario: 'h: same pupils edited on two offline tablets, 20% failing network', ...result });
			expect(result).toMatchObject({
				onServer: 6,
				onTabletA: 6,
				onTabletB: 6,
				needingDecision: 2,
				lost: 0,
				duplicated: 0,
				leftUnresolved: 0
			});
			await a.stop();
			await b.stop();
		}
	);
});

/** The real server as its own process, so it can be killed with SIGKILL and started again on its data. */
class ExternalServer {
	#child: ChildProcess | null = null;
	readonly couchUrl: string;
	readonly adminFetch = (p: string) =>
		fetch(this.couchUrl + p, {
			headers: { Authorization: 'Basic ' + Buffer.from('admin:fault-admin').toString('base64') }
		});

	private constructor(
		readonly port: number,
		readonly dataDir: string
	) {
		this.couchUrl = `http://127.0.0.1:${port}/couch`;
	}

	static async start(): Promise<ExternalServer> {
		const s = new ExternalServer(await freePort(), mkdtempSync(path.join(tmpdir(), 'waymark-fault-')));
		await s.restart();
		return s;
	}

	async restart(): Promise<void> {
		this.#child = spawn(process.execPath, ['--unhandled-rejections=warn', '--import', 'tsx', 'server/main.ts'], {
			env: {
				...process.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				DATA_DIR: this.dataDir,
				WAYMARK_ADMIN_PASSWORD: 'fault-admin'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		// Ready when it says so: that line comes after the demo accounts exist. Probing with a
		// teacher's password before then would count as failed sign-ins, and the server's
		// sign-in throttle would rightly make the probe wait (it did, on a slow CI machine).
		let said = '';
		this.#child.stdout!.on('data', (d: Buffer) => (said += d.toString()));
		this.#child.stderr!.on('data', (d: Buffer) => (said += d.toString()));
		const child = this.#child;
		await waitFor(
			'the server to say it is running',
			() => {
				if (child.exitCode !== null) throw new Error(`the server exited:\n${said}`);
				return /Waymark is running/.test(said);
			},
			60_000
		);
	}

	async kill(): Promise<void> {
		const child = this.#child;
		if (!child || child.exitCode !== null) return;
		await new Promise<void>((resolve) => {
			child.once('exit', () => resolve());
			child.kill('SIGKILL');
		});
	}

	async stop(): Promise<void> {
		await this.kill();
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const probe = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}
