import type { Moderation, ModerationInput } from '$lib/domain/moderation';
import { localToday } from '$lib/domain/calendar-days';
import { saveChecked } from './checked-save';
import { db } from './db';
import { repository, type SaveResult } from './repository';

const repo = repository('moderation');

export const get = repo.get;
/** Withdraw a record: it stays readable in history. */
export const archive = (id: string) => repo.archive(id);

/** A meeting is a record of what happened: it cannot be dated in the future. */
function ruleErrors(input: ModerationInput, today: string): Record<string, string> {
	return input.date && input.date > today ? { date: 'The meeting date cannot be in the future' } : {};
}

export function record(input: ModerationInput, today = localToday()): Promise<SaveResult<Moderation>> {
	return saveChecked('moderation', input, ruleErrors(input, today), () => repo.create(input));
}

/** Save an edited meeting; `base` is the record as the form loaded it (see repository `update`). */
export function edit(
	id: string,
	input: ModerationInput,
	base?: Moderation,
	today = localToday()
): Promise<SaveResult<Moderation>> {
	return saveChecked('moderation', input, ruleErrors(input, today), () => repo.update(id, input, { base }));
}

/** Every meeting that is not archived, newest first. */
export async function list(): Promise<Moderation[]> {
	const rows = await db.records<Moderation>('moderation').toArray();
	return rows
		.filter((m) => !m.archived)
		.sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
}
