/**
 * Password hashing on the embedded server: PBKDF2-HMAC-SHA256 with 600,000 iterations (OWASP's
 * current recommendation), the form CouchDB 3 itself writes with `password_scheme: "pbkdf2"`,
 * `pbkdf2_prf: "sha256"`. pouchdb-auth (inside express-pouchdb) only knows PBKDF2-SHA1 with its
 * default of 10 iterations; its functions are replaced here, before the server starts, without
 * editing node_modules:
 *
 * - new and changed passwords (a `password` field written to `_users`) are hashed the new way;
 * - sign-in checks either kind, and a successful sign-in with an old hash re-hashes the password
 *   the new way (the plain password is only known at that moment);
 * - a verified hash is remembered (HMAC with a key of this process, never the password) so the
 *   600,000 iterations are paid once per password, not on every request with Basic credentials.
 *
 * pouchdb-auth calls `hashPassword(password, salt, iterations)` without the PRF, so the kind is
 * told by the iteration count: pouchdb-auth's own hashes use few (10 by default), Waymark's at
 * least MIN_MODERN_ITERATIONS.
 */
import { createHmac, pbkdf2, pbkdf2Sync, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const PASSWORD_ITERATIONS = 600_000;
const MIN_MODERN_ITERATIONS = 100_000;
const CACHE_LIMIT = 2000;

const cacheKey = randomBytes(32);
const verified = new Map<string, string>();

function pbkdf2Hex(password: string, salt: string, iterations: number, digest: string, bytes: number) {
	return new Promise<string>((resolve, reject) =>
		pbkdf2(password, salt, iterations, bytes, digest, (err, key) => (err ? reject(err) : resolve(key.toString('hex'))))
	);
}

/** The derived key in hex: SHA-256 (32 bytes) for modern iteration counts, else pouchdb-auth's SHA-1 (20). */
export async function hashPassword(password: string, salt: string, iterations: number): Promise<string> {
	const modern = iterations >= MIN_MODERN_ITERATIONS;
	const id = createHmac('sha256', cacheKey).update(`${password}\u0000${salt}\u0000${iterations}`).digest('base64');
	const hit = verified.get(id);
	if (hit) return hit;
	// pouchdb-auth's own few-iteration hashes are computed at once, as it did: express-pouchdb
	// relies on admin passwords in its config being hashed before its users database starts.
	const key = modern
		? await pbkdf2Hex(password, salt, iterations, 'sha256', 32)
		: pbkdf2Sync(password, salt, iterations, 20, 'sha1').toString('hex');
	if (verified.size >= CACHE_LIMIT) verified.delete(verified.keys().next().value!);
	verified.set(id, key);
	return key;
}

type UserDoc = Record<string, unknown> & { _id?: string; password?: unknown };
interface UsersDb {
	get(id: string): Promise<UserDoc>;
	put(doc: UserDoc): Promise<unknown>;
}

/** Replaces a `password` field with the modern hash, as CouchDB 3 does on write. */
async function hashNewPassword(doc: UserDoc, iterations: number) {
	if (doc.password === undefined || doc.password === null) return;
	const n = Math.max(iterations, PASSWORD_ITERATIONS);
	doc.iterations = n;
	doc.password_scheme = 'pbkdf2';
	doc.pbkdf2_prf = 'sha256';
	doc.salt = randomBytes(16).toString('hex');
	doc.derived_key = await hashPassword(String(doc.password), doc.salt as string, n);
	delete doc.password;
	delete doc.password_sha;
}

export function needsUpgrade(doc: Record<string, unknown>): boolean {
	return doc.pbkdf2_prf !== 'sha256' || !(Number(doc.iterations) >= PASSWORD_ITERATIONS);
}

let patched = false;

/** Must run before express-pouchdb sets up its users database (startServer does). */
export function patchPasswordHashing(log: (line: string) => void = () => undefined) {
	if (patched) return;
	patched = true;
	const utils = require('pouchdb-auth/lib/utils') as {
		hashPassword: typeof hashPassword;
		dbDataFor(db: unknown): { iterations: number };
	};
	utils.hashPassword = hashPassword;

	const createBulkDocsWrapper = require('pouchdb-bulkdocs-wrapper') as (
		fn: (doc: UserDoc, args: { base: unknown }) => Promise<unknown>
	) => unknown;
	const writeWrappers = require('pouchdb-auth/lib/writewrappers') as Record<string, unknown>;
	const put = (original: () => Promise<unknown>, args: { base: unknown; doc: UserDoc }) =>
		hashNewPassword(args.doc, utils.dbDataFor(args.base).iterations).then(original);
	writeWrappers.put = put;
	writeWrappers.post = put;
	writeWrappers.bulkDocs = createBulkDocsWrapper((doc, args) =>
		hashNewPassword(doc, utils.dbDataFor(args.base).iterations)
	);

	const api = require('pouchdb-auth/lib/sessionapi') as Record<string, unknown>;
	const logIn = api.multiUserLogIn as (this: UsersDb, name: string, password: string) => Promise<unknown>;
	api.multiUserLogIn = function (this: UsersDb, name: string, password: string, callback?: unknown) {
		const upgraded = logIn.call(this, name, password).then((session) => {
			// Re-hash an old hash now that the password is known to be right; the sign-in does not wait.
			void upgradeHash(this, name, password, log);
			return session;
		});
		if (typeof callback === 'function') {
			upgraded.then(
				(r) => (callback as (e: unknown, r?: unknown) => void)(null, r),
				(e) => (callback as (e: unknown) => void)(e)
			);
		}
		return upgraded;
	};
}

async function upgradeHash(db: UsersDb, name: string, password: string, log: (line: string) => void) {
	try {
		const doc = await db.get(`org.couchdb.user:${name}`);
		if (!needsUpgrade(doc)) return;
		await db.put({ ...doc, password });
		log(`[waymark] upgraded the password hash of "${name}" to PBKDF2-SHA256`);
	} catch {
		// A server admin from config.json has no account document; a conflict: next sign-in.
	}
}

/** Fields of an account that only server admins may read: the hash and what it was made with. */
export const SECRET_USER_FIELDS = [
	'derived_key',
	'salt',
	'iterations',
	'password_scheme',
	'pbkdf2_prf',
	'password_sha'
];

/**
 * A server admin's password as express-pouchdb keeps it in config.json (`-pbkdf2-key,salt,n`),
 * hashed here the modern way before the server loads the file (it keeps hashes as they are).
 */
export function adminConfigHash(password: string): string {
	const salt = randomBytes(16).toString('hex');
	const key = pbkdf2Sync(password, salt, PASSWORD_ITERATIONS, 32, 'sha256').toString('hex');
	return `-pbkdf2-${key},${salt},${PASSWORD_ITERATIONS}`;
}
