import type { Pupil, PupilInput } from '../../src/lib/domain/pupil';
import { setActor } from '../../src/lib/store/actor';
import { useDatabase, WaymarkDb } from '../../src/lib/store/db';
import * as pupils from '../../src/lib/store/pupils';
import { pupilInput } from './test-factories';

let counter = 0;

/** A fresh, empty database (fake-indexeddb in unit tests) made current, with a staff actor. */
export function freshDatabase(actor = 'teacher1'): WaymarkDb {
	setActor(actor);
	return useDatabase(new WaymarkDb(`waymark-test-${process.pid}-${++counter}`));
}

/** Save a pupil (Amira Khan, year 8, unless overridden) through the real repository. */
export async function addPupil(overrides: Partial<PupilInput> = {}): Promise<Pupil> {
	const saved = await pupils.create(pupilInput(overrides));
	if (!saved.ok) throw new Error(saved.message);
	return saved.record;
}
