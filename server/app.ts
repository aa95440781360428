/**
 * ONE Node process, ONE port: `/couch/*` is the CouchDB API, everything else is the built PWA.
 * Same origin, so the browser's `AuthSession` cookie from `POST /couch/_session` is sent on every
 * sync request without CORS.
 *
 * Embedded mode (default): express-pouchdb 4.2 on leveldb under `<dataDir>/dbs`, behind
 * couch-guard.ts. With `couchdbUrl` (env COUCHDB_URL) `/couch` is instead a plain proxy to a
 * real CouchDB 3 and provisioning uses COUCHDB_ADMIN_USER / COUCHDB_ADMIN_PASSWORD.
 */
import express from 'express';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import expressStaticGzip from 'express-static-gzip';
import { heavyReadGate } from './heavy-read-gate';
import { compressCouchReplies } from './compress';
import { couchGuard, jsonErrorHandler, patchCreateOrDeleteDbs, type UserCtx } from './couch-guard';
import { accountsWithDemoPasswords, demoPasswordWarning } from './demo-accounts';
import { loginThrottle, type ThrottleOptions } from './login-throttle';
import { mergeTombstoneGuard } from './merge-tombstones';
import { PASSWORD_ITERATIONS, adminConfigHash, patchPasswordHashing } from './password-hashing';
import { adminStatusRoute } from './admin-status';
import { DEFAULT_LOCK_AFTER_DAYS, deviceRoutes } from './devices';
import { backupSchedule, type BackupScheduleOptions } from './backup-schedule';
import { secondFactor } from './second-factor';
import { ensureAuditDb, signInAudit, type SignInAudit } from './sign-in-audit';
import { securityHeaders } from './security-headers';
import { sessionRevocation } from './session-revocation';
import { dropVisitorRole, listOrganisationDbs, refreshDesignDoc } from './provision';
import { ensureSafeguardingDb, safeguardingRoutes } from './safeguarding';
import { retentionRoutes } from './retention';
import { visitRoutes, visitSweeper } from './visits';
import { seedDemo as runSeedDemo } from './seed-demo';

const require = createRequire(import.meta.url);

export interface ServerOptions {
	/** 0 = any free port. Default 8080. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Where leveldb, config.json, the log and admin-password.txt live. */
	dataDir: string;
	/** The built SPA (default ./build). */
	buildDir?: string;
	/** A real CouchDB 3 to proxy `/couch` to instead of the embedded server. */
	couchdbUrl?: string;
	/** Server admin password on first start (else env WAYMARK_ADMIN_PASSWORD, else generated). */
	adminPassword?: string;
	/**
	 * Create the `demo` organisation, logins and pupils when `waymark-demo` does not exist.
	 * `npm start` asks for it only on the embedded server unless WAYMARK_DEMO=1 (demo-accounts.ts).
	 */
	seedDemo?: boolean;
	/** No log lines on stdout. */
	quiet?: boolean;
	/**
	 * Idle timeout of a session (embedded server; a real CouchDB has its own `[chttpd_auth] timeout`):
	 * every authenticated request renews the cookie, unused for this long it is refused. Default 30 days.
	 */
	sessionTimeoutSeconds?: number;
	/** Sign-in throttling limits (login-throttle.ts); defaults: 5 per account, 20 per address, 30 s to 15 min. */
	loginThrottle?: Partial<Omit<ThrottleOptions, 'basicAuthFails' | 'internalToken'>>;
	/** Days a tablet opens its records without an online sign-in (devices.ts). Default 30. */
	deviceLockDays?: number;
	/** Nightly backups into a rotating folder (embedded server only; backup-schedule.ts). Off when absent. */
	backups?: BackupScheduleOptions;
	/** How often visits are refilled and ended ones removed (visits.ts). Default 5 minutes. */
	visitSweepMs?: number;
}

export interface Admin {
	name: string;
	password: string;
}

