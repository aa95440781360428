/* eslint-disable @typescript-eslint/no-explicit-any -- CouchDB documents are whatever was stored; they pass through unread */
/**
 * Backup and restore of the embedded server, over its own HTTP API as the server admin (so a
 * backup runs while tablets sync, and the same code runs from `npm run admin` and the nightly
 * timer in `npm start`).
 *
 * What a backup holds: every organisation database (`waymark-*`), its safeguarding database
 * (`safeguarding-*`) and sign-in audit (`audit-*`, and the server's own `audit_server`), each with
 * its `_security` object, and `_users` (accounts with their password hashes, roles). Every document comes with EVERY
 * leaf revision (conflicts and deletions too), its revision history and attachments, and is
 * restored with `new_edits: false`: the restored server holds the same revisions, so a tablet
 * that syncs afterwards sends only what the server lacks and receives nothing twice.
 *
 * Replication checkpoints (`_local/…`) are left out on purpose: their sequence numbers belong to
 * the old store. Restored, a tablet would resume from a sequence the new store has not reached
 * and miss changes; without them each tablet compares its revisions from the start (nothing is
 * transferred that both sides have).
 *
 * The file: gzip of JSON lines. Line 1 is the header with the SHA-256 of everything after it;
 * a `<file>.sha256` beside it (sha256sum format) checks the compressed file as stored off-site.
 * A checksum catches damage and changes; it is not a signature (whoever can rewrite the file can
 * rewrite the checksum): keep backups where only the admin can write.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { couchRequest, ensureUsersDb, listOrganisationDbs, type AdminCredentials } from './provision';

export const BACKUP_FORMAT = 'waymark-backup';
export const BACKUP_VERSION = 1;
const BATCH = 200;

export interface BackupHeader {
	format: typeof BACKUP_FORMAT;
	version: number;
	createdAt: string;
	/** SHA-256 (hex) of the bytes after the header line, before compression. */
	sha256: string;
	databases: { name: string; documents: number }[];
}

type Line = { type: 'db'; name: string; security?: unknown } | { type: 'doc'; db: string; doc: any };

export class BackupRefused extends Error {}

async function ok(p: Promise<{ status: number; body: any }>, what: string) {
	const r = await p;
	if (r.status >= 400) throw new Error(`${what}: HTTP ${r.status} ${r.body?.reason ?? ''}`.trim());
	return r.body;
}

/**
 * The organisations' databases and those that belong with them: a restore without the
 * safeguarding notes or the sign-in audit would lose what only the server holds.
 */
async function databasesToBackUp(couchUrl: string, admin: AdminCredentials): Promise<string[]> {
	const all = (await ok(couchRequest(couchUrl, admin, 'GET', '/_all_dbs'), 'listing databases')) as string[];
	return all.filter((n) => /^(waymark|safeguarding|audit)-[a-z0-9-]{1,60}$/.test(n) || n === 'audit_server');
}

/**
 * Creates a database for the restore. One the server makes for itself at start-up (the server's
 * sign-in audit) may be there already: it is used if it holds nothing but its own design document.
 * Returns whether it was there, so its design document (the server's) is kept, not doubled.
 */
async function createForRestore(couchUrl: string, admin: AdminCredentials, db: string): Promise<boolean> {
	const created = await couchRequest(couchUrl, admin, 'PUT', `/${encodeURIComponent(db)}`);
	if (created.status !== 412) {
		await ok(Promise.resolve(created), `creating ${db}`);
		return false;
	}
	const docs = await ok(couchRequest(couchUrl, admin, 'GET', `/${encodeURIComponent(db)}/_all_docs`), `reading ${db}`);
	if ((docs.rows as { id: string }[]).some((r) => !r.id.startsWith('_design/'))) {
		throw new BackupRefused(`The database ${db} already holds records on this server. Nothing more was restored.`);
	}
	return true;
}

