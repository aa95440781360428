import { listedSchoolOf, spellingGroups, type HostSchool, type SpellingGroup } from '$lib/domain/host-school';
import type { Pupil } from '$lib/domain/pupil';
import { db } from './db';
import * as pupils from './pupils';
import { repository, type SaveResult } from './repository';

const repo = repository('hostSchool');

export const { create, update, archive, get } = repo;

/** The organisation's host schools, by name. */
export async function list(): Promise<HostSchool[]> {
	return (await db.records<HostSchool>('hostSchool').toArray())
		.filter((s) => !s.archived)
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The listed school a pupil's `hostSchool` names (by id, else by its spelling), or undefined. */
export async function forPupil(pupil: Pick<Pupil, 'hostSchool' | 'hostSchoolId'>): Promise<HostSchool | undefined> {
	return listedSchoolOf(pupil, await list());
}

/** Names on pupil records that need a person: several spellings of one school, or not on the list. */
export async function spellingsToSort(): Promise<SpellingGroup[]> {
	const [roll, schools] = await Promise.all([pupils.list({ includeLeft: true }), list()]);
	return spellingGroups(roll, schools);
}

/**
 * Make one school of a group of spellings: the school on the list (created under `name` when the
 * group has none) and every pupil written with one of the spellings moved to its exact name and
 * id. One transaction: all the pupils or none. Each pupil is an ordinary edit, so it syncs and a
 * rival offline edit meets it as a conflict, never silently.
 */
export async function merge(group: SpellingGroup, name: string): Promise<SaveResult<HostSchool>> {
	return db.transaction('rw', [db.records('hostSchool'), db.records('pupil'), db.outbox], async () => {
		const school = group.school
			? await repo.update(group.school._id, { name })
			: await repo.create({ name, contacts: [] });
		if (!school.ok) return school;
		const spellings = new Set(group.spellings.map((s) => s.name));
		const roll = await pupils.list({ includeLeft: true });
		for (const p of roll.filter((p) => spellings.has(p.hostSchool.trim().replace(/\s+/g, ' ')))) {
			if (p.hostSchool === school.record.name && p.hostSchoolId === school.record._id) continue;
			const saved = await pupils.update(p._id, { hostSchool: school.record.name, hostSchoolId: school.record._id });
			if (!saved.ok) throw new Error(saved.message); // rolls the whole merge back
		}
		return school;
	});
}
