import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
