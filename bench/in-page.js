// Runs INSIDE the benchmark's pages (context.addInitScript), before any app script. It adds
// nothing to the app's bundle: it watches IndexedDB commits, taps and the first pupil row, and
// offers window.__benchLib, helpers that use only the page's own IndexedDB and the raw engines
// (window.__raw, injected by the benchmark when needed).
(() => {
	if (window.__bench) return;
	// txs: every transaction (any mode) with when it was created and ended, for the tap-by-tap
	// profile of "save one mark" (what ran between the tap and the ticket's commit). Last 2,000.
	const probe = { commits: [], taps: [], txs: [], firstRow: null, firstRowPainted: null, waiters: [] };
	window.__bench = probe;

	// When a read-write transaction COMMITS, what it wrote is durable: record when and which stores.
	const original = IDBDatabase.prototype.transaction;
	IDBDatabase.prototype.transaction = function (...args) {
		const tx = original.apply(this, args);
		const seen = {
			t0: performance.now(),
			t1: null,
			mode: args[1] ?? 'readonly',
			stores: Array.from(tx.objectStoreNames)
		};
		probe.txs.push(seen);
		if (probe.txs.length > 2000) probe.txs.splice(0, 1000);
		const end = () => (seen.t1 = performance.now());
		tx.addEventListener('complete', end);
		tx.addEventListener('abort', end);
		if (args[1] === 'readwrite') {
			const stores = Array.from(tx.objectStoreNames);
			const name = this.name;
			tx.addEventListener('complete', () => {
				probe.commits.push({ t: performance.now(), db: name, stores });
				for (const f of probe.waiters.splice(0)) f();
			});
		}
		return tx;
	};
	addEventListener('click', (e) => probe.taps.push(e.timeStamp), true);
	const seeRow = () => {
		if (probe.firstRow !== null || !document.querySelector('.pupil-row')) return;
		probe.firstRow = performance.now();
		requestAnimationFrame(() => (probe.firstRowPainted = performance.now()));
	};
	new MutationObserver(seeRow).observe(document, { childList: true, subtree: true });

	const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
	const openRaw = (name) =>
		new Promise((resolve, reject) => {
			const r = indexedDB.open(name);
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
	const request = (q) =>
		new Promise((resolve, reject) => {
			q.onsuccess = () => resolve(q.result);
			q.onerror = () => reject(q.error);
		});
	const countStores = (db, stores) => {
		const present = stores.filter((s) => db.objectStoreNames.contains(s));
		if (present.length === 0) return Promise.resolve(stores.map(() => 0));
		const tx = db.transaction(present, 'readonly');
		return Promise.all(stores.map((s) => (db.objectStoreNames.contains(s) ? request(tx.objectStore(s).count()) : 0)));
	};
	const openAppDexie = async () => {
		const db = new window.__raw.Dexie('waymark');
		await db.open(); // dynamic mode: the app's current schema, whatever version it is
		return db;
	};

	window.__benchLib = {
		/** Resolves once more than `count` commits touching `store` have happened. */
		waitForCommits({ store, count }) {
			return new Promise((resolve) => {
				setTimeout(() => resolve(null), 20_000);
				const check = () => {
					const n = probe.commits.filter((c) => c.stores.includes(store)).length;
					if (n > count) resolve(n);
					else probe.waiters.push(check);
				};
				check();
			});
		},
		commitCount(store) {
			return probe.commits.filter((c) => c.stores.includes(store)).length;
		},

		/** Waits until the app's Dexie holds `expected` records in the record tables. */
		async waitForRecords({ expected, tables, everyMs, timeoutMs }) {
			const started = performance.now();
			while (!(await indexedDB.databases()).some((d) => d.name === 'waymark')) await sleep(everyMs);
			const db = await openRaw('waymark');
			try {
				for (;;) {
					const counts = await countStores(db, [...tables, 'outbox', 'quarantine']);
					const records = counts.slice(0, tables.length).reduce((a, b) => a + b, 0);
					if (records >= expected || performance.now() - started > timeoutMs) {
						return {
							at: performance.now(),
							records,
							outbox: counts[tables.length],
							quarantined: counts[tables.length + 1]
						};
					}
					await sleep(everyMs);
				}
			} finally {
				db.close();
			}
		},

		/** Waits until a store's count has not changed for `quietMs` (e.g. derived rows built while idle). */
		async waitForQuietStore({ store, quietMs, timeoutMs }) {
			const started = performance.now();
			const db = await openRaw('waymark');
			try {
				let last = -1;
				let since = performance.now();
				for (;;) {
					const [n] = await countStores(db, [store]);
					if (n !== last) ((last = n), (since = performance.now()));
					if (performance.now() - since >= quietMs || performance.now() - started > timeoutMs)
						return { rows: n, ms: since - started };
					await sleep(250);
				}
			} finally {
				db.close();
			}
		},

		/** Raw PouchDB: one-way replication of the organisation database into a fresh replica. */
		async rawReplicate({ dbUrl, batchSize }) {
			const { PouchDB } = window.__raw;
			const local = new PouchDB(`raw-replica-${Date.now()}`, { adapter: 'indexeddb' });
			const remote = new PouchDB(dbUrl, { skip_setup: true });
			const t0 = performance.now();
			const info = await PouchDB.replicate(remote, local, { batch_size: batchSize });
			const ms = performance.now() - t0;
			const docCount = (await local.info()).doc_count;
			await local.destroy();
			return { ms, docsWritten: info.docs_written, docCount };
		},

		/** What this origin stores, by kind where the browser says (Chromium: usageDetails.indexedDB). */
		async storageEstimate() {
			const e = await navigator.storage.estimate();
			return { usage: e.usage ?? null, indexedDB: e.usageDetails?.indexedDB ?? null };
		},

		/**
		 * What each database of this origin holds, store by store: records, the JSON size of their
		 * values and keys, index entries. For the replica (PouchDB's `docs` store) also how many
		 * revision bodies each document keeps and whether the winning body is stored a second time
		 * as `data` (the adapter's copy for Mango indexes; read back, one object means one stored).
		 */
		async storageBreakdown() {
			const out = [];
			for (const { name } of await indexedDB.databases()) {
				const db = await openRaw(name);
				try {
					const stores = [];
					for (const storeName of Array.from(db.objectStoreNames)) {
						const tx = db.transaction(storeName, 'readonly');
						const store = tx.objectStore(storeName);
						const row = { store: storeName, records: 0, valueBytes: 0, keyBytes: 0, indexes: {} };
						const replica = storeName === 'docs' && name.startsWith('_pouch_');
						if (replica) Object.assign(row, { bodies: 0, dataCopied: 0, dataBytes: 0, revTreeBytes: 0 });
						await new Promise((resolve, reject) => {
							const q = store.openCursor();
							q.onerror = () => reject(q.error);
							q.onsuccess = () => {
								const c = q.result;
								if (!c) return resolve(null);
								const v = c.value;
								row.records++;
								row.valueBytes += JSON.stringify(v).length;
								row.keyBytes += JSON.stringify(c.primaryKey).length;
								if (replica) {
									row.bodies += Object.values(v.revs ?? {}).filter((r) => r && r.data).length;
									if (v.data && v.revs?.[v.rev]?.data !== v.data) {
										row.dataCopied++;
										row.dataBytes += JSON.stringify(v.data).length;
									}
									row.revTreeBytes += JSON.stringify(v.rev_tree ?? null).length;
								}
								c.continue();
							};
						});
						for (const indexName of Array.from(store.indexNames))
							row.indexes[indexName] = await request(store.index(indexName).count());
						stores.push(row);
					}
					out.push({ db: name, stores });
				} finally {
					db.close();
				}
			}
			return out;
		},

		/** Raw Dexie: `put` of the same record into the app's own table, timed to commit. */
		async rawPut({ table, id, times, gapMs }) {
			const db = await openAppDexie();
			const t = db.table(table);
			const original = await t.get(id);
			const out = [];
			for (let i = 0; i < times; i++) {
				const record = { ...original, outcome: i % 2 ? 'secure' : 'developing', updatedAt: new Date().toISOString() };
				const t0 = performance.now();
				await db.transaction('rw', t, () => t.put(record)); // resolves when the transaction commits
				out.push(performance.now() - t0);
				await sleep(gapMs);
			}
			await db.transaction('rw', t, () => t.put(original));
			db.close();
			return out;
		},

		/** Queue records as the app's writeRecord does: record + outbox entry in ONE transaction. */
		async queueRecords({ records }) {
			const db = await openAppDexie();
			const types = [...new Set(records.map((r) => r.type))];
			await db.transaction('rw', [...types.map((t) => db.table(t)), db.table('outbox')], async () => {
				for (const type of types) await db.table(type).bulkPut(records.filter((r) => r.type === type));
				await db
					.table('outbox')
					.bulkPut(
						records.map((r) => ({ docId: r._id, type: r.type, queuedAt: r.updatedAt, token: crypto.randomUUID() }))
					);
			});
			db.close();
		},

		/** How many of these outbox entries the bridge has copied into the replica (they have a rev). */
		async copiedToReplica({ ids }) {
			const db = await openRaw('waymark');
			try {
				const tx = db.transaction('outbox', 'readonly');
				const entries = await Promise.all(
					ids.map((id) => request(tx.objectStore('outbox').get(id)).catch(() => undefined))
				);
				return entries.filter((e) => e && e.rev).length;
			} finally {
				db.close();
			}
		},

		/** The id of an exit ticket of this lesson in the app's Dexie. */
		async firstTicketOf({ lessonId }) {
			const db = await openRaw('waymark');
			try {
				const all = await request(
					db.transaction('exitTicket').objectStore('exitTicket').index('lessonId').getAll(lessonId)
				);
				return all[0]._id;
			} finally {
				db.close();
			}
		},

		/** JavaScript the page loaded from the app (for the first-load size). */
		loadedScripts({ until }) {
			return performance
				.getEntriesByType('resource')
				.filter((e) => e.startTime <= until)
				.map((e) => new URL(e.name))
				.filter((u) => u.origin === location.origin && u.pathname.endsWith('.js') && u.pathname.startsWith('/_app/'))
				.map((u) => u.pathname);
		},

		/** Resolves with performance.now() when `selector` is in the DOM (checked on every mutation). */
		whenPresent({ selector, timeoutMs }) {
			return new Promise((resolve) => {
				if (document.querySelector(selector)) return resolve(performance.now());
				const mo = new MutationObserver(() => {
					if (document.querySelector(selector)) {
						mo.disconnect();
						resolve(performance.now());
					}
				});
				mo.observe(document, { childList: true, subtree: true, attributes: true });
				setTimeout(() => {
					mo.disconnect();
					resolve(null);
				}, timeoutMs);
			});
		}
	};
})();
