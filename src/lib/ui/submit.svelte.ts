import { tick } from 'svelte';
import { DATE_FORMAT_MESSAGE } from '$lib/domain/common';
import type { SaveResult } from '$lib/store/repository';
import { describeSaveError } from '$lib/store/save-errors';
import { announce } from './announcer.svelte';

/**
 * The one way a form saves. `isSaving` is reset whatever happens (a store that throws — the
 * tablet full, the database dropped, nobody signed in — never leaves Save spinning); a failure is
 * said in plain English, beside the fields and to screen readers; focus moves to the first field
 * to fix (or the form's message) so errors above the fold are not missed. Nothing is half-saved:
 * every store write is one transaction.
 *
 *   const submission = new Submission();
 *   const result = await submission.run(event, () => behaviour.log(input));
 *   if (result?.ok) …
 */
export class Submission {
	isSaving = $state(false);
	/** Field → message, from the last attempt: shown beside each field. */
	errors = $state<Record<string, string>>({});
	/** The last attempt's message for the whole form ('' after a save). */
	message = $state('');

	/**
	 * Run `save` once (a second tap while saving is ignored). Returns the result, or undefined when
	 * a save was already running. A thrown error becomes `{ ok: false, message }`.
	 */
	async run<R>(event: Event | undefined, save: () => Promise<SaveResult<R>>): Promise<SaveResult<R> | undefined> {
		event?.preventDefault();
		if (this.isSaving) return undefined;
		const within = formOf(event);
		this.isSaving = true;
		let result: SaveResult<R>;
		try {
			result = await save();
		} catch (error) {
			console.error(error);
			result = { ok: false, message: describeSaveError(error), errors: {} };
		} finally {
			this.isSaving = false;
		}
		if (result.ok) {
			this.errors = {};
			this.message = '';
		} else await this.reject(result.errors, result.message, within);
		return result;
	}

	/**
	 * Show problems found before saving (or by the save): beside the fields, announced, and focus
	 * on the first one. A message with no field (the store refused) is shown in a toast too.
	 */
	async reject(errors: Record<string, string>, message: string, within?: HTMLElement | null): Promise<void> {
		errors = inTeachersWords(errors);
		this.errors = errors;
		this.message = message;
		// Field messages are read with the field focus moves to: announce only the summary.
		announce(message, { tone: 'danger', isVisible: Object.keys(errors).length === 0 });
		await tick();
		if (within) focusFirstProblem(within);
	}
}

/**
 * The schemas speak for CSV files and other programs ("must be a date written as YYYY-MM-DD");
 * beside a date picker a teacher needs other words.
 */
export function inTeachersWords(errors: Record<string, string>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(errors).map(([field, message]) => [
			field,
			message === DATE_FORMAT_MESSAGE ? 'Enter the whole date, or choose it from the calendar' : message
		])
	);
}

function formOf(event: Event | undefined): HTMLElement | null {
	const target = (event?.currentTarget ?? event?.target) as HTMLElement | null | undefined;
	if (!target || typeof target.closest !== 'function') return null;
	return target.closest('form') ?? target;
}

/** Focus the first problem on the page's order: an invalid field, else an error message. */
export function focusFirstProblem(within: HTMLElement): void {
	// The form's own summary line ("Please correct…") only when no field says what to fix.
	const first =
		within.querySelector<HTMLElement>('[aria-invalid="true"], .error') ??
		within.querySelector<HTMLElement>('.form-error, [data-form-error]');
	if (!first) return;
	// A field's message sits above its control: focus the control, which reads the message too.
	const control = first.closest('.field')?.querySelector<HTMLElement>('[aria-invalid="true"]');
	const target = control ?? first;
	if (!target.matches('input, select, textarea, button, [tabindex]')) target.tabIndex = -1;
	target.focus({ preventScroll: true });
	target.scrollIntoView({ block: 'center', behavior: 'instant' });
}
