import Dexie, { liveQuery } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WaymarkDb } from './db';
import * as pupils from './pupils';
import { addPupil, freshDatabase } from '$tests/test-db';

afterEach(() => {
	vi.restoreAllMocks();
});

describe('the tablet database', () => {
	it('a live query re-run by every save adds no abort listener per read (Dexie query cache off)', async () => {
		freshDatabase();
		const pupil = await addPupil();
		const addListener = vi.spyOn(AbortSignal.prototype, 'addEventListener');
		const seen: string[] = [];
		const subscription = liveQuery(() => pupils.list()).subscribe((rows) => seen.push(rows[0]?.familyName ?? ''));
		for (let i = 1; i <= 10; i++) {
			const result = await pupils.update(pupil._id, { familyName: `Khan${i}` });
			expect(result.ok).toBe(true);
			await vi.waitFor(() => expect(seen.at(-1)).toBe(`Khan${i}`));
		}
		subscription.unsubscribe();
		const abortListeners = addListener.mock.calls.filter(([type]) => type === 'abort');
		expect(abortListeners).toHaveLength(0);
	});
});

describe('database upgrade to version 28 (indexes no query reads)', () => {
	it('drops the unused indexes and keeps every record, still found by pupil and by register day', async () => {
		const name = `waymark-upgrade-28-${process.pid}`;
		const old = new Dexie(name);
		old.version(26).stores({
			attendance: '_id, pupilId, [pupilId+date], [date+session], date',
			markingNote: '_id, pupilId, replyTo, lessonId, createdAt'
		});
		await old.open();
		const mark = { _id: 'attendance:1', type: 'attendance', pupilId: 'pupil:a', date: '2026-11-30', session: 'am' };
		await old.table('attendance').put(mark);
		await old.table('markingNote').put({ _id: 'markingNote:1', pupilId: 'pupil:a', replyTo: 'markingNote:0' });
		old.close();

		const upgraded = new WaymarkDb(name);
		await upgraded.open();
		expect(upgraded.verno).toBe(28);
		const attendance = upgraded.table('attendance');
		expect(attendance.schema.indexes.map((i) => i.name).sort()).toEqual(['[date+session]', 'pupilId']);
		expect(upgraded.table('markingNote').schema.indexes.map((i) => i.name)).not.toContain('replyTo');
		expect(await attendance.where('pupilId').equals('pupil:a').toArray()).toEqual([mark]);
		expect(await attendance.where('[date+session]').equals(['2026-11-30', 'am']).toArray()).toEqual([mark]);
		expect(await upgraded.table('markingNote').count()).toBe(1);
		upgraded.close();
		// What the browser itself holds, not only Dexie's view of it.
		const raw = await new Promise<IDBDatabase>((resolve, reject) => {
			const q = indexedDB.open(name);
			q.onsuccess = () => resolve(q.result);
			q.onerror = () => reject(q.error);
		});
		expect(Array.from(raw.transaction('attendance').objectStore('attendance').indexNames)).not.toContain(
			'[pupilId+date]'
		);
		raw.close();
	});
});
