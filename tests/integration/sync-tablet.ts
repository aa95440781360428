import { localToday } from '../../src/lib/domain/calendar-days';
import type { Database } from 'pouchdb-core';
import { useDatabase, WaymarkDb } from '../../src/lib/store/db';
import { setActor } from '../../src/lib/store/actor';
import { SyncEngine } from '../../src/lib/sync/engine';
import MemoryAdapter from 'pouchdb-adapter-memory';
import { openLocal, openRemote, PouchDB } from '../../src/lib/sync/pouch';

// fake-indexeddb and PouchDB's indexeddb adapter disagree about transaction lifetimes in Node,
// so simulated tablets keep their replica in memory; the real adapter runs in the e2e tests.
PouchDB.plugin(MemoryAdapter);

let counter = 0;

/**
 * A simulated tablet for integration tests: its own Dexie database and PouchDB replica (both on
 * fake-indexeddb), the real sync engine, and the real server over loopback HTTP.
 */
export class TestTablet {
	readonly db: WaymarkDb;
	local: Database;
	remote: Database;
	engine: SyncEngine;
	/** False for a visitor's sign-in: the engine only receives. */
	canPush = true;
	/** The day a first sync counts the working window from, when a test sets one (default today). */
	firstSyncDay: string | undefined;

	constructor(
		readonly remoteUrl: string,
		readonly user: { name: string; password: string },
		label = `tablet${++counter}`
	) {
		const id = `${label}-${process.pid}-${Date.now()}`;
		this.#replicaName = id;
		this.db = new WaymarkDb(`waymark-${id}`);
		this.local = openLocal(id, 'memory');
		this.remote = openRemote(remoteUrl, { auth: { username: user.name, password: user.password } });
		this.engine = this.#newEngine();
	}

	readonly #replicaName: string;

	/** The replica is destroyed and recreated empty (eviction, a wipe cut short); Dexie keeps everything. */
	async loseReplica() {
		await this.engine.stop();
		await this.local.destroy();
		this.local = openLocal(this.#replicaName, 'memory');
		this.engine = this.#newEngine();
	}

	#newEngine() {
		return new SyncEngine({
			db: this.db,
			local: this.local,
			remote: this.remote,
			canPush: () => this.canPush,
			windowDay: () => this.firstSyncDay ?? localToday()
		});
	}

	/** Someone else signs in on this tablet: the same stores, their credentials, a restarted engine. */
	async signInAs(user: { name: string; password: string }, opts: { canPush: boolean }) {
		await this.engine.stop();
		this.remote = openRemote(this.remoteUrl, { auth: { username: user.name, password: user.password } });
		this.canPush = opts.canPush;
		this.engine = this.#newEngine();
		return this.engine.start();
	}

	/** Make this tablet the one repository calls write to (they use the module-level db). */
	use(): this {
		useDatabase(this.db);
		setActor(this.user.name);
		return this;
	}

	start() {
		return this.engine.start();
	}

	async stop() {
		await this.engine.stop();
	}

	/** A "crash": the engine stops wherever it is, nothing is flushed. A new engine takes over. */
	restartEngine() {
		void this.engine.stop();
		this.engine = this.#newEngine();
		return this.engine.start();
	}
}

export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined | false | null> | T | undefined | false | null,
	timeoutMs = 15_000
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}
