import { setActor } from './actor';
import { useDatabase, WaymarkDb } from './db';

let counter = 0;

/** A fresh, empty database (fake-indexeddb in unit tests) made current, with a staff actor. */
export function freshDatabase(actor = 'teacher1'): WaymarkDb {
	setActor(actor);
	return useDatabase(new WaymarkDb(`waymark-test-${process.pid}-${++counter}`));
}
