import { describe, expect, it } from 'vitest';
import type { SaveResult } from '$lib/store/repository';
import { announcer } from './announcer.svelte';
import { Submission } from './submit.svelte';

describe('one way every form saves', () => {
	it('stops saving and says why in plain English when the store throws', async () => {
		const submission = new Submission();
		const quota = Object.assign(new Error('QuotaExceededError: the quota has been exceeded'), {
			name: 'QuotaExceededError'
		});
		const result = await submission.run(undefined, () => Promise.reject(quota));
		expect(submission.isSaving).toBe(false);
		expect(result).toMatchObject({ ok: false });
		expect(submission.message).toMatch(/^Not saved: this tablet has run out of storage space/);
		// Shown, not only read out: nothing beside a field would tell the person.
		expect(announcer.toasts.at(-1)).toMatchObject({ tone: 'danger', isVisible: true, message: submission.message });
	});

	it('catches a store that throws before it returns a promise', async () => {
		const submission = new Submission();
		const result = await submission.run(undefined, () => {
			throw new TypeError('cannot read properties of undefined');
		});
		expect(submission.isSaving).toBe(false);
		expect(result?.ok).toBe(false);
		expect(submission.message).toBe(
			'Not saved: this tablet could not store it. Try again; if it keeps happening, reload the page.'
		);
	});

	it('ignores a second tap while the first save is running', async () => {
		const submission = new Submission();
		let calls = 0;
		let finish: (r: SaveResult<string>) => void = () => {};
		const save = () => {
			calls++;
			return new Promise<SaveResult<string>>((resolve) => (finish = resolve));
		};
		const first = submission.run(undefined, save);
		expect(submission.isSaving).toBe(true);
		expect(await submission.run(undefined, save)).toBeUndefined();
		finish({ ok: true, record: 'saved' });
		expect(await first).toEqual({ ok: true, record: 'saved' });
		expect(calls).toBe(1);
		expect(submission.isSaving).toBe(false);
	});

	it('keeps field errors beside the fields and reads them out without a toast', async () => {
		const submission = new Submission();
		await submission.run(undefined, () =>
			Promise.resolve({
				ok: false,
				message: 'Please correct the highlighted field.',
				errors: { date: 'Give the date' }
			})
		);
		expect(submission.errors).toEqual({ date: 'Give the date' });
		expect(announcer.toasts.at(-1)).toMatchObject({
			isVisible: false,
			message: 'Please correct the highlighted field.'
		});
	});

	it('says a malformed date in a teacher’s words, not the file format', async () => {
		const submission = new Submission();
		await submission.run(undefined, () =>
			Promise.resolve({
				ok: false,
				message: 'Please correct the highlighted field.',
				errors: { date: 'must be a date written as YYYY-MM-DD' }
			})
		);
		expect(submission.errors.date).toBe('Enter the whole date, or choose it from the calendar');
	});
});
