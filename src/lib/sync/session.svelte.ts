import type { Database } from 'pouchdb-core';
import { setActor } from '$lib/store/actor';
import { db } from '$lib/store/db';
import { forgetWaitingNote } from '$lib/store/waiting-marker';
import type { SyncEngine } from './engine';
import { membershipFromRoles, type Identity } from './identity';
import { couchUrl, deleteSession, fetchOrganisationName, postSession } from './server-api';
import { syncStatus } from './status.svelte';

/**
 * PouchDB and the sync engine (~40 KiB gzip) load after the first screen: showing the records
 * already on the tablet needs only Dexie, so a cold start does not wait for them.
 */
const loadSync = () => Promise.all([import('./engine'), import('./pouch')]);

/** Resolves once the browser is idle (the first screen has painted), or after 1.5 s at most. */
const afterFirstPaint = () =>
	new Promise<void>((resolve) =>
		typeof requestIdleCallback === 'function'
			? requestIdleCallback(() => resolve(), { timeout: 1500 })
			: setTimeout(resolve, 0)
	);

/**
 * The signed-in person on this tablet. After one successful sign-in the identity is kept in
 * Dexie, so the app opens with no connection; the server session (a long-lived cookie) only
 * matters for syncing, and when it lapses the engine says "sign in to sync" and keeps everything.
 */
class Session {
	#identity = $state<Identity | null>(null);
	#isReady = $state(false);
	#engine: SyncEngine | null = null;
	#local: Database | null = null;
	/** The engine start in progress (the sync code is loading); cleared by sign-out and wipe. */
	#starting: object | null = null;

	get identity() {
		return this.#identity;
	}
	get isReady() {
		return this.#isReady;
	}
	get isSignedIn() {
		return this.#identity !== null;
	}
	get canEdit() {
		return this.#identity?.role === 'staff';
	}

	/** At app start: reopen the remembered identity, offline or not. */
	async resume(): Promise<void> {
		const saved = (await db.meta.get('identity'))?.value as Identity | undefined;
		if (saved) this.#adopt(saved);
		this.#isReady = true;
	}

	/** Returns null on success, else a sentence to show under the form. */
	async signIn(name: string, password: string): Promise<string | null> {
		if (!name.trim() || !password) return 'Enter your user name and password.';
		const result = await postSession(name.trim(), password);
		if (!result.ok) return result.message;
		const membership = membershipFromRoles(result.user.roles);
		if (!membership) return 'This account is not a member of any organisation in Waymark. Ask your AP lead to add you.';
		const previous = (await db.meta.get('identity'))?.value as Identity | undefined;
		const lastOrg = (await db.meta.get('org'))?.value as string | undefined;
		if ((previous && previous.org !== membership.org) || (lastOrg && lastOrg !== membership.org)) {
			return 'This tablet holds another organisation’s records. Wipe it from Settings before signing in here.';
		}
		const identity: Identity = {
			name: result.user.name ?? name.trim(),
			org: membership.org,
			role: membership.role,
			orgName: (await fetchOrganisationName(membership.org)) ?? membership.org,
			signedInAt: new Date().toISOString()
		};
		await db.meta.bulkPut([
			{ key: 'identity', value: identity },
			{ key: 'org', value: identity.org }
		]);
		this.#adopt(identity);
		this.#engine?.resumeAfterSignIn();
		void requestPersistentStorage();
		return null;
	}

	/** Local sign-out. Records and the outbox stay: the next staff member's sign-in syncs them. */
	async signOut(): Promise<void> {
		this.#starting = null;
		await this.#engine?.stop();
		this.#engine = null;
		this.#local = null;
		await deleteSession();
		await db.meta.delete('identity');
		setActor(null);
		this.#identity = null;
		syncStatus.update({ phase: 'signed-out', lastError: null });
	}

	/**
	 * Sign out and remove every Waymark record from this tablet (Dexie and the PouchDB replica).
	 * Refuses when more records are waiting to sync than the person agreed to lose: they may have
	 * been saved after the question was asked. Returns null when wiped, else the reason it was not.
	 */
	async wipe(acceptedLoss = 0): Promise<string | null> {
		const waiting = await db.outbox.count();
		if (waiting > acceptedLoss) {
			return `${waiting} ${waiting === 1 ? 'record has' : 'records have'} not reached the server yet. Nothing was wiped.`;
		}
		this.#starting = null;
		await this.#engine?.stop();
		this.#engine = null;
		const org = this.#identity?.org ?? ((await db.meta.get('org'))?.value as string | undefined);
		const replica = this.#local ?? (org ? (await loadSync())[1].openLocal(org) : null);
		this.#local = null;
		await replica?.destroy();
		await deleteSession();
		await db.delete();
		forgetWaitingNote(); // the loss was agreed to: not reported as storage cleared on the next start
		setActor(null);
		this.#identity = null;
		syncStatus.update({ phase: 'signed-out', lastError: null, waiting: 0, quarantined: 0, decisions: 0 });
		return null;
	}

	/** Settle a record two people changed differently: field → the value the person chose. */
	async decide(docId: string, choices: Record<string, unknown>): Promise<boolean> {
		if (!this.#engine) return false;
		return (await this.#engine.decide(docId, choices)) === 'merged';
	}

	#adopt(identity: Identity) {
		this.#identity = identity;
		setActor(identity.role === 'staff' ? identity.name : null);
		if (!this.#engine) void this.#startEngine(identity);
	}

	async #startEngine(identity: Identity) {
		const ticket = {};
		this.#starting = ticket;
		await afterFirstPaint();
		const [{ SyncEngine }, { openLocal, openRemote, remoteDbName }] = await loadSync();
		// Signed out, wiped or started again while the code loaded: that call decides.
		if (this.#starting !== ticket || this.#engine) return;
		this.#starting = null;
		this.#local = openLocal(identity.org);
		this.#engine = new SyncEngine({
			db,
			local: this.#local,
			remote: openRemote(couchUrl(`/${remoteDbName(identity.org)}`)),
			// Read at each (re)start of the replication: a visitor's sign-in never pushes staff records.
			canPush: () => this.canEdit
		});
		void this.#engine.start();
	}
}

/** Ask the browser not to evict our IndexedDB (Safari clears unused sites after 7 days). */
async function requestPersistentStorage(): Promise<void> {
	if (typeof navigator === 'undefined' || !navigator.storage?.persist) return;
	const isPersisted = await navigator.storage.persist();
	await db.meta.put({ key: 'storagePersisted', value: isPersisted });
}

export const session = new Session();
