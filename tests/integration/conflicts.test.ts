import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan, PlanInput } from '../../src/lib/domain/plan';
import type { Pupil, PupilInput } from '../../src/lib/domain/pupil';
import * as pupils from '../../src/lib/store/pupils';
import { repository } from '../../src/lib/store/repository';
import { SyncEngine } from '../../src/lib/sync/engine';
import { serverClock } from '../../src/lib/sync/server-clock.svelte';
import { DEMO_LOGINS, startTestServer, type TestServer } from './harness';
import { TestTablet, waitFor } from './sync-tablet';
import { pupilInput } from '../support/test-factories';

const plans = repository('plan');

let server: TestServer;
const tablets: TestTablet[] = [];

function tablet(index: 0 | 1) {
	const login = DEMO_LOGINS[index];
	const t = new TestTablet(`${server.couchUrl}/waymark-demo`, { name: login.name, password: login.password });
	tablets.push(t);
	return t;
}

async function serverDoc<T = Plan>(id: string) {
	const res = await server.adminFetch(`/waymark-demo/${encodeURIComponent(id)}?conflicts=true`);
	return (await res.json()) as T & { _conflicts?: string[] };
}

const planInput = (pupilId: string): PlanInput => ({
	pupilId,
	startDate: '2026-09-14',
	reviewDate: '2026-12-07',
	assessmentArrangements: 'Termly review with the SENCo',
	objectives: [
		{
			id: 'o1',
			area: 'literacy',
			description: 'Read aloud fluently',
			successCriteria: 'Under 5 errors on a KS3 passage',
			targetDate: '2026-12-01'
		}
	]
});

/** Both tablets hold the same plan, then lose their connection. */
async function planOnTwoOfflineTablets() {
	const a = tablet(0).use();
	const b = tablet(1);
	await a.start();
	await b.start();
	const pupil = (
		await server.adminFetch('/waymark-demo/_all_docs?startkey="pupil:"&endkey="pupil;"&limit=1').then((r) => r.json())
	).rows[0].id;
	const saved = await plans.create(planInput(pupil));
	if (!saved.ok) throw new Error(saved.message);
	const id = saved.record._id;
	await waitFor('tablet B to hold the plan', () => b.db.records('plan').get(id));
	await waitFor('A to be confirmed', async () => (await a.db.outbox.count()) === 0);
	await a.stop();
	await b.stop();
	return { a, b, id };
}

beforeAll(async () => {
	server = await startTestServer();
});

afterAll(async () => {
	for (const t of tablets) await t.stop();
	await new Promise((r) => setTimeout(r, 500));
	await server.close();
});

describe('two tablets edit the same plan offline', () => {
	it('merges edits of different fields so both survive, and leaves no conflict behind', async () => {
		const { a, b, id } = await planOnTwoOfflineTablets();
		a.use();
		await plans.update(id, { reviewDate: '2026-12-14' });
		b.use();
		await plans.update(id, { assessmentArrangements: 'Half-termly, with the key worker' });

		await a.restartEngine();
		await waitFor('A to push', async () => (await a.db.outbox.count()) === 0);
		await b.restartEngine();
		const merged = await waitFor('the merge on the server', async () => {
			const doc = await serverDoc(id);
			return !doc._conflicts && doc.reviewDate === '2026-12-14' && doc.assessmentArrangements?.startsWith('Half-termly')
				? doc
				: undefined;
		});
		expect(merged.objectives).toHaveLength(1);
		// and both tablets end up showing the merged plan
		for (const t of [a, b]) {
			await waitFor('the merged plan on each tablet', async () => {
				const local = await t.db.records<Plan>('plan').get(id);
				return local?.reviewDate === '2026-12-14' && local.assessmentArrangements?.startsWith('Half-termly');
			});
		}
	});

	it('keeps both values of a field changed on both sides until a person chooses', async () => {
		const { a, b, id } = await planOnTwoOfflineTablets();
		a.use();
		await plans.update(id, { reviewDate: '2026-12-14', assessmentArrangements: 'Weekly check-in' });
		b.use();
		await plans.update(id, { reviewDate: '2027-01-11' });

		await a.restartEngine();
		await waitFor('A to push', async () => (await a.db.outbox.count()) === 0);
		await b.restartEngine();
		const decision = await waitFor('the decision on tablet B', () => b.db.decisions.get(id));
		expect(decision.conflicts.map((c) => c.field)).toEqual(['reviewDate']);
		expect(decision.conflicts[0]!.options.map((o) => o.value).sort()).toEqual(['2026-12-14', '2027-01-11']);
		const onServer = await waitFor('both revisions on the server', async () => {
			const doc = await serverDoc(id);
			return doc._conflicts?.length ? doc : undefined;
		});
		expect(onServer._conflicts).toHaveLength(1);

		await b.engine.decide(id, { reviewDate: '2027-01-11' });
		const settled = await waitFor('the decision to reach the server', async () => {
			const doc = await serverDoc(id);
			return !doc._conflicts && doc.reviewDate === '2027-01-11' ? doc : undefined;
		});
		// the field nobody disputed keeps A's change
		expect(settled.assessmentArrangements).toBe('Weekly check-in');
		await waitFor(
			'tablet A to drop the decision once settled',
			async () => (await a.db.decisions.get(id)) === undefined
		);
		expect(await b.db.decisions.get(id)).toBeUndefined();
	});
});

