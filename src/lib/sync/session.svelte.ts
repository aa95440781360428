import { setActor } from '$lib/store/actor';
import { db } from '$lib/store/db';
import { SyncEngine } from './engine';
import { membershipFromRoles, type Identity } from './identity';
import { openLocal, openRemote, remoteDbName } from './pouch';
import { couchUrl, deleteSession, fetchOrganisationName, postSession } from './server-api';
import { syncStatus } from './status.svelte';

/**
 * The signed-in person on this tablet. After one successful sign-in the identity is kept in
 * Dexie, so the app opens with no connection; the server session (a long-lived cookie) only
 * matters for syncing, and when it lapses the engine says "sign in to sync" and keeps everything.
 */
class Session {
	#identity = $state<Identity | null>(null);
	#isReady = $state(false);
	#engine: SyncEngine | null = null;

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
		await this.#engine?.stop();
		this.#engine = null;
		await deleteSession();
		await db.meta.delete('identity');
		setActor(null);
		this.#identity = null;
		syncStatus.update({ phase: 'signed-out', lastError: null });
	}

	/** Settle a record two people changed differently: field → the value the person chose. */
	async decide(docId: string, choices: Record<string, unknown>): Promise<boolean> {
		if (!this.#engine) return false;
		return (await this.#engine.decide(docId, choices)) === 'merged';
	}

	#adopt(identity: Identity) {
		this.#identity = identity;
		setActor(identity.role === 'staff' ? identity.name : null);
		if (!this.#engine) {
			this.#engine = new SyncEngine({
				db,
				local: openLocal(identity.org),
				remote: openRemote(couchUrl(`/${remoteDbName(identity.org)}`))
			});
			void this.#engine.start();
		}
	}
}

/** Ask the browser not to evict our IndexedDB (Safari clears unused sites after 7 days). */
async function requestPersistentStorage(): Promise<void> {
	if (typeof navigator === 'undefined' || !navigator.storage?.persist) return;
	const isPersisted = await navigator.storage.persist();
	await db.meta.put({ key: 'storagePersisted', value: isPersisted });
}

export const session = new Session();
