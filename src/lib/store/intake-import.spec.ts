import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CarerContact } from '$lib/domain/carer-contact';
import type { Intake } from '$lib/domain/intake';
import { decodeCsvBytes, isAccepted, planImport, readCsvTable, type AcceptedRow } from '$lib/domain/intake-import';
import type { Pupil } from '$lib/domain/pupil';
import type { WaymarkDb } from './db';
import { applyImport, importContext } from './intake-import';
import { freshDatabase } from '$tests/test-db';

const fixture = (name: string) =>
	decodeCsvBytes(readFileSync(new URL(`../../../tests/fixtures/intake/${name}`, import.meta.url)));

async function plan(name: string) {
	return planImport(await readCsvTable(fixture(name)), await importContext());
}

const accepted = (p: Awaited<ReturnType<typeof plan>>): AcceptedRow[] => p.rows.filter(isAccepted);

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

describe('writing a confirmed import', () => {
	it('saves each accepted pupil with their intakes, all queued for sync, and nothing from rejected rows', async () => {
		const first = await plan('messy.csv');
		const progress: number[] = [];
		const result = await applyImport(accepted(first), (done) => progress.push(done));
		expect(result).toEqual({ created: 3, updated: 0, failed: [] });
		expect(progress).toEqual([3]);

		const pupils = await db.records<Pupil>('pupil').toArray();
		expect(pupils.map((p) => p.familyName).sort()).toEqual(['Adebayo', 'Brennan', 'Çelik']);
		const adebayo = pupils.find((p) => p.familyName === 'Adebayo')!;
		expect(adebayo).toMatchObject({
			upn: 'T900123456701',
			status: 'active',
			senStatus: 'sen-support',
			startDate: '2026-09-07'
		});
		const intakes = await db.records<Intake>('intake').where('pupilId').equals(adebayo._id).toArray();
		expect(intakes.map((i) => [i.subject, i.workingAt, i.ks4Target]).sort()).toEqual([
			['english', '5-', '6'],
			['maths', '4', '6']
		]);
		expect(await db.outbox.count()).toBe(3 + 6);
	});

	it('re-running the same file adds no one twice and rewrites nothing', async () => {
		await applyImport(accepted(await plan('messy.csv')));
		const before = await db.records<Pupil>('pupil').toArray();

		const again = await plan('messy.csv');
		expect(again.rows.filter((r) => r.status !== 'rejected').map((r) => r.status)).toEqual([
			'unchanged',
			'unchanged',
			'unchanged'
		]);
		expect(await applyImport(accepted(again))).toEqual({ created: 0, updated: 0, failed: [] });
		expect(await db.records<Pupil>('pupil').toArray()).toEqual(before);
		expect(await db.records('intake').count()).toBe(6);
	});

	it('a stale preview (the pupil arrived since) updates the pupil instead of adding a twin', async () => {
		const stale = await plan('good.csv');
		await applyImport(accepted(stale)); // e.g. another tablet's import synced in meanwhile
		const result = await applyImport(accepted(stale));
		expect(result).toEqual({ created: 0, updated: 3, failed: [] });
		expect(await db.records('pupil').count()).toBe(3);
		expect(await db.records('intake').count()).toBe(6);
	});

	it('updates what changed and keeps what the file does not mention', async () => {
		await applyImport(accepted(await plan('good.csv')));
		const ellis = (await db.records<Pupil>('pupil').where('upn').equals('T900123456712').first())!;
		await db
			.records<Pupil>('pupil')
			.put({ ...ellis, familyName: 'Ellis-Old', iepSummary: 'Short tasks, movement breaks.', status: 'active' });

		const next = await plan('good.csv');
		const row = next.rows.find((r) => r.row === 2);
		expect(row).toMatchObject({ status: 'update', changes: ['surname'] });
		expect(await applyImport(accepted(next))).toEqual({ created: 0, updated: 1, failed: [] });
		expect(await db.records<Pupil>('pupil').get(ellis._id)).toMatchObject({
			familyName: 'Ellis',
			iepSummary: 'Short tasks, movement breaks.'
		});
	});

	it('writes a long file in batches, reporting progress after each', async () => {
		const lines = ['Surname,First name,Date of birth,Year group,Host school,Maths working at,Maths KS4 target'];
		for (let i = 0; i < 120; i++) lines.push(`Bulk${i},Pupil,01/03/2011,10,Riverside Academy,4,5`);
		const big = planImport(await readCsvTable(lines.join('\r\n')), await importContext());
		const progress: number[] = [];
		expect(await applyImport(accepted(big), (done, total) => progress.push(done / total))).toEqual({
			created: 120,
			updated: 0,
			failed: []
		});
		expect(progress).toEqual([50 / 120, 100 / 120, 1]);
		expect(await db.records('pupil').count()).toBe(120);
		expect(await db.records('intake').count()).toBe(120);
	});

	it('a storage failure loses only its batch, says so, and a second run completes it', async () => {
		const rows = accepted(await plan('good.csv'));
		let failNext = true;
		db.records('intake').hook('creating', () => {
			if (failNext) {
				failNext = false;
				throw new Error('disk full');
			}
		});
		const result = await applyImport(rows);
		expect(result.created).toBe(0);
		expect(result.failed.map((f) => f.row)).toEqual([2, 3, 4]);
		expect(result.failed[0]?.reason).toMatch(/^Not saved: .*disk full.*Import the file again to finish\.$/);
		expect(await db.records('pupil').count()).toBe(0);
		expect(await db.outbox.count()).toBe(0);

		expect(await applyImport(accepted(await plan('good.csv')))).toEqual({ created: 3, updated: 0, failed: [] });
	});

	it('reports a row that cannot be saved and still saves the others', async () => {
		const rows = accepted(await plan('good.csv'));
		const broken = { ...rows[0]!, pupil: { ...rows[0]!.pupil, hostSchool: '' } };
		const result = await applyImport([broken, rows[1]!]);
		expect(result.created).toBe(1);
		expect(result.failed).toEqual([{ row: 2, name: 'Ellis, Jordan', reason: 'Host school is required' }]);
		expect(await db.records('intake').count()).toBe(2); // the broken row's intakes were not written either
	});
});

describe('parents and carers from the intake file', () => {
	it('saves them on the new pupils’ records, queued for sync, and a re-import adds none twice', async () => {
		const first = await plan('contacts.csv');
		expect(await applyImport(accepted(first))).toEqual({ created: 2, updated: 0, failed: [] });
		const contacts = await db.records<CarerContact>('carerContact').toArray();
		expect(contacts.map((c) => [c.name, c.doNotContact ?? false]).sort()).toEqual([
			['Ada Okoro', false],
			['Jo Quinn', false],
			['Sam Okoro', true]
		]);
		expect((await db.outbox.toArray()).filter((e) => e.type === 'carerContact')).toHaveLength(3);

		const again = await plan('contacts.csv');
		expect(again.rows.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'rejected']);
		expect(await db.records('carerContact').count()).toBe(3);
	});
});
