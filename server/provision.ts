/* eslint-disable @typescript-eslint/no-explicit-any -- CouchDB answers differ per endpoint; callers read the fields they asked for */
/**
 * Organisations and staff accounts, over plain HTTP with server-admin Basic auth, so the same
 * code sets up the embedded server and a real CouchDB 3. Every call is idempotent.
 */
import { ensureSafeguardingDb } from './safeguarding';
import { currentValidateDocUpdate } from './validate-doc-update';

export interface AdminCredentials {
	name: string;
	password: string;
}

export interface Organisation {
	/** `[a-z0-9-]{1,40}`; the database is `waymark-<slug>`. */
	slug: string;
	/** Display name, e.g. "Riverside Learning Centre". */
	name: string;
}

/**
 * `dsl`: staff who are also the designated safeguarding lead or a deputy (roles `<org>:staff` and `<org>:dsl`).
 * `admin`: the head of centre, staff who also administer the organisation (`<org>:staff` and `<org>:admin`): arranges visits.
 */
export type StaffRole = 'staff' | 'visitor' | 'admin' | 'dsl';

export interface StaffAccount {
	name: string;
	password: string;
	/** Organisation slug. */
	org: string;
	role: StaffRole;
	fullName?: string;
}

export const SLUG = /^[a-z0-9-]{1,40}$/;
/** CouchDB user names: keep them simple so they are easy to type on a tablet. */
export const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,59}$/;
export const DESIGN_DOC_ID = '_design/waymark';

export function orgDbName(slug: string): string {
	return `waymark-${slug}`;
}

export class CouchError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		what: string
	) {
		const b = body as { error?: string; reason?: string } | undefined;
		super(`${what}: HTTP ${status} ${b?.error ?? ''} ${b?.reason ?? ''}`.trim());
	}
}

function auth(admin: AdminCredentials): string {
	return 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64');
}

/** One JSON request as the server admin. Returns status and parsed body; never throws on HTTP status. */
export async function couchRequest(
	couchUrl: string,
	admin: AdminCredentials,
	method: string,
	path: string,
	body?: unknown
): Promise<{ status: number; body: any }> {
	const res = await fetch(couchUrl.replace(/\/+$/, '') + path, {
		method,
		headers: {
			Authorization: auth(admin),
			Accept: 'application/json',
			...(body === undefined ? {} : { 'Content-Type': 'application/json' })
		},
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(60_000)
	});
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		// not JSON
	}
	return { status: res.status, body: parsed };
}

/**
 * Writes a database's `_security`. Two writers at once (start-up and a first request, or a new
 * organisation's set-up beside them) can meet here: the embedded server answers the later one 409,
 * and writing the same security again is then right (seen on a busy test machine).
 */
export async function putSecurity(
	couchUrl: string,
	admin: AdminCredentials,
	db: string,
	security: unknown
): Promise<{ status: number; body: any }> {
	let secured = await couchRequest(couchUrl, admin, 'PUT', `/${db}/_security`, security);
	for (let retry = 0; secured.status === 409 && retry < 3; retry++) {
		secured = await couchRequest(couchUrl, admin, 'PUT', `/${db}/_security`, security);
	}
	return secured;
}

async function expect(
	p: Promise<{ status: number; body: any }>,
	ok: number[],
	what: string
): Promise<{ status: number; body: any }> {
	const r = await p;
	if (!ok.includes(r.status)) throw new CouchError(r.status, r.body, what);
	return r;
}