export interface RunningServer {
	url: string;
	port: number;
	/** `url + '/couch'` */
	couchUrl: string;
	admin: Admin;
	/** Where the admin password is kept (embedded mode), for the start-up message. */
	adminPasswordFile?: string;
	/** True when this start created the demo organisation. */
	seeded: boolean;
	/** What the admin must know from this start (also logged), e.g. demo passwords on a real server. */
	warnings: string[];
	mode: 'embedded' | 'proxy';
	/** The nightly backups (embedded server with `backups` set). */
	backups: ReturnType<typeof backupSchedule> | null;
	/** The audit of sign-ins (sign-in-audit.ts); `settled()` waits for lines still being written. */
	signIns: Pick<SignInAudit, 'settled'>;
	close(): Promise<void>;
}

export const ADMIN_NAME = 'admin';
/** 30 days: a tablet's cookie outlives school holidays' short half-terms, not a whole summer. */
export const SESSION_TIMEOUT_SECONDS = 30 * 24 * 60 * 60;
/** Largest JSON request body (a `_bulk_docs` batch): large documents work, memory stays bounded. */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

let leveldownCounter = 0;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
	const host = opts.host ?? '127.0.0.1';
	const dataDir = path.resolve(opts.dataDir);
	const buildDir = path.resolve(opts.buildDir ?? 'build');
	const log = (line: string) => {
		if (!opts.quiet) console.log(line);
	};
	const logErr = (line: string) => {
		if (!opts.quiet) console.error(line);
	};
	mkdirSync(dataDir, { recursive: true });

	const app = express();
	app.disable('x-powered-by');
	app.set('trust proxy', 'loopback');
	app.use(securityHeaders(buildDir));

	let admin: Admin;
	let adminPasswordFile: string | undefined;
	let closeCouch: () => Promise<void> = async () => {};
	let mode: 'embedded' | 'proxy';
	// Set once listening: the guard asks the server itself who a request comes from.
	let selfCouchUrl = '';

	if (opts.couchdbUrl && !(opts.adminPassword ?? process.env.COUCHDB_ADMIN_PASSWORD)) {
		throw new Error('COUCHDB_URL is set but COUCHDB_ADMIN_PASSWORD is not: it is needed to set up organisations.');
	}
	// Listen first, so a port in use fails before any database is opened.
	const couchRouter = express.Router();
	app.use('/couch', couchRouter);
	// First, so every reply of the API is compressed when the tablet asks for it (both modes).
	couchRouter.use(compressCouchReplies());
	// Before the store in both modes: validate_doc_update cannot see a document's other leaves.
	let storeUrl = '';
	const internalToken = randomBytes(24).toString('hex');
	/** The account's roles as stored, read as the server admin (no password): [] for no such account. */
	const rolesOf = async (name: string): Promise<string[]> => {
		const r = await fetch(`${storeUrl}/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`, {
			headers: { authorization: basicAuth(admin), Accept: 'application/json', 'x-waymark-internal': internalToken },
			signal: AbortSignal.timeout(10_000)
		});
		if (!r.ok) return [];
		return ((await r.json()) as { roles?: string[] }).roles ?? [];
	};
	const signIns = signInAudit({ couchUrl: () => storeUrl, admin: () => admin, rolesOf, log: logErr });
	couchRouter.use(
		loginThrottle({
			...opts.loginThrottle,
			internalToken,
			onOutcome: (event) => signIns.record(event),
			log: (line) => logErr(line),
			basicAuthFails: async (authorization) => {
				const r = await fetch(`${storeUrl}/_session`, {
					headers: { authorization, Accept: 'application/json', 'x-waymark-internal': internalToken },
					signal: AbortSignal.timeout(10_000)
				});
				return r.status === 401;
			}
		})
	);
	couchRouter.use(
		secondFactor({
			file: path.join(dataDir, 'second-factor.json'),
			internalToken,
			log: (line) => logErr(line),
			whoIs: (headers) => whoIs(storeUrl, headers, internalToken),
			rolesOf,
			verifyPassword: (name, password) =>
				whoIs(
					storeUrl,
					{ authorization: 'Basic ' + Buffer.from(`${name}:${password}`).toString('base64') },
					internalToken
				)
		})
	);
	couchRouter.use(
		sessionRevocation({
			file: path.join(dataDir, 'ended-sessions.json'),
			log: (line) => log(line),
			whoIs: (headers) => whoIs(storeUrl, headers, internalToken)
		})
	);
	let backups: ReturnType<typeof backupSchedule> | null = null;
	couchRouter.use(
		adminStatusRoute({
			mode: () => mode,
			backups: () => backups?.status() ?? null,
			whoIs: (headers) => whoIs(storeUrl, headers, internalToken)
		})
	);
	couchRouter.use(
		deviceRoutes({
			file: path.join(dataDir, 'devices.json'),
			lockAfterDays: opts.deviceLockDays ?? DEFAULT_LOCK_AFTER_DAYS,
			log: (line) => log(line),
			whoIs: (headers) => whoIs(storeUrl, headers, internalToken)
		})
	);
	// The routes Waymark's server adds under /couch act as the server admin for a checked user.
	const serverRoutes = {
		couchUrl: () => storeUrl,
		admin: () => admin,
		whoIs: (headers: { cookie?: string; authorization?: string }) => whoIs(storeUrl, headers, internalToken),
		log: logErr
	};
	couchRouter.use(safeguardingRoutes(serverRoutes));
	couchRouter.use(visitRoutes(serverRoutes));
	couchRouter.use(retentionRoutes(serverRoutes));
	couchRouter.use(
		mergeTombstoneGuard({
			couchUrl: () => storeUrl,
			bodyLimit: MAX_REQUEST_BYTES,
			log: logErr,
			headers: { 'x-waymark-internal': internalToken }
		})
	);
	app.use(spaHandler(buildDir));
	app.use(jsonErrorHandler(logErr));

	const server = http.createServer(app);
	// Long-poll and continuous _changes stay open; no request timeout for them.
	server.requestTimeout = 0;
	server.keepAliveTimeout = 65_000;
	await new Promise<void>((resolve, reject) => {
		const onError = (err: NodeJS.ErrnoException) => {
			server.off('listening', onListening);
			reject(err);
		};
		const onListening = () => {
			server.off('error', onError);
			resolve();
		};
		server.once('error', onError);
		server.once('listening', onListening);
		server.listen(opts.port ?? 8080, host);
	});
	server.on('error', (err) => logErr(`[waymark] server error: ${err.message}`));
	const port = (server.address() as AddressInfo).port;
	const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	const url = `http://${urlHost}:${port}`;
	const couchUrl = `${url}/couch`;
	selfCouchUrl = couchUrl;

	try {
		if (opts.couchdbUrl) {
			mode = 'proxy';
			const target = opts.couchdbUrl.replace(/\/+$/, '');
			storeUrl = target;
			admin = {
				name: process.env.COUCHDB_ADMIN_USER ?? ADMIN_NAME,
				password: opts.adminPassword ?? process.env.COUCHDB_ADMIN_PASSWORD ?? ''
			};
			const { createProxyMiddleware } = await import('http-proxy-middleware');
			const proxy = createProxyMiddleware({
				target,
				changeOrigin: true,
				// CouchDB's AuthSession cookie has Path=/ and no Domain: it works on this origin as is.
				proxyTimeout: 0,
				on: {
					// A body read by mergeTombstoneGuard is sent on as it came.
					proxyReq: (proxyReq, req) => {
						const raw = (req as { rawBody?: Buffer }).rawBody;
						if (raw && req.readableEnded) {
							proxyReq.setHeader('Content-Length', raw.length);
							proxyReq.write(raw);
						}
					},
					error: (err, _req, res) => {
						logErr(`[waymark] CouchDB proxy error: ${err.message}`);
						const r = res as http.ServerResponse;
						if ('headersSent' in r && !r.headersSent) {
							r.writeHead(502, { 'Content-Type': 'application/json' });
							r.end(JSON.stringify({ error: 'bad_gateway', reason: 'The CouchDB server did not answer.' }));
						} else if ('end' in r) r.end();
					}
				}
			});
			couchRouter.use((req, res, next) => void proxy(req, res, next));
		} else {
			mode = 'embedded';
			storeUrl = couchUrl;
			const embedded = setUpEmbedded({
				dataDir,
				adminPassword: opts.adminPassword ?? process.env.WAYMARK_ADMIN_PASSWORD,
				log,
				logErr,
				sessionTimeoutSeconds: opts.sessionTimeoutSeconds ?? SESSION_TIMEOUT_SECONDS,
				whoIs: (headers) => whoIs(selfCouchUrl, headers, internalToken)
			});
			admin = embedded.admin;
			adminPasswordFile = embedded.adminPasswordFile;
			closeCouch = embedded.close;
			// Thirty first syncs at once must not hold thirty whole answers in memory (heavy-read-gate.ts).
			couchRouter.use(heavyReadGate());
			couchRouter.use(embedded.router);
		}
	} catch (e) {
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
		throw e;
	}

	let closed = false;
	let visits: ReturnType<typeof visitSweeper> | null = null;
	const close = async () => {
		if (closed) return;
		closed = true;
		await backups?.stop();
		await visits?.stop();
		await signIns.settled();
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
		await closeCouch();
	};

	let seeded = false;
	const warnings: string[] = [];
	try {
		const provisionUrl = mode === 'proxy' ? opts.couchdbUrl!.replace(/\/+$/, '') : couchUrl;
		await waitForCouch(provisionUrl, admin);
		await ensureAuditDb(provisionUrl, admin, null);
		// Keep every organisation's validation in step with this version's schemas.
		for (const db of await listOrganisationDbs(provisionUrl, admin)) {
			const r = await refreshDesignDoc(provisionUrl, admin, db);
			if (r.changed) log(`[waymark] updated the validation in ${db}`);
			await ensureSafeguardingDb(provisionUrl, admin, db.replace(/^waymark-/, ''));
			if (await dropVisitorRole(provisionUrl, admin, db))
				log(`[waymark] visitors of ${db} now read only what is shared for their visits`);
			await ensureAuditDb(provisionUrl, admin, db.replace(/^waymark-/, ''));
		}
		if (opts.seedDemo) seeded = await runSeedDemo(provisionUrl, admin);
		if (mode === 'proxy' || !opts.seedDemo) {
			const exposed = await accountsWithDemoPasswords(provisionUrl, admin);
			if (exposed.length) warnings.push(demoPasswordWarning(exposed));
		}
	} catch (e) {
		await close();
		throw e;
	}

	// Ended visits are removed and open ones refilled now and every few minutes (visits.ts).
	const sweepUrl = mode === 'proxy' ? opts.couchdbUrl!.replace(/\/+$/, '') : couchUrl;
	visits = visitSweeper(
		() => sweepUrl,
		() => admin,
		logErr,
		opts.visitSweepMs
	);
	await visits.run();
	if (mode === 'embedded' && opts.backups) {
		backups = backupSchedule(opts.backups, () => couchUrl, admin, logErr);
		backups.start();
	}
	for (const w of warnings) logErr(`[waymark] ${w}`);
	return { url, port, couchUrl, admin, adminPasswordFile, seeded, warnings, mode, backups, signIns, close };
}