describe('conflicts nobody settled when they arrived', () => {
	it('are merged by the sweep when the app starts again (the tab closed before it merged them)', async () => {
		const { a, b, id } = await planOnTwoOfflineTablets();
		const [first] = planInput('').objectives;
		a.use();
		await plans.update(id, {
			reviewDate: '2026-12-14',
			objectives: [first!, { ...first!, id: 'o3', description: 'Add' }]
		});
		await a.restartEngine();
		await waitFor('A to push', async () => (await a.db.outbox.count()) === 0);
		await a.stop();

		// B receives A's edit and pushes its own, but its tab closes before it merges them.
		b.use();
		await plans.update(id, { objectives: [first!, { ...first!, id: 'o2', description: 'Spell' }] });
		b.engine = new SyncEngine({
			db: b.db,
			local: b.local,
			remote: b.remote,
			resolveConflicts: () => Promise.resolve()
		});
		await b.engine.start();
		await waitFor('both versions on the server', async () =>
			(await serverDoc(id))._conflicts?.length ? true : undefined
		);
		await waitFor('B to push', async () => (await b.db.outbox.count()) === 0);
		await b.engine.settled();
		expect(await b.db.decisions.count()).toBe(0);

		await b.restartEngine();
		const merged = await waitFor('the merge on the server', async () => {
			const doc = await serverDoc(id);
			return !doc._conflicts && doc.reviewDate === '2026-12-14' ? doc : undefined;
		});
		// the objective each tablet added and the one the plan had are all kept
		expect(merged.objectives.map((o) => o.id).sort()).toEqual(['o1', 'o2', 'o3']);
	});
});

describe('an edit form open while another tablet’s change arrives', () => {
	const edna = pupilInput({ givenName: 'Edna', familyName: 'Marsh', dateOfBirth: '2011-05-06', yearGroup: 9 });
	/** What the pupil form hands over on save: every field it shows, with the person's change. */
	const formInput = (loaded: Pupil, change: Partial<PupilInput>): PupilInput => {
		const { givenName, familyName, dateOfBirth, yearGroup, hostSchool, startDate, senStatus, status } = loaded;
		return { givenName, familyName, dateOfBirth, yearGroup, hostSchool, startDate, senStatus, status, ...change };
	};

	/** Edna on both tablets, both online; A opens her edit form; B saves a change that reaches A. */
	async function formOpenWhileBEdits(change: Partial<PupilInput>) {
		const a = tablet(0).use();
		const b = tablet(1);
		await a.start();
		await b.start();
		const saved = await pupils.create({ ...edna, familyName: `Marsh-${crypto.randomUUID().slice(0, 6)}` });
		if (!saved.ok) throw new Error(saved.message);
		const id = saved.record._id;
		await waitFor('tablet B to hold Edna', () => b.db.records('pupil').get(id));
		const loaded = await waitFor('A to be confirmed', async () =>
			(await a.db.outbox.count()) === 0 ? a.db.records<Pupil>('pupil').get(id) : undefined
		);
		b.use();
		await pupils.update(id, change);
		await waitFor('B’s change to reach A while the form is open', async () => {
			const now = await a.db.records<Pupil>('pupil').get(id);
			return now?._rev !== loaded._rev && now?.updatedBy === b.user.name;
		});
		return { a, b, id, loaded };
	}

	it('keeps the other tablet’s change to a field the person did not touch', async () => {
		const { a, b, id, loaded } = await formOpenWhileBEdits({ yearGroup: 10 });
		a.use();
		const saved = await pupils.update(id, formInput(loaded, { givenName: 'Edwina' }), { base: loaded });
		expect(saved.ok).toBe(true);
		const onServer = await waitFor('both changes on the server', async () => {
			const doc = await serverDoc<Pupil>(id);
			return doc.givenName === 'Edwina' && (await a.db.outbox.count()) === 0 ? doc : undefined;
		});
		expect(onServer).toMatchObject({ givenName: 'Edwina', yearGroup: 10 });
		expect(onServer._conflicts).toBeUndefined();
		await waitFor('tablet B to show both', async () => {
			const there = await b.db.records<Pupil>('pupil').get(id);
			return there?.givenName === 'Edwina' && there.yearGroup === 10;
		});
		// Every reply carried the server's time: these clocks agree, so there is nothing to say.
		expect(Math.abs(serverClock.offsetMs!)).toBeLessThan(2_000);
		expect(serverClock.notice).toBeNull();
	});

	it('puts a field both changed on "Needs a decision" with both values, and keeps the rest', async () => {
		const { a, b, id, loaded } = await formOpenWhileBEdits({ familyName: 'Jones', yearGroup: 10 });
		a.use();
		await pupils.update(id, formInput(loaded, { familyName: 'Smith' }), { base: loaded });
		const decision = await waitFor('the decision on tablet A', () => a.db.decisions.get(id));
		expect(decision.conflicts.map((c) => c.field)).toEqual(['familyName']);
		expect(decision.conflicts[0]!.options.map((o) => o.value).sort()).toEqual(['Jones', 'Smith']);
		await waitFor('the decision on tablet B too', () => b.db.decisions.get(id));
		const onServer = await waitFor('both versions on the server', async () => {
			const doc = await serverDoc<Pupil>(id);
			return doc._conflicts?.length ? doc : undefined;
		});
		expect(onServer._conflicts).toHaveLength(1);

		expect(await a.engine.decide(id, { familyName: 'Smith' })).toBe('merged');
		const settled = await waitFor('the choice on the server', async () => {
			const doc = await serverDoc<Pupil>(id);
			return !doc._conflicts && doc.familyName === 'Smith' ? doc : undefined;
		});
		expect(settled.yearGroup).toBe(10);
	});
});
