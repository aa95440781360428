import PouchDB, { type Database } from 'pouchdb-core';
import IndexedDbAdapter from 'pouchdb-adapter-indexeddb';
import HttpAdapter from 'pouchdb-adapter-http';
import Replication from 'pouchdb-replication';

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
 * No auto-compaction: the bodies of earlier revisions are the common ancestor a three-way merge
 * of a conflict needs.
 */
export function openLocal(org: string, adapter = 'indexeddb'): Database {
	return new PouchDB(`waymark-replica-${org}`, { adapter });
}

/** The organisation's database on the server, through the same-origin `/couch` path. */
export function openRemote(url: string, opts: Record<string, unknown> = {}): Database {
	return new PouchDB(url, { skip_setup: true, ...opts });
}