async function whoIs(
	couchUrl: string,
	headers: { cookie?: string; authorization?: string },
	internalToken: string
): Promise<UserCtx> {
	// Marked internal: the request being checked was already counted by the sign-in throttle.
	const h: Record<string, string> = { Accept: 'application/json', 'x-waymark-internal': internalToken };
	if (headers.cookie) h.cookie = headers.cookie;
	if (headers.authorization) h.authorization = headers.authorization;
	const res = await fetch(`${couchUrl}/_session`, { headers: h, signal: AbortSignal.timeout(10_000) });
	const body = (await res.json()) as { userCtx?: UserCtx };
	return body.userCtx ?? { name: null, roles: [] };
}

/** Waits until the CouchDB API answers and the admin credentials work. */
async function waitForCouch(couchUrl: string, admin: Admin) {
	const auth = basicAuth(admin);
	const deadline = Date.now() + 30_000;
	let last = '';
	while (Date.now() < deadline) {
		try {
			const res = await fetch(`${couchUrl}/_session`, { headers: { Authorization: auth, Accept: 'application/json' } });
			const body = (await res.json()) as { userCtx?: UserCtx };
			if (body.userCtx?.roles.includes('_admin')) return;
			last = `signed in as ${JSON.stringify(body.userCtx)}: the admin credentials are not accepted`;
		} catch (e) {
			last = (e as Error).message;
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`CouchDB at ${couchUrl} is not ready: ${last}`);
}

export function basicAuth(admin: Admin): string {
	return 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64');
}

interface EmbeddedSetup {
	dataDir: string;
	sessionTimeoutSeconds: number;
	adminPassword?: string;
	log: (line: string) => void;
	logErr: (line: string) => void;
	whoIs: (headers: { cookie?: string; authorization?: string }) => Promise<UserCtx>;
}

function setUpEmbedded(s: EmbeddedSetup) {
	// Must run before express-pouchdb's modules are first loaded (they capture these functions).
	patchCreateOrDeleteDbs();
	patchPasswordHashing(s.log);
	const dbsDir = path.join(s.dataDir, 'dbs');
	mkdirSync(dbsDir, { recursive: true });
	const configPath = path.join(s.dataDir, 'config.json');
	const logPath = path.join(s.dataDir, 'couch.log');
	const adminPasswordFile = path.join(s.dataDir, 'admin-password.txt');

	const config: Record<string, Record<string, unknown>> = existsSync(configPath)
		? JSON.parse(readFileSync(configPath, 'utf8'))
		: {};
	const admins = (config.admins ??= {});
	let password: string;
	if (s.adminPassword) {
		password = s.adminPassword;
		// Hashed below (PBKDF2-SHA256) before express-pouchdb reads config.json.
		if (
			!existsSync(adminPasswordFile) ||
			readFileSync(adminPasswordFile, 'utf8').trim() !== password ||
			!admins[ADMIN_NAME]
		) {
			admins[ADMIN_NAME] = password;
		}
	} else if (existsSync(adminPasswordFile) && admins[ADMIN_NAME]) {
		password = readFileSync(adminPasswordFile, 'utf8').trim();
	} else {
		password = randomBytes(12).toString('base64url');
		admins[ADMIN_NAME] = password;
	}
	writeFileSync(adminPasswordFile, password + '\n', { mode: 0o600 });
	chmodSync(adminPasswordFile, 0o600);

	const auth = (config.couch_httpd_auth ??= {});
	// Persist the cookie-signing secret: express-pouchdb makes a new one per start otherwise,
	// which signs every tablet out whenever the server restarts.
	auth.secret ??= randomBytes(32).toString('hex');
	// A number, not a string: pouchdb-auth adds it to a timestamp.
	auth.timeout = s.sessionTimeoutSeconds;
	// express-pouchdb's own persistent-cookie code passes seconds as milliseconds; the
	// cookie's Max-Age is set below instead.
	auth.allow_persistent_cookies = false;
	// PBKDF2-SHA256, 600,000 iterations for new and changed passwords (password-hashing.ts).
	auth.iterations = Math.max(Number(auth.iterations) || 0, PASSWORD_ITERATIONS);
	// The admin's password goes into config.json hashed the current way (express-pouchdb would
	// hash a plain one with 10 iterations); an older start's 10-iteration hash is replaced.
	const adminHash = /^-pbkdf2-[\da-f]+,[\da-f]+,(\d+)$/.exec(String(admins[ADMIN_NAME] ?? ''));
	if (!adminHash || Number(adminHash[1]) < PASSWORD_ITERATIONS) admins[ADMIN_NAME] = adminConfigHash(password);
	(config.couchdb ??= {}).max_document_size = MAX_REQUEST_BYTES;
	const logSection = (config.log ??= {});
	logSection.file = logPath;
	logSection.level ??= 'warning';
	writeFileSync(configPath, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });

	// A leveldown factory with a name of its own: PouchDB keys its open-store cache by the
	// factory's name, so a second server in the same process (tests) starts from a clean cache,
	// and close() can shut every store this server opened (releasing leveldb's LOCK files).
	const leveldown = require('leveldown') as ((location: string) => LevelDown) & { destroy: unknown; repair: unknown };
	const opened: LevelDown[] = [];
	const factoryName = `waymarkLeveldown${++leveldownCounter}`;
	const factory = {
		[factoryName]: function (location: string) {
			const db = refusingOnceClosed(leveldown(location));
			opened.push(db);
			return db;
		}
	}[factoryName] as unknown as ((location: string) => LevelDown) & { destroy: unknown; repair: unknown };
	factory.destroy = leveldown.destroy;
	factory.repair = leveldown.repair;

	const PouchDB = isolatedPouchDB({ prefix: dbsDir + path.sep, db: factory });
	const expressPouchDB = require('express-pouchdb');
	const pouchApp = expressPouchDB(PouchDB, {
		mode: 'fullCouchDB',
		configPath,
		logPath,
		overrideMode: {
			exclude: [
				// Runs client-supplied map functions in this process.
				'routes/temp-views',
				// Server-side replication to arbitrary URLs: not needed, admin-only at best.
				'routes/replicate',
				'replicator',
				'routes/fauxton',
				'routes/special-test-auth',
				// `disk_size` in a database's info: pouchdb-size walks the database's folder (an lstat
				// per file) on every info, and every Basic-auth request reads the users database's
				// info: 15% of the server's CPU with 30 tablets syncing (docs/performance.md). CouchDB 3
				// no longer sends `disk_size` either (it has `sizes`).
				'disk-size'
			]
		}
	});

	const router = express.Router();
	router.use(cookieLifetime(s.sessionTimeoutSeconds));
	router.use(couchGuard({ whoIs: s.whoIs, bodyLimit: MAX_REQUEST_BYTES, log: s.logErr }));
	router.use(pouchApp);

	const close = async () => {
		await Promise.all(
			opened.map(
				(db) =>
					new Promise<void>((resolve) => {
						const t = setTimeout(resolve, 3000);
						try {
							db.close(() => {
								clearTimeout(t);
								resolve();
							});
						} catch {
							clearTimeout(t);
							resolve();
						}
					})
			)
		);
	};

	return { router, admin: { name: ADMIN_NAME, password }, adminPasswordFile, close };
}