/** Every leaf revision of every document, with history and attachments. */
async function* documents(couchUrl: string, admin: AdminCredentials, db: string): AsyncGenerator<any> {
	const changes = await ok(
		couchRequest(couchUrl, admin, 'GET', `/${encodeURIComponent(db)}/_changes?style=all_docs`),
		`reading the changes of ${db}`
	);
	const wanted: { id: string; rev: string }[] = [];
	for (const c of changes.results as { id: string; changes: { rev: string }[] }[]) {
		if (db === '_users' && c.id.startsWith('_design/')) continue; // the server's own
		for (const { rev } of c.changes) wanted.push({ id: c.id, rev });
	}
	for (let i = 0; i < wanted.length; i += BATCH) {
		const body = await ok(
			couchRequest(couchUrl, admin, 'POST', `/${encodeURIComponent(db)}/_bulk_get?revs=true&attachments=true`, {
				docs: wanted.slice(i, i + BATCH)
			}),
			`reading documents of ${db}`
		);
		for (const result of body.results as { docs: { ok?: any; error?: any }[] }[]) {
			for (const d of result.docs) {
				// A revision compacted away between the two reads: its successor is read next time.
				if (d.ok) yield d.ok;
			}
		}
	}
}

/** Makes a backup of every organisation, the accounts and the security objects; returns the file's bytes. */
export async function createBackup(couchUrl: string, admin: AdminCredentials, now = new Date()): Promise<Buffer> {
	const lines: string[] = [];
	const counts: { name: string; documents: number }[] = [];
	const dbs = ['_users', ...(await databasesToBackUp(couchUrl, admin))];
	for (const db of dbs) {
		const security =
			db === '_users'
				? undefined
				: await ok(couchRequest(couchUrl, admin, 'GET', `/${db}/_security`), `reading the security of ${db}`);
		lines.push(JSON.stringify({ type: 'db', name: db, security } satisfies Line));
		let n = 0;
		for await (const doc of documents(couchUrl, admin, db)) {
			lines.push(JSON.stringify({ type: 'doc', db, doc } satisfies Line));
			n++;
		}
		counts.push({ name: db, documents: n });
	}
	const payload = Buffer.from(lines.join('\n') + '\n', 'utf8');
	const header: BackupHeader = {
		format: BACKUP_FORMAT,
		version: BACKUP_VERSION,
		createdAt: now.toISOString(),
		sha256: createHash('sha256').update(payload).digest('hex'),
		databases: counts
	};
	return gzipSync(Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), payload]));
}

/** Writes the backup and its `.sha256` beside it (atomically: a half-written file never has the final name). */
export function writeBackupFile(file: string, bytes: Buffer) {
	const digest = createHash('sha256').update(bytes).digest('hex');
	writeFileSync(file + '.part', bytes, { mode: 0o600 });
	renameSync(file + '.part', file);
	writeFileSync(file + '.sha256', `${digest}  ${path.basename(file)}\n`, { mode: 0o600 });
}

const DAMAGED = (file: string, why: string) =>
	new BackupRefused(
		`The backup file ${file} has been changed or damaged since it was made (${why}). Nothing was restored. Use another copy of the backup.`
	);

