import type { Database } from 'pouchdb-core';
import { setActor } from '$lib/store/actor';
import { db } from '$lib/store/db';
import { thisDeviceId } from '$lib/store/device-id';
import { forgetWaitingNote } from '$lib/store/waiting-marker';
import type { SyncEngine } from '$lib/sync/engine';
import { isOrganisationAdmin, isSafeguardingLead, membershipFromRoles, type Identity } from '$lib/sync/identity';
import { formatDay, localToday } from '$lib/domain/calendar-days';
import { isVisitOver } from '$lib/domain/visit';
import { DEFAULT_OFFLINE_LOCK_DAYS, isLockedUntilOnlineSignIn } from '$lib/domain/offline-lock';
import {
	couchUrl,
	deleteSession,
	fetchMyVisits,
	fetchOrganisationName,
	postSession,
	reportDevice,
	reportWiped,
	type SecondFactorPrompt
} from '$lib/sync/server-api';
import { syncStatus } from '$lib/sync/status.svelte';
import { claimSyncOwnership, whileNoTabSyncs, type Ownership } from '$lib/sync/sync-owner';
import { openTabChannel, type TabChannel, type TabMessage } from '$lib/sync/tab-channel';

/**
 * PouchDB and the sync engine (~40 KiB gzip) load after the first screen: showing the records
 * already on the tablet needs only Dexie, so a cold start does not wait for them.
 */
const loadSync = () => Promise.all([import('$lib/sync/engine'), import('$lib/sync/pouch')]);

/** Resolves once the browser is idle (the first screen has painted), or after 1.5 s at most. */
const afterFirstPaint = () =>
	new Promise<void>((resolve) =>
		typeof requestIdleCallback === 'function'
			? requestIdleCallback(() => resolve(), { timeout: 1500 })
			: setTimeout(resolve, 0)
	);

/** How long a tab waits for the tab that owns sync to settle a decision, or to let go for a wipe. */
const OTHER_TAB_TIMEOUT_MS = 15_000;
/** How often a running tablet asks whether it has been retired (and counts as online). */
const DEVICE_CHECK_MS = 30 * 60 * 1000;
/** A retired tablet waits this long for its waiting records to reach the server before wiping. */
const RETIRE_PUSH_TIMEOUT_MS = 2 * 60 * 1000;

/**
 * The signed-in person on this tablet. After one successful sign-in the identity is kept in
 * Dexie, so the app opens with no connection; the server session (a long-lived cookie) only
 * matters for syncing, and when it lapses the engine says "sign in to sync" and keeps everything.
 *
 * Several tabs may be open: one of them owns the replica and the sync engine (sync-owner.ts);
 * the others show its status and ask it to settle decisions (tab-channel.ts).
 */
class Session {
	#identity = $state<Identity | null>(null);
	#isReady = $state(false);
	/** Not signed in online for too long: the records stay closed until an online sign-in. */
	#isLockedOffline = $state(false);
	#retiring = false;
	#endingVisit = false;
	/** The server asked for a code from an authenticator app at the last sign-in attempt. */
	secondFactor = $state<SecondFactorPrompt | null>(null);
	/** Recovery codes from an enrolment, shown once after the sign-in that made them. */
	recoveryCodes = $state<string[]>([]);
	/** Only in the tab that owns sync. */
	#engine: SyncEngine | null = null;
	#local: Database | null = null;
	/** This tab's place in the queue to own sync, or its ownership; null when signed out. */
	#ownership: Ownership | null = null;
	/** The engine start in progress (the sync code is loading); cleared by sign-out and wipe. */
	#starting: object | null = null;
	#channel: TabChannel | null = null;
	#decisionsAsked = new Map<string, (isDone: boolean) => void>();

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
	get isSafeguardingLead() {
		return this.#identity?.isSafeguardingLead === true;
	}
	/** The head of centre (`<org>:admin`): reads the audit of exports, changes and sign-ins; arranges visits. */
	get isAdmin() {
		return this.#identity?.isAdmin === true;
	}
	get isLockedUntilOnlineSignIn() {
		return this.#isLockedOffline;
	}

