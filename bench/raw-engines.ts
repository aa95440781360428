/**
 * The raw engines, bundled by the benchmark (never part of the app): PouchDB with the same
 * adapters the app uses, and Dexie. Injected into a benchmark page so "the engine alone" runs
 * in the same browser, origin and CPU throttling as the app it is compared with.
 */
import Dexie from 'dexie';
import PouchDB from 'pouchdb-core';
import HttpAdapter from 'pouchdb-adapter-http';
import IndexedDbAdapter from 'pouchdb-adapter-indexeddb';
import Replication from 'pouchdb-replication';

PouchDB.plugin(IndexedDbAdapter).plugin(HttpAdapter).plugin(Replication);

(globalThis as unknown as { __raw: unknown }).__raw = { PouchDB, Dexie };