/** Reads and checks a backup file: its `.sha256` beside it (when there) and the checksum inside. */
export function readBackupFile(file: string): { header: BackupHeader; lines: Line[] } {
	if (!existsSync(file)) throw new BackupRefused(`There is no backup file at ${file}.`);
	const bytes = readFileSync(file);
	const beside = file + '.sha256';
	if (existsSync(beside)) {
		const expected = readFileSync(beside, 'utf8').trim().split(/\s+/)[0];
		if (expected !== createHash('sha256').update(bytes).digest('hex')) {
			throw DAMAGED(file, `its checksum does not match ${path.basename(beside)}`);
		}
	}
	let text: Buffer;
	try {
		text = gunzipSync(bytes);
	} catch {
		throw new BackupRefused(
			`${file} is not a Waymark backup or is damaged (it cannot be decompressed). Nothing was restored.`
		);
	}
	const nl = text.indexOf(0x0a);
	let header: BackupHeader;
	try {
		header = JSON.parse(text.subarray(0, nl).toString('utf8')) as BackupHeader;
	} catch {
		throw new BackupRefused(`${file} is not a Waymark backup (it has no backup header). Nothing was restored.`);
	}
	if (header?.format !== BACKUP_FORMAT)
		throw new BackupRefused(`${file} is not a Waymark backup. Nothing was restored.`);
	if (header.version > BACKUP_VERSION) {
		throw new BackupRefused(
			`${file} was made by a newer Waymark (backup version ${header.version}): update Waymark first.`
		);
	}
	const payload = text.subarray(nl + 1);
	if (createHash('sha256').update(payload).digest('hex') !== header.sha256) {
		throw DAMAGED(file, 'the checksum inside it does not match its contents');
	}
	const lines = payload
		.toString('utf8')
		.split('\n')
		.filter(Boolean)
		.map((l) => JSON.parse(l) as Line);
	return { header, lines };
}

/**
 * Restores a checked backup onto a server with no organisations and no accounts (an empty data
 * folder): refuses otherwise, so a restore never mixes with, or overwrites, live data.
 */
export async function restoreBackup(
	couchUrl: string,
	admin: AdminCredentials,
	backup: { header: BackupHeader; lines: Line[] }
): Promise<{ databases: number; documents: number; accounts: number }> {
	const existing = await listOrganisationDbs(couchUrl, admin);
	await ensureUsersDb(couchUrl, admin);
	const users = await ok(couchRequest(couchUrl, admin, 'GET', '/_users/_all_docs'), 'reading the accounts');
	const accounts = (users.rows as { id: string }[]).filter((r) => !r.id.startsWith('_design/'));
	if (existing.length || accounts.length) {
		throw new BackupRefused(
			`A backup is restored onto an empty data folder only; this server already has ${existing.length} organisation(s) and ${accounts.length} account(s). Nothing was restored.`
		);
	}
	const byDb = new Map<string, { security?: unknown; docs: any[] }>();
	for (const line of backup.lines) {
		if (line.type === 'db') byDb.set(line.name, { security: line.security, docs: [] });
		else byDb.get(line.db)?.docs.push(line.doc);
	}
	let documents = 0;
	let accountCount = 0;
	for (const [db, { security, docs: all }] of byDb) {
		let docs = all;
		if (db !== '_users') {
			if (await createForRestore(couchUrl, admin, db)) docs = all.filter((d) => !String(d._id).startsWith('_design/'));
			// Security first: a new database on the embedded server is open until it is set.
			await ok(
				couchRequest(couchUrl, admin, 'PUT', `/${encodeURIComponent(db)}/_security`, security),
				`securing ${db}`
			);
		}
		// Live revisions before deletions (a merge tombstone is accepted only beside a live version),
		// the design document (validation) last: the restored records are what was accepted then.
		const order = (d: any) => (String(d._id).startsWith('_design/') ? 2 : d._deleted ? 1 : 0);
		const sorted = [...docs].sort((a, b) => order(a) - order(b));
		for (let i = 0; i < sorted.length; i += BATCH) {
			const r = await ok(
				couchRequest(couchUrl, admin, 'POST', `/${encodeURIComponent(db)}/_bulk_docs`, {
					docs: sorted.slice(i, i + BATCH),
					new_edits: false
				}),
				`restoring ${db}`
			);
			const failed = (r as { error?: string; id?: string; reason?: string }[]).filter((x) => x.error);
			if (failed.length)
				throw new Error(`restoring ${db}: ${failed[0]!.id} ${failed[0]!.error} ${failed[0]!.reason ?? ''}`);
		}
		if (db === '_users') accountCount = new Set(docs.map((d) => d._id)).size;
		else documents += docs.length;
	}
	return { databases: byDb.size - (byDb.has('_users') ? 1 : 0), documents, accounts: accountCount };
}