/**
 * `PouchDB.defaults()` with events of its own. PouchDB 7 binds every class (defaults included)
 * to ONE process-wide emitter, so a second server in the same process (a restart in a test)
 * would run the first one's `created`/`destroyed` listeners — pouchdb-all-dbs writing to a
 * closed leveldb, which segfaults. Here each server's class has its own emitter.
 */
function isolatedPouchDB(defaults: Record<string, unknown>) {
	const { EventEmitter } = require('node:events') as typeof import('node:events');
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const Base: any = require('pouchdb-node').defaults(defaults);
	const emitter = new EventEmitter();
	emitter.setMaxListeners(0);
	/* eslint-disable @typescript-eslint/no-explicit-any -- a PouchDB constructor subclassed the way PouchDB's own plugins do: untyped by nature */
	function WaymarkPouch(this: any, name: unknown, opts: unknown): unknown {
		if (!(this instanceof WaymarkPouch)) return new (WaymarkPouch as any)(name, opts);
		Base.call(this, name, opts);
		// Base announces new databases on the shared emitter; announce them on ours too.
		const self = this as { once(e: string, f: () => void): void; name: string };
		self.once('created', () => emitter.emit('created', self.name));
		return this;
	}
	WaymarkPouch.prototype = Object.create(Base.prototype, {
		constructor: { value: WaymarkPouch, writable: true, configurable: true }
	});
	for (const key of Object.keys(Base)) (WaymarkPouch as any)[key] = Base[key];
	for (const key of Object.getOwnPropertyNames(EventEmitter.prototype)) {
		const fn = (emitter as any)[key];
		if (key !== 'constructor' && typeof fn === 'function') (WaymarkPouch as any)[key] = fn.bind(emitter);
	}
	return WaymarkPouch as any;
	/* eslint-enable @typescript-eslint/no-explicit-any */
}