/** PUT a document, replacing whatever revision is there; no write when nothing changed. */
async function putLatest(couchUrl: string, admin: AdminCredentials, db: string, doc: Record<string, unknown>) {
	const id = doc._id as string;
	const path = `/${encodeURIComponent(db)}/${id.startsWith('_design/') ? '_design/' + encodeURIComponent(id.slice(8)) : encodeURIComponent(id)}`;
	for (let attempt = 0; attempt < 5; attempt++) {
		const current = await couchRequest(couchUrl, admin, 'GET', path);
		const next: Record<string, unknown> = { ...doc };
		if (current.status === 200) {
			const { _rev, ...rest } = current.body as Record<string, unknown>;
			if (JSON.stringify(sortKeys(rest)) === JSON.stringify(sortKeys(doc))) return { changed: false };
			next._rev = _rev;
		} else if (current.status !== 404) {
			throw new CouchError(current.status, current.body, `reading ${db}/${id}`);
		}
		const r = await couchRequest(couchUrl, admin, 'PUT', path, next);
		if (r.status === 201 || r.status === 202) return { changed: true };
		if (r.status !== 409) throw new CouchError(r.status, r.body, `writing ${db}/${id}`);
	}
	throw new Error(`writing ${db}/${id}: kept conflicting`);
}

function sortKeys(v: unknown): unknown {
	if (Array.isArray(v)) return v.map(sortKeys);
	if (v && typeof v === 'object') {
		return Object.fromEntries(
			Object.keys(v)
				.sort()
				.map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])
		);
	}
	return v;
}

/** CouchDB 3 single-node installs may lack `_users`; create it (412 = exists). */
export async function ensureUsersDb(couchUrl: string, admin: AdminCredentials) {
	const r = await couchRequest(couchUrl, admin, 'GET', '/_users');
	if (r.status === 200) return;
	await expect(couchRequest(couchUrl, admin, 'PUT', '/_users'), [201, 202, 412], 'creating _users');
}

/**
 * Staff read and write the organisation database; visitors are NOT members: they read only what
 * is shared for their visit, in a database of its own (visits.ts).
 */
export function securityObject(slug: string) {
	return {
		admins: { names: [], roles: [`${slug}:admin`] },
		members: { names: [], roles: [`${slug}:staff`] }
	};
}

/**
 * An organisation set up before visits existed admitted `<org>:visitor` to the whole database:
 * that role is taken out (the rest of `_security` is kept). Returns whether it was there.
 */
export async function dropVisitorRole(couchUrl: string, admin: AdminCredentials, db: string): Promise<boolean> {
	const slug = db.replace(/^waymark-/, '');
	const current = await expect(
		couchRequest(couchUrl, admin, 'GET', `/${db}/_security`),
		[200],
		`reading ${db} security`
	);
	const sec = (current.body ?? {}) as { members?: { names?: string[]; roles?: string[] } };
	const roles = sec.members?.roles ?? [];
	if (!roles.includes(`${slug}:visitor`)) return false;
	const next = { ...sec, members: { ...sec.members, roles: roles.filter((r) => r !== `${slug}:visitor`) } };
	await expect(couchRequest(couchUrl, admin, 'PUT', `/${db}/_security`, next), [200, 201], `securing ${db}`);
	return true;
}

export async function designDoc(org: Organisation) {
	return {
		_id: DESIGN_DOC_ID,
		language: 'javascript',
		validate_doc_update: await currentValidateDocUpdate(org.slug),
		organisation: { slug: org.slug, name: org.name }
	};
}

/**
 * Creates `waymark-<slug>` (or leaves it), locks it to the organisation's roles with
 * `_security`, and installs `_design/waymark` (validation + the display name).
 * Returns whether the database was newly created.
 */
export async function createOrganisation(
	couchUrl: string,
	admin: AdminCredentials,
	org: Organisation
): Promise<{ db: string; created: boolean }> {
	if (!SLUG.test(org.slug)) {
		throw new Error(`Organisation slug "${org.slug}" must be 1–40 lower-case letters, digits or hyphens.`);
	}
	if (!org.name.trim()) throw new Error('The organisation needs a name.');
	const db = orgDbName(org.slug);
	const created = await expect(couchRequest(couchUrl, admin, 'PUT', `/${db}`), [201, 202, 412], `creating ${db}`);
	// Security FIRST: a new database is open to everyone on the embedded server until it is set.
	await expect(putSecurity(couchUrl, admin, db, securityObject(org.slug)), [200, 201], `securing ${db}`);
	await putLatest(couchUrl, admin, db, await designDoc(org));
	await ensureSafeguardingDb(couchUrl, admin, org.slug);
	return { db, created: created.status !== 412 };
}

