import { beforeEach, describe, expect, it } from 'vitest';
import type { Pupil } from '$lib/domain/pupil';
import type { WaymarkDb } from './db';
import * as hostSchools from './host-schools';
import { addPupil, freshDatabase } from '$tests/test-db';

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

describe('host schools as a list', () => {
	it('merges 3 spellings into one school on the list, moving every pupil to its name and id', async () => {
		for (const hostSchool of ['Hillcrest High School', 'hillcrest high school', 'Hillcrest High', 'Oak Park'])
			await addPupil({ hostSchool, givenName: hostSchool.slice(0, 4) });
		const [hill, oak] = await hostSchools.spellingsToSort();
		expect(hill!.spellings).toHaveLength(3);
		expect(oak!.spellings.map((s) => s.name)).toEqual(['Oak Park']);

		const saved = await hostSchools.merge(hill!, 'Hillcrest High School');
		expect(saved.ok).toBe(true);
		const pupils = await db.records<Pupil>('pupil').toArray();
		const moved = pupils.filter((p) => p.hostSchool !== 'Oak Park');
		expect(new Set(moved.map((p) => p.hostSchool))).toEqual(new Set(['Hillcrest High School']));
		expect(moved.every((p) => saved.ok && p.hostSchoolId === saved.record._id)).toBe(true);
		expect((await hostSchools.spellingsToSort()).map((g) => g.key)).toEqual(['oak park']);
		expect((await db.outbox.toArray()).filter((e) => e.type === 'hostSchool')).toHaveLength(1);
	});

	it('finds a pupil’s school on the list by id or by spelling', async () => {
		const made = await hostSchools.create({
			name: 'Riverside Academy',
			contacts: [{ name: 'Ada Shah', role: 'SENCo' }]
		});
		expect(made.ok).toBe(true);
		expect((await hostSchools.forPupil({ hostSchool: 'riverside  academy' }))?.name).toBe('Riverside Academy');
		expect((await hostSchools.forPupil({ hostSchool: 'Elsewhere' }))?.name).toBeUndefined();
	});
});
