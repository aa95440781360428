import type { Pupil, PupilInput } from '../../src/lib/domain/pupil';
import { setActor } from '../../src/lib/store/actor';
import { useDatabase, WaymarkDb } from '../../src/lib/store/db';
import * as pupils from '../../src/lib/store/pupils';

let counter = 0;

/** A fresh, empty database (fake-indexeddb in unit tests) made current, with a staff actor. */
export function freshDatabase(actor = 'teacher1'): WaymarkDb {
	setActor(actor);
	return useDatabase(new WaymarkDb(`waymark-test-${process.pid}-${++counter}`));
}

/** Save a pupil (Amira Khan, year 8, unless overridden) through the real repository. */
export async function addPupil(overrides: Partial<PupilInput> = {}): Promise<Pupil> {
	const saved = await pupils.create({
		givenName: 'Amira',
		familyName: 'Khan',
		dateOfBirth: '2013-03-04',
		yearGroup: 8,
		hostSchool: 'Riverside Academy',
		startDate: '2026-09-07',
		senStatus: 'none',
		status: 'active',
		...overrides
	});
	if (!saved.ok) throw new Error(saved.message);
	return saved.record;
}