interface LevelDown {
	close(cb: (err?: unknown) => void): void;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- leveldown's callback API, wrapped as it is */
/**
 * A leveldown store that takes no more work once it is closing. The server closes its stores
 * directly when it stops; a request still running then (a long-poll's change feed, a tablet's
 * write) would otherwise reach leveldb's native code with the store gone and crash the whole
 * process (a null pointer in leveldown 5: "segfault … in node.napi.glibc.node"). Such late work is
 * dropped: its callback never comes, as for a request cut off by the stop (an error instead would
 * surface as an uncaught exception inside PouchDB). The server's process and tests carry on.
 */
function refusingOnceClosed<T extends LevelDown>(db: T): T {
	const store = db as any;
	let closed = false;
	const close = store.close.bind(store);
	store.close = (cb: (err?: unknown) => void) => {
		closed = true;
		close(cb);
	};
	for (const name of ['get', 'put', 'del', 'approximateSize', 'compactRange', 'clear', 'getMany']) {
		const fn = store[name];
		if (typeof fn !== 'function') continue;
		store[name] = function (this: unknown, ...args: unknown[]) {
			if (!closed) return fn.apply(this, args);
		};
	}
	const dropped = { write() {}, put() {}, del() {}, clear() {}, next() {}, seek() {}, end() {} };
	const batch = store.batch;
	store.batch = function (this: unknown, ...args: unknown[]) {
		if (closed) return args.length ? undefined : dropped;
		const result = batch.apply(this, args);
		if (!args.length && result && typeof result.write === 'function') {
			const write = result.write.bind(result);
			result.write = (...a: unknown[]) => (closed ? undefined : write(...a));
		}
		return result;
	};
	const iterator = store.iterator;
	store.iterator = function (this: unknown, ...args: unknown[]) {
		if (closed) return dropped;
		const it = iterator.apply(this, args);
		const next = it.next.bind(it);
		it.next = (cb: unknown) => (closed ? undefined : next(cb));
		return it;
	};
	return db;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * Gives the `AuthSession` cookie a lifetime so a tablet stays signed in across browser restarts
 * (express-pouchdb sends a browser-session cookie), and SameSite=Lax. Logout cookies (expired)
 * are left alone.
 */
function cookieLifetime(seconds: number): express.RequestHandler {
	return (_req, res, next) => {
		const setHeader = res.setHeader.bind(res);
		res.setHeader = (name: string, value: number | string | readonly string[]) => {
			if (name.toLowerCase() === 'set-cookie') {
				const list = (Array.isArray(value) ? value : [String(value)]) as string[];
				value = list.map((c) =>
					/^AuthSession=[^;]+/.test(c) && !/Expires=|Max-Age=/i.test(c) ? `${c}; Max-Age=${seconds}; SameSite=Lax` : c
				);
			}
			return setHeader(name, value);
		};
		next();
	};
}

/**
 * The built SPA: files as they are, index.html for app routes, caching that suits a PWA. The build
 * writes brotli and gzip copies beside each file (adapter-static `precompress`): sent instead of
 * the file to a browser that accepts them, so nothing is compressed per request.
 */
function spaHandler(buildDir: string): express.RequestHandler {
	const noCache = new Set(['/index.html', '/sw.js', '/manifest.webmanifest', '/registerSW.js', '/_app/version.json']);
	const staticFiles = expressStaticGzip(buildDir, {
		enableBrotli: true,
		orderPreference: ['br', 'gzip'],
		index: false,
		serveStatic: {
			index: false,
			redirect: false,
			setHeaders(res, filePath) {
				// The precompressed copy is the file it stands for.
				const rel =
					'/' +
					path
						.relative(buildDir, filePath.replace(/\.(br|gz)$/, ''))
						.split(path.sep)
						.join('/');
				if (rel.startsWith('/_app/immutable/')) {
					res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
				} else if (noCache.has(rel) || rel.endsWith('.webmanifest')) {
					res.setHeader('Cache-Control', 'no-cache');
				} else {
					res.setHeader('Cache-Control', 'public, max-age=0, must-revalidate');
				}
			}
		}
	});
	const indexFile = path.join(buildDir, 'index.html');
	return (req, res, next) => {
		if (req.path === '/couch' || req.path.startsWith('/couch/')) return next();
		staticFiles(req, res, (err?: unknown) => {
			if (err) return next(err);
			if (req.method !== 'GET' && req.method !== 'HEAD') return next();
			// Missing assets are 404s; any other path is an app route.
			if (req.path.startsWith('/_app/') || /\.[a-z0-9]{1,8}$/i.test(req.path)) {
				res.status(404).type('text/plain').send('Not found\n');
				return;
			}
			if (!existsSync(indexFile)) {
				res.status(404).type('text/plain').send(`The app is not built (no ${indexFile}). Run: npm run build\n`);
				return;
			}
			// An app route: the page itself (compressed like any other file), never from a cache.
			const url = req.url;
			req.url = '/index.html';
			staticFiles(req, res, (e?: unknown) => {
				req.url = url;
				next(e);
			});
		});
	};
}
