import PouchDB, { type Database } from 'pouchdb-core';
import IndexedDbAdapter from 'pouchdb-adapter-indexeddb';
import HttpAdapter from 'pouchdb-adapter-http';
import Replication from 'pouchdb-replication';
import { serverClock } from './server-clock.svelte';

PouchDB.plugin(IndexedDbAdapter).plugin(HttpAdapter).plugin(Replication);

export { PouchDB };
export type { Database };

/** Organisation database name on the server: `waymark-<org>` (data contract, "Databases and ids"). */
export function remoteDbName(org: string): string {
	return `waymark-${org}`;
}

/**
 * The tablet's replica. The `indexeddb` adapter, not the older `idb`: it is faster and there is no
 * migration between them later. revs_limit stays at its default: low values cause conflicts.
 * No auto-compaction: it would drop the common ancestor a three-way merge of a conflict needs.
 * The engine compacts each document instead once the server has confirmed it and it is in no
 * conflict (replica-storage.ts), and purges what leaves the working window (window-trim.ts).
 */
export function openLocal(org: string, adapter = 'indexeddb'): Database {
	return new PouchDB(`waymark-replica-${org}`, { adapter });
}

/**
 * The organisation's database on the server, through the same-origin `/couch` path. Every reply's
 * `Date` header tells how far this tablet's clock is from the server's (server-clock.svelte.ts),
 * at no extra request.
 */
export function openRemote(url: string, opts: Record<string, unknown> = {}): Database {
	const fetch = (input: string, init?: RequestInit) =>
		PouchDB.fetch(input, init).then((res) => {
			serverClock.noteReply(res.headers.get('Date'));
			return res;
		});
	return new PouchDB(url, { skip_setup: true, fetch, ...opts });
}
