import { localToday } from '$lib/domain/calendar-days';
import { comparePupils, keyStageOf, type KeyStage, type Pupil, type PupilInput } from '$lib/domain/pupil';
import { dateOfBirthError } from '$lib/domain/record-dates';
import { saveChecked } from './checked-save';
import { db } from './db';
import { repository, type SaveResult, type UpdateOptions } from './repository';

const repo = repository('pupil');

export const { archive, get } = repo;

/** A date of birth that makes the pupil under 4 or over 25 (or is in the future) is refused. */
function dateErrors(input: Partial<PupilInput>): Record<string, string> {
	const problem = input.dateOfBirth ? dateOfBirthError(input.dateOfBirth, localToday()) : null;
	return problem ? { dateOfBirth: problem } : {};
}

export function create(input: PupilInput): Promise<SaveResult<Pupil>> {
	return saveChecked('pupil', input, dateErrors(input), () => repo.create(input));
}

export function update(
	id: string,
	patch: Partial<PupilInput>,
	opts?: UpdateOptions<Pupil>
): Promise<SaveResult<Pupil>> {
	return saveChecked('pupil', patch, dateErrors(patch), () => repo.update(id, patch, opts));
}

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
