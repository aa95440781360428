import type { TrendAction, TrendActionInput } from '$lib/domain/trend-action';
import { db } from './db';
import { repository, type SaveResult } from './repository';

const repo = repository('trendAction');

/** Withdrawing an action archives it: it stays in the history and the subject access export. */
export const { archive, get } = repo;

/** "What we are doing about it", written by a leader. */
export function add(input: TrendActionInput): Promise<SaveResult<TrendAction>> {
	return repo.create(input);
}

/** Every action not withdrawn, newest first. */
export async function list(): Promise<TrendAction[]> {
	return (await db.records<TrendAction>('trendAction').toArray())
		.filter((a) => !a.archived)
		.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
