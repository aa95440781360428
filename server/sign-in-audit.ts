/**
 * The audit of sign-ins (issue 17.8), written by Waymark's server in both modes (embedded and in
 * front of a real CouchDB 3) from what the sign-in throttle sees (login-throttle.ts `onOutcome`):
 * every sign-in and every failed one — name tried, outcome, client address, time.
 *
 * Where it goes, so that only those who may read it can, and nobody can change it:
 *   - A name that belongs to an organisation (role `<org>:…`): `audit-<org>`, readable by that
 *     organisation's admins (`<org>:admin`, the head of centre) and server admins only.
 *   - A name no organisation knows: the server-wide `audit_server`, readable by server admins only.
 *     Made-up names must not create data per name or per organisation: they all go to this one
 *     database, each line is small (the name cut to 60 characters), failures are already slowed
 *     by the throttle, and at most `unknownPerDay` lines a day are stored (the rest are counted
 *     in the server log).
 * Both databases carry a validation that lets only a server admin write: the server writes as
 * admin; an organisation admin can read but not add, change or delete a line. Attempts refused
 * while an account or address is waiting (429) are not stored one by one (an attacker could send
 * thousands); the failure that started the wait is.
 */
import { randomBytes } from 'node:crypto';
import { signInAuditDbName } from '../src/lib/domain/audit-record';
import { couchRequest, putSecurity, type AdminCredentials } from './provision';

export type SignInOutcome = 'signed-in' | 'failed';

export interface SignInEvent {
	name: string;
	outcome: SignInOutcome;
	/** `password`: POST /_session (with a second-factor code if asked); `basic`: Basic credentials. */
	how: 'password' | 'basic';
	address: string;
}

/** The server-wide audit (names no organisation knows). Has `_`: no organisation slug can clash. */
export const SERVER_AUDIT_DB = 'audit_server';

/** An organisation's audit of sign-ins (the name the tablets read it by). */
export const orgAuditDbName = signInAuditDbName;

const ORG_ROLE = /^([a-z0-9-]{1,40}):(staff|visitor|admin|dsl)$/;
const AUDIT_DESIGN_ID = '_design/audit';

/** Only a server admin writes (the server itself): append-only for everyone else, ES5 for CouchDB 3. */
export const AUDIT_VALIDATE = `function (newDoc, oldDoc, userCtx) {
  var roles = (userCtx && userCtx.roles) || [];
  for (var i = 0; i < roles.length; i++) { if (roles[i] === '_admin') { return; } }
  throw ({ forbidden: 'The audit is written by the server only: its lines cannot be added, changed or deleted.' });
}`;

export function auditSecurity(org: string | null) {
	return {
		admins: { names: [], roles: [] },
		// `_admin` as the only member role of the server-wide audit: no signed-in user is a member.
		members: { names: [], roles: [org ? `${org}:admin` : '_admin'] }
	};
}

/** Creates the audit database if missing, (re)locks it, installs the write-only-by-server validation. */
export async function ensureAuditDb(couchUrl: string, admin: AdminCredentials, org: string | null): Promise<void> {
	const db = org ? orgAuditDbName(org) : SERVER_AUDIT_DB;
	const created = await couchRequest(couchUrl, admin, 'PUT', `/${db}`);
	if (![201, 202, 412].includes(created.status)) throw new Error(`creating ${db}: ${created.status}`);
	// Security first: a database with no members is open to every signed-in user.
	// Two callers at once (start-up and the first sign-in) can meet here (putSecurity retries).
	const secured = await putSecurity(couchUrl, admin, db, auditSecurity(org));
	if (![200, 201].includes(secured.status)) throw new Error(`securing ${db}: ${secured.status}`);
	const current = await couchRequest(couchUrl, admin, 'GET', `/${db}/${AUDIT_DESIGN_ID}`);
	if (current.status === 200 && current.body?.validate_doc_update === AUDIT_VALIDATE) return;
	const put = await couchRequest(couchUrl, admin, 'PUT', `/${db}/${AUDIT_DESIGN_ID}`, {
		...(current.status === 200 ? { _rev: current.body._rev } : {}),
		language: 'javascript',
		validate_doc_update: AUDIT_VALIDATE
	});
	if (put.status === 409) {
		// Installed by the other caller meanwhile: fine if it is this validation.
		const now = await couchRequest(couchUrl, admin, 'GET', `/${db}/${AUDIT_DESIGN_ID}`);
		if (now.status === 200 && now.body?.validate_doc_update === AUDIT_VALIDATE) return;
	}
	if (![201, 202].includes(put.status)) throw new Error(`installing the audit validation in ${db}: ${put.status}`);
}

/** The organisations a user's roles name. */
export function organisationsOf(roles: readonly string[]): string[] {
	return [...new Set(roles.map((r) => ORG_ROLE.exec(r)?.[1]).filter((o): o is string => !!o))];
}

export interface SignInAuditOptions {
	couchUrl: () => string;
	admin: () => AdminCredentials;
	/** The account's roles as stored ([] when there is no such account). */
	rolesOf(name: string): Promise<string[]>;
	/** Lines a day for names no organisation knows. Default 1000. */
	unknownPerDay?: number;
	log?: (line: string) => void;
	now?: () => Date;
}

export interface SignInAudit {
	record(event: SignInEvent): void;
	/** Resolves once every line recorded so far is written (or failed and was logged). */
	settled(): Promise<void>;
}

export function signInAudit(opts: SignInAuditOptions): SignInAudit {
	const now = opts.now ?? (() => new Date());
	const perDay = opts.unknownPerDay ?? 1000;
	const ready = new Set<string>();
	let day = '';
	let unknownToday = 0;
	let droppedToday = 0;
	// One write after another: sign-ins are few, and the order of lines stays the order of events.
	let queue: Promise<void> = Promise.resolve();

	async function write(event: SignInEvent, at: Date) {
		const roles = await opts.rolesOf(event.name);
		const orgs = organisationsOf(roles);
		const today = at.toISOString().slice(0, 10); // a UTC day: a server-side budget, not a school date
		if (today !== day) {
			if (droppedToday) opts.log?.(`[waymark] ${droppedToday} failed sign-ins for unknown names on ${day} not stored`);
			day = today;
			unknownToday = 0;
			droppedToday = 0;
		}
		if (!orgs.length && ++unknownToday > perDay) {
			droppedToday++;
			return;
		}
		const line = {
			type: 'signIn',
			name: event.name.slice(0, 60),
			outcome: event.outcome,
			how: event.how,
			address: event.address.slice(0, 64),
			at: at.toISOString()
		};
		// Ids in time order: `_all_docs` newest first is the audit page's list.
		const id = `signIn:${line.at}:${randomBytes(4).toString('hex')}`;
		for (const org of orgs.length ? orgs : [null]) {
			const key = org ?? '';
			if (!ready.has(key)) {
				await ensureAuditDb(opts.couchUrl(), opts.admin(), org);
				ready.add(key);
			}
			const db = org ? orgAuditDbName(org) : SERVER_AUDIT_DB;
			const put = await couchRequest(opts.couchUrl(), opts.admin(), 'PUT', `/${db}/${encodeURIComponent(id)}`, line);
			if (![201, 202].includes(put.status)) throw new Error(`${db}: ${put.status}`);
		}
	}

	return {
		record(event) {
			const at = now();
			queue = queue
				.then(() => write(event, at))
				.catch((e: unknown) => opts.log?.(`[waymark] a sign-in could not be audited: ${(e as Error).message}`));
		},
		settled: () => queue
	};
}
