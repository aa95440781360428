import { comparePupils, keyStageOf, type KeyStage, type Pupil } from '$lib/domain/pupil';
import { db } from './db';
import { repository } from './repository';

const repo = repository('pupil');

export const { create, update, archive, get } = repo;

export interface PupilFilter {
	/** Matches the start of the first name, surname or full name, ignoring case. */
	search?: string;
	yearGroup?: number | null;
	keyStage?: KeyStage | null;
	includeLeft?: boolean;
}

export async function list(filter: PupilFilter = {}): Promise<Pupil[]> {
	const rows = await (filter.yearGroup
		? db.records<Pupil>('pupil').where('yearGroup').equals(filter.yearGroup).toArray()
		: db.records<Pupil>('pupil').toArray());
	const needle = filter.search?.trim().toLowerCase() ?? '';
	return rows
		.filter((p) => !p.archived)
		.filter((p) => filter.includeLeft || p.status === 'active')
		.filter((p) => !filter.keyStage || keyStageOf(p.yearGroup) === filter.keyStage)
		.filter((p) => !needle || matchesName(p, needle))
		.sort(comparePupils);
}

function matchesName(p: Pupil, needle: string): boolean {
	const given = p.givenName.toLowerCase();
	const family = p.familyName.toLowerCase();
	return given.startsWith(needle) || family.startsWith(needle) || `${given} ${family}`.startsWith(needle);
}

export function count(): Promise<number> {
	return db.records('pupil').count();
}