	/** At app start: reopen the remembered identity, offline or not. */
	async resume(): Promise<void> {
		this.#listenToOtherTabs();
		const saved = (await db.meta.get('identity'))?.value as Identity | undefined;
		if (saved) {
			const lastOnline = ((await db.meta.get('lastOnlineAt'))?.value as string | undefined) ?? saved.signedInAt;
			const days = ((await db.meta.get('lockAfterDays'))?.value as number | undefined) ?? DEFAULT_OFFLINE_LOCK_DAYS;
			// Locked: not adopted, so the app goes to sign-in; nothing is deleted.
			if (isLockedUntilOnlineSignIn(lastOnline, new Date(), days)) this.#isLockedOffline = true;
			else this.#adopt(saved);
		}
		this.#isReady = true;
	}

	/** Returns null on success, else a sentence to show under the form. */
	async signIn(name: string, password: string, code = ''): Promise<string | null> {
		if (!name.trim() || !password) return 'Enter your user name and password.';
		const result = await postSession(name.trim(), password, code.trim());
		if (!result.ok) {
			if (result.secondFactor) this.secondFactor = result.secondFactor;
			return result.message;
		}
		this.secondFactor = null;
		this.recoveryCodes = result.recoveryCodes;
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
			// A visitor cannot read the organisation database: the visit carries the name.
			orgName:
				(membership.role === 'visitor'
					? (await fetchMyVisits())?.[0]?.orgName
					: await fetchOrganisationName(membership.org)) ?? membership.org,
			signedInAt: new Date().toISOString(),
			isSafeguardingLead: isSafeguardingLead(result.user.roles, membership.org),
			isAdmin: isOrganisationAdmin(result.user.roles, membership.org)
		};
		await db.meta.bulkPut([
			{ key: 'identity', value: identity },
			{ key: 'org', value: identity.org },
			{ key: 'lastOnlineAt', value: identity.signedInAt }
		]);
		this.#isLockedOffline = false;
		this.#adopt(identity);
		this.#engine?.resumeAfterSignIn();
		if (this.#engine) void this.#checkDevice();
		// The tab that owns sync may be another one, stopped at "Sign in to sync".
		this.#channel?.post({ kind: 'signed-in' });
		void requestPersistentStorage();
		return null;
	}

	/**
	 * Local sign-out, in every tab (the server session cookie is shared). Records and the outbox
	 * stay: the next staff member's sign-in syncs them.
	 */
	async signOut(): Promise<void> {
		this.#channel?.post({ kind: 'signed-out' });
		await this.#signOutHere();
		await deleteSession();
		await db.meta.delete('identity');
	}