/** Re-installs the current validation in an organisation's design doc, keeping its name. */
export async function refreshDesignDoc(couchUrl: string, admin: AdminCredentials, db: string) {
	const current = await couchRequest(couchUrl, admin, 'GET', `/${db}/${DESIGN_DOC_ID}`);
	const slug = db.replace(/^waymark-/, '');
	const name = (current.status === 200 && current.body?.organisation?.name) || slug;
	return putLatest(couchUrl, admin, db, await designDoc({ slug, name }));
}

/** Every `waymark-*` database on the server. */
export async function listOrganisationDbs(couchUrl: string, admin: AdminCredentials): Promise<string[]> {
	const r = await expect(couchRequest(couchUrl, admin, 'GET', '/_all_dbs'), [200], 'listing databases');
	return (r.body as string[]).filter((n) => /^waymark-[a-z0-9-]{1,40}$/.test(n));
}

/**
 * Creates or updates `org.couchdb.user:<name>` with the role `<org>:<role>`; CouchDB hashes
 * the password. Updating keeps roles the account has in other organisations.
 */
export async function createStaff(couchUrl: string, admin: AdminCredentials, account: StaffAccount) {
	if (!USER_NAME.test(account.name)) {
		throw new Error(
			`User name "${account.name}" must start with a letter or digit and use only lower-case letters, digits, ".", "_" or "-".`
		);
	}
	if (!SLUG.test(account.org)) throw new Error(`Organisation slug "${account.org}" is not valid.`);
	if (!['staff', 'visitor', 'admin', 'dsl'].includes(account.role)) {
		throw new Error(`Role must be staff, dsl or visitor (or admin), not "${account.role}".`);
	}
	if (!account.password || account.password.length < 6) throw new Error('The password must be at least 6 characters.');
	await ensureUsersDb(couchUrl, admin);
	const id = `org.couchdb.user:${account.name}`;
	const path = `/_users/${encodeURIComponent(id)}`;
	const role = `${account.org}:${account.role}`;
	// A safeguarding lead and a head of centre (admin) are staff too: the organisation database admits `<org>:staff`.
	const orgRoles = account.role === 'dsl' || account.role === 'admin' ? [`${account.org}:staff`, role] : [role];
	for (let attempt = 0; attempt < 5; attempt++) {
		const current = await couchRequest(couchUrl, admin, 'GET', path);
		let doc: Record<string, unknown>;
		if (current.status === 200) {
			const existing = current.body as Record<string, unknown> & { roles?: string[] };
			// Roles for this organisation are replaced; other organisations' roles are kept.
			const roles = (existing.roles ?? []).filter((r) => !r.startsWith(`${account.org}:`));
			doc = { ...existing, roles: [...roles, ...orgRoles], password: account.password };
			if (account.fullName) doc.fullName = account.fullName;
		} else if (current.status === 404) {
			doc = { _id: id, name: account.name, type: 'user', roles: orgRoles, password: account.password };
			if (account.fullName) doc.fullName = account.fullName;
		} else {
			throw new CouchError(current.status, current.body, `reading user ${account.name}`);
		}
		const r = await couchRequest(couchUrl, admin, 'PUT', path, doc);
		if (r.status === 201 || r.status === 202) return { name: account.name, role, created: current.status === 404 };
		if (r.status !== 409) throw new CouchError(r.status, r.body, `saving user ${account.name}`);
	}
	throw new Error(`saving user ${account.name}: kept conflicting`);
}