	async #signOutHere() {
		await this.#stopSync();
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
			return notYetSent(waiting);
		}
		const org = this.#identity?.org ?? ((await db.meta.get('org'))?.value as string | undefined);
		// Every other tab stops syncing, closes the database and goes to sign-in.
		this.#channel?.post({ kind: 'wipe-started' });
		await this.#stopSync();
		if (org) {
			// The replica may still be open in the tab that owned sync: destroy it once that tab has let go.
			const { openLocal } = (await loadSync())[1];
			let savedMeanwhile = 0;
			const isFree = await whileNoTabSyncs(
				org,
				async () => {
					// Another tab may have saved while it was told to stop: ask again.
					savedMeanwhile = await db.outbox.count();
					if (savedMeanwhile <= acceptedLoss) await openLocal(org).destroy();
				},
				OTHER_TAB_TIMEOUT_MS
			);
			if (!isFree || savedMeanwhile > acceptedLoss) {
				if (this.#identity) this.#adopt(this.#identity); // nothing was wiped: sync on
				return isFree
					? notYetSent(savedMeanwhile)
					: 'Another Waymark tab is still busy syncing. Close the other Waymark tabs and try again.';
			}
		}
		await deleteSession();
		await db.delete();
		this.#channel?.post({ kind: 'wiped' });
		forgetWaitingNote(); // the loss was agreed to: not reported as storage cleared on the next start
		setActor(null);
		this.#identity = null;
		syncStatus.update({ phase: 'signed-out', lastError: null, waiting: 0, quarantined: 0, decisions: 0 });
		return null;
	}

	/**
	 * Free the space photos already on the server take here; null when this tab does not run sync
	 * (another Waymark tab does). Throws when the server cannot be reached.
	 */
	async freePhotoSpace(): Promise<{ pages: number; bytes: number; kept: number } | null> {
		return this.#engine ? this.#engine.freePhotoSpace() : null;
	}

	/** Settle a record two people changed differently: field → the value the person chose. */
	async decide(docId: string, choices: Record<string, unknown>): Promise<boolean> {
		if (this.#engine) return (await this.#engine.decide(docId, choices)) === 'merged';
		// Only the tab that owns sync writes the replica: ask it.
		if (!this.#channel || !this.#ownership) return false;
		const requestId = crypto.randomUUID();
		const answer = new Promise<boolean>((resolve) => {
			this.#decisionsAsked.set(requestId, resolve);
			setTimeout(() => resolve(false), OTHER_TAB_TIMEOUT_MS);
		});
		this.#channel.post({ kind: 'decide', requestId, docId, choices });
		const isDone = await answer;
		this.#decisionsAsked.delete(requestId);
		return isDone;
	}

	#adopt(identity: Identity) {
		this.#identity = identity;
		setActor(identity.role === 'staff' ? identity.name : null);
		if (!this.#ownership && !this.#starting) void this.#startEngine(identity);
	}

	async #startEngine(identity: Identity) {
		const ticket = {};
		this.#starting = ticket;
		this.#channel?.post({ kind: 'status-please' });
		await afterFirstPaint();
		const [{ SyncEngine }, { openLocal, openRemote, remoteDbName }] = await loadSync();
		// A visitor replicates from their visit's own database, never the organisation's.
		const remoteName = identity.role === 'visitor' ? await this.#visitDb() : remoteDbName(identity.org);
		// Signed out, wiped or started again while the code loaded: that call decides.
		if (this.#starting !== ticket || this.#ownership) return;
		if (!remoteName) {
			this.#starting = null;
			return;
		}
		this.#starting = null;
		this.#ownership = claimSyncOwnership(identity.org, async () => {
			// This tab owns sync now (it is the only tab, or the owner closed or signed out).
			const local = openLocal(identity.org);
			const engine = new SyncEngine({
				db,
				local,
				remote: openRemote(couchUrl(`/${remoteName}`)),
				// Read at each (re)start of the replication: a visitor's sign-in never pushes staff records.
				canPush: () => this.canEdit
			});
			this.#local = local;
			this.#engine = engine;
			const relay = syncStatus.onUpdate(() => this.#channel?.post({ kind: 'status', status: syncStatus.snapshot() }));
			await engine.start();
			void this.#checkDevice();
			// At each reconnection too: a retired tablet wipes itself the first time it is back online.
			const checkDevice = () => void this.#checkDevice();
			const deviceTimer = setInterval(checkDevice, DEVICE_CHECK_MS);
			addEventListener('online', checkDevice);
			return async () => {
				clearInterval(deviceTimer);
				removeEventListener('online', checkDevice);
				relay();
				await engine.stop();
				await local.close().catch(() => undefined);
				if (this.#engine === engine) this.#engine = null;
				if (this.#local === local) this.#local = null;
			};
		});
	}

	/**
	 * Tell the server this tablet is in use. An answer means the server accepted the sign-in: the
	 * tablet counts as signed in online. A retired tablet sends what is waiting and wipes itself.
	 */
	async #checkDevice() {
		if (this.#identity?.role === 'visitor') await this.#visitDb();
		const device = await thisDeviceId();
		const label = typeof navigator === 'undefined' ? '' : navigator.userAgent;
		const answer = await reportDevice(device, label);
		if (!answer) return;
		await db.meta.bulkPut([
			{ key: 'lastOnlineAt', value: new Date().toISOString() },
			{ key: 'lockAfterDays', value: answer.lockAfterDays }
		]);
		if (answer.revoked) await this.#retire(device);
	}

	/**
	 * The visit database this visitor's tablet replicates from, or null (none open, or the visit
	 * ended: then the local copies are removed and the sign-in page says so). One visit at a time:
	 * the one the tablet already holds while it is open, else the open one ending last.
	 */
	async #visitDb(): Promise<string | null> {
		const held = (await db.meta.get('visit'))?.value as { db: string; endsOn: string } | undefined;
		const today = localToday();
		const open = await fetchMyVisits();
		if (open === null) {
			// Offline: the end date still holds; the tablet keeps to it without the server.
			if (held && isVisitOver(held.endsOn, today)) return this.#endVisit(held.endsOn);
			return held?.db ?? null;
		}
		if (held && !open.some((v) => v.db === held.db)) return this.#endVisit(held.endsOn < today ? held.endsOn : today);
		const chosen = held ? held : [...open].sort((a, b) => b.endsOn.localeCompare(a.endsOn))[0];
		if (!chosen) {
			syncStatus.update({ lastError: 'No visit is open for you: nothing has been shared with this account yet.' });
			return null;
		}
		if (!held) await db.meta.put({ key: 'visit', value: { db: chosen.db, endsOn: chosen.endsOn } });
		return chosen.db;
	}

	/** The visit is over: the records shared for it leave this tablet, and the sign-in page says why. */
	async #endVisit(endsOn: string): Promise<null> {
		if (this.#endingVisit) return null;
		this.#endingVisit = true;
		try {
			const refusal = await this.wipe();
			if (refusal === null) location.replace(`/sign-in?visitEnded=${encodeURIComponent(endsOn)}`);
			else syncStatus.update({ lastError: `This visit ended on ${formatDay(endsOn)}. ${refusal}` });
		} finally {
			this.#endingVisit = false;
		}
		return null;
	}

	async #retire(device: string) {
		if (this.#retiring) return;
		this.#retiring = true;
		try {
			// The engine is running: give it time to send what is waiting (the outbox empties once the
			// server confirms each record).
			const deadline = Date.now() + RETIRE_PUSH_TIMEOUT_MS;
			while ((await db.outbox.count()) > 0 && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 500));
			}
			await reportWiped(device);
			// What is left could not be sent (refused by the server): the tablet is wiped all the same.
			const refusal = await this.wipe(await db.outbox.count());
			if (refusal === null) location.replace('/sign-in?retired=1');
		} finally {
			this.#retiring = false;
		}
	}

	/** Stop owning sync, or stop queueing to own it. */
	async #stopSync() {
		this.#starting = null;
		const ownership = this.#ownership;
		this.#ownership = null;
		await ownership?.release();
	}

	#listenToOtherTabs() {
		if (this.#channel || typeof window === 'undefined') return;
		this.#channel = openTabChannel((message) => void this.#onTabMessage(message));
		// Deleted from another tab (a wipe, or anything else): never reopen it empty and write on.
		db.on('versionchange', (event) => {
			if (event.newVersion === null) this.#leaveForSignIn();
		});
	}

	async #onTabMessage(message: TabMessage) {
		switch (message.kind) {
			case 'status':
				if (!this.#engine) syncStatus.update(message.status);
				return;
			case 'status-please':
				if (this.#engine) this.#channel?.post({ kind: 'status', status: syncStatus.snapshot() });
				return;
			case 'decide': {
				if (!this.#engine) return;
				const outcome = await this.#engine.decide(message.docId, message.choices).catch((err: unknown) => {
					console.warn('Waymark: a decision asked for by another tab failed', err);
					return 'failed';
				});
				this.#channel?.post({ kind: 'decided', requestId: message.requestId, isDone: outcome === 'merged' });
				return;
			}
			case 'decided':
				this.#decisionsAsked.get(message.requestId)?.(message.isDone);
				return;
			case 'signed-in':
				if (this.#engine) this.#engine.resumeAfterSignIn();
				else if (!this.#identity) await this.resume();
				return;
			case 'signed-out':
				await this.#signOutHere();
				return;
			case 'wipe-started':
				// Let go of the replica and the database at once: the wiping tab waits for both.
				await this.#signOutHere();
				db.close();
				setTimeout(() => this.#leaveForSignIn(), OTHER_TAB_TIMEOUT_MS); // if "wiped" never comes
				return;
			case 'wiped':
				this.#leaveForSignIn();
				return;
		}
	}

	/** A fresh page at sign-in: no module still holds the deleted database open. */
	#leaveForSignIn() {
		db.close();
		location.replace('/sign-in');
	}
}

const notYetSent = (n: number) =>
	`${n} ${n === 1 ? 'record has' : 'records have'} not reached the server yet. Nothing was wiped.`;

/** Ask the browser not to evict our IndexedDB (Safari clears unused sites after 7 days). */
async function requestPersistentStorage(): Promise<void> {
	if (typeof navigator === 'undefined' || !navigator.storage?.persist) return;
	const isPersisted = await navigator.storage.persist();
	await db.meta.put({ key: 'storagePersisted', value: isPersisted });
}

export const session = new Session();
