/**
 * Organisations and staff accounts from the command line.
 *
 *   npm run admin -- create-org <slug> "<name>"
 *   npm run admin -- create-user <org> <name> <staff|visitor> [--password <pw>] [--full-name "<name>"]
 *   npm run admin -- list-orgs
 *   npm run admin -- end-sessions <user>     (a lost tablet: every session of that user ends)
 *   npm run admin -- backup <file>           (every organisation, the accounts, security; gzip + SHA-256)
 *   npm run admin -- restore <file>          (onto an empty DATA_DIR; the server must not be running)
 *   npm run admin -- status                  (the nightly backups: how many, how old)
 *   npm run admin -- list-devices            (tablets: id, who signed in last, when, retired/wiped)
 *   npm run admin -- revoke-device <id>      (retire a lost or handed-back tablet: it wipes itself)
 *   npm run admin -- reset-2fa <user>        (a lost phone: the account enrols its authenticator again)
 *   npm run admin -- require-2fa <org> on|off (classroom staff of the organisation need a code too)
 *
 * Talks to COUCHDB_URL (a real CouchDB 3, with COUCHDB_ADMIN_USER / COUCHDB_ADMIN_PASSWORD) or to
 * the embedded server at WAYMARK_URL (default http://127.0.0.1:8080/couch, or PORT), whose admin
 * password comes from WAYMARK_ADMIN_PASSWORD or <DATA_DIR>/admin-password.txt.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { startServer } from '../server/app';
import type { DeviceRecord } from '../server/devices';
import { BackupRefused, createBackup, readBackupFile, restoreBackup, writeBackupFile } from '../server/backup';
import { createOrganisation, createStaff, listOrganisationDbs, type AdminCredentials } from '../server/provision';

const USAGE = `Usage:
  npm run admin -- create-org <slug> "<name>"
  npm run admin -- create-user <org> <name> <staff|visitor> [--password <password>] [--full-name "<full name>"]
  npm run admin -- list-orgs
  npm run admin -- end-sessions <user>
  npm run admin -- backup <file>
  npm run admin -- restore <file>      (onto an empty \${DATA_DIR:-./data}, with the server stopped)
  npm run admin -- status
  npm run admin -- list-devices
  npm run admin -- revoke-device <id>
  npm run admin -- reset-2fa <user>
  npm run admin -- require-2fa <org> on|off

end-sessions talks to the Waymark server (WAYMARK_URL, default http://127.0.0.1:\${PORT:-8080}/couch)
in both modes. Server: COUCHDB_URL (+ COUCHDB_ADMIN_USER, COUCHDB_ADMIN_PASSWORD) for a real CouchDB,
otherwise the embedded server at WAYMARK_URL (default http://127.0.0.1:\${PORT:-8080}/couch)
with the admin password from WAYMARK_ADMIN_PASSWORD or \${DATA_DIR:-./data}/admin-password.txt.`;

function target(): { couchUrl: string; admin: AdminCredentials } {
	if (process.env.COUCHDB_URL) {
		const password = process.env.COUCHDB_ADMIN_PASSWORD;
		if (!password)
			throw new Error('COUCHDB_URL is set: set COUCHDB_ADMIN_PASSWORD (and COUCHDB_ADMIN_USER if not "admin") too.');
		return {
			couchUrl: process.env.COUCHDB_URL.replace(/\/+$/, ''),
			admin: { name: process.env.COUCHDB_ADMIN_USER ?? 'admin', password }
		};
	}
	const couchUrl = (process.env.WAYMARK_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}/couch`).replace(
		/\/+$/,
		''
	);
	let password = process.env.WAYMARK_ADMIN_PASSWORD;
	if (!password) {
		const file = path.resolve(process.env.DATA_DIR ?? 'data', 'admin-password.txt');
		if (!existsSync(file)) {
			throw new Error(
				`No admin password: ${file} does not exist (start the server once with npm start) and WAYMARK_ADMIN_PASSWORD is not set.`
			);
		}
		password = readFileSync(file, 'utf8').trim();
	}
	return { couchUrl, admin: { name: 'admin', password } };
}

/** Waymark's own server (also in front of a real CouchDB): its `/_waymark/…` routes. */
function waymarkUrl(): string {
	return (process.env.WAYMARK_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}/couch`).replace(/\/+$/, '');
}

/** One JSON request to Waymark's own routes as the server admin; throws with the server's reason. */
async function waymarkRequest(method: string, route: string, json?: unknown): Promise<unknown> {
	const { admin } = target();
	const r = await fetch(`${waymarkUrl()}${route}`, {
		method,
		headers: {
			Authorization: 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64'),
			...(json === undefined ? {} : { 'Content-Type': 'application/json' })
		},
		body: json === undefined ? undefined : JSON.stringify(json)
	});
	const body = (await r.json().catch(() => ({}))) as { reason?: string };
	if (!r.ok) throw new Error(body.reason ?? `The server answered HTTP ${r.status}.`);
	return body;
}

/** The backup lines of `status`, in words. */
export function describeBackups(b: Record<string, unknown>): string {
	if (typeof b.note === 'string') return b.note;
	const s = b as {
		dir: string;
		keep: number;
		count: number;
		newest: { file: string; ageHours: number } | null;
		lastError: string | null;
		nextRunAt: string | null;
	};
	const lines = [`Backups in ${s.dir}: ${s.count} (the newest ${s.keep} are kept).`];
	lines.push(s.newest ? `Newest: ${s.newest.file}, ${s.newest.ageHours} hours old.` : 'No backup has been made yet.');
	if (s.nextRunAt) lines.push(`Next backup: ${new Date(s.nextRunAt).toLocaleString()}.`);
	if (s.lastError) lines.push(`The last backup FAILED: ${s.lastError}`);
	return lines.join('\n');
}

/**
 * Restores onto an empty data folder: starts the embedded server on it (not listening beyond
 * loopback, any free port), restores, stops. A data folder with databases in it is refused.
 */
async function restore(file: string | undefined): Promise<number> {
	if (!file) throw new Error('restore needs the backup file, e.g. restore waymark-20261130-020000.backup.gz');
	if (process.env.COUCHDB_URL)
		throw new Error('restore is for the embedded server; a real CouchDB is restored with its own tools.');
	const backup = readBackupFile(path.resolve(file)); // refuses a damaged or changed file before anything is touched
	const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
	const dbs = path.join(dataDir, 'dbs');
	if (existsSync(dbs) && readdirSync(dbs).length) {
		throw new BackupRefused(
			`${dataDir} already holds databases. Restore goes onto an empty data folder: stop Waymark, move ${dataDir} aside (keep it until the restore is checked) and run restore again.`
		);
	}
	const buildDir = mkdtempSync(path.join(tmpdir(), 'waymark-restore-'));
	const server = await startServer({
		port: 0,
		host: '127.0.0.1',
		dataDir,
		buildDir,
		seedDemo: false,
		quiet: true
	});
	try {
		const r = await restoreBackup(server.couchUrl, server.admin, backup);
		console.log(
			`Restored ${r.databases} database(s), ${r.documents} document versions and ${r.accounts} account(s) from ${file} (made ${backup.header.createdAt}) into ${dataDir}. Start Waymark with npm start; staff sign in again on each tablet and their tablets send anything the backup did not have.`
		);
	} finally {
		await server.close();
		rmSync(buildDir, { recursive: true, force: true });
	}
	return 0;
}

function option(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	if (i === -1) return undefined;
	const value = args[i + 1];
	if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value.`);
	args.splice(i, 2);
	return value;
}

export async function main(argv: string[]): Promise<number> {
	const args = [...argv];
	const command = args.shift();
	if (!command || command === 'help' || command === '--help' || command === '-h') {
		console.log(USAGE);
		return command ? 0 : 2;
	}
	if (command === 'create-org') {
		const [slug, ...nameParts] = args;
		const name = nameParts.join(' ').trim();
		if (!slug || !name)
			throw new Error('create-org needs a slug and a name, e.g. create-org riverside "Riverside Learning Centre"');
		const { couchUrl, admin } = target();
		const r = await createOrganisation(couchUrl, admin, { slug, name });
		console.log(`${r.created ? 'Created' : 'Updated'} organisation "${name}" (database ${r.db}).`);
		return 0;
	}
	if (command === 'create-user') {
		const password = option(args, '--password');
		const fullName = option(args, '--full-name');
		const [org, name, role] = args;
		if (!org || !name || (role !== 'staff' && role !== 'visitor' && role !== 'dsl' && role !== 'admin')) {
			throw new Error(
				'create-user needs <org> <name> <staff|dsl|visitor|admin>, e.g. create-user riverside jsmith staff (admin: the head of centre, who arranges visits)'
			);
		}
		const { couchUrl, admin } = target();
		const pw = password ?? randomBytes(9).toString('base64url');
		const r = await createStaff(couchUrl, admin, { org, name, role, password: pw, fullName });
		console.log(
			`${r.created ? 'Created' : 'Updated'} ${name} as ${role} of ${org}` + (password ? '.' : `; password: ${pw}`)
		);
		return 0;
	}
	if (command === 'list-orgs') {
		const { couchUrl, admin } = target();
		for (const db of await listOrganisationDbs(couchUrl, admin)) console.log(db.replace(/^waymark-/, ''));
		return 0;
	}
	if (command === 'end-sessions') {
		const [name] = args;
		if (!name) throw new Error('end-sessions needs the user name, e.g. end-sessions jsmith');
		const { admin } = target();
		// Waymark's own server keeps the ended sessions, also in front of a real CouchDB.
		const r = await fetch(`${waymarkUrl()}/_waymark/end-sessions`, {
			method: 'POST',
			headers: {
				Authorization: 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64'),
				'Content-Type': 'application/json'
			},
			body: JSON.stringify({ name })
		});
		const body = (await r.json().catch(() => ({}))) as { reason?: string };
		if (!r.ok) throw new Error(`Could not end the sessions of ${name}: ${body.reason ?? `HTTP ${r.status}`}`);
		console.log(`Ended every session of ${name}: each tablet signed in as ${name} must sign in again to sync.`);
		return 0;
	}
	if (command === 'backup') {
		const [file] = args;
		if (!file) throw new Error('backup needs a file name, e.g. backup waymark-2026-11-30.backup.gz');
		const { couchUrl, admin } = target();
		const bytes = await createBackup(couchUrl, admin);
		writeBackupFile(path.resolve(file), bytes);
		const { header } = readBackupFile(path.resolve(file));
		const dbs = header.databases.filter((d) => d.name !== '_users');
		const orgs = dbs.filter((d) => d.name.startsWith('waymark-'));
		const docs = dbs.reduce((n, d) => n + d.documents, 0);
		console.log(
			`Backed up ${orgs.length} organisation(s) in ${dbs.length} database(s) (${docs} document versions) and ${header.databases.find((d) => d.name === '_users')?.documents ?? 0} account(s) to ${file} (checksum in ${file}.sha256).`
		);
		return 0;
	}
	if (command === 'restore') return restore(args[0]);
	if (command === 'reset-2fa') {
		const [name] = args;
		if (!name) throw new Error('reset-2fa needs the user name, e.g. reset-2fa jsmith');
		await waymarkRequest('POST', '/_waymark/second-factor/reset', { name });
		console.log(
			`${name} sets up an authenticator app again at their next sign-in (their recovery codes no longer work).`
		);
		return 0;
	}
	if (command === 'require-2fa') {
		const [org, onOff] = args;
		if (!org || (onOff !== 'on' && onOff !== 'off'))
			throw new Error('require-2fa needs <org> on|off, e.g. require-2fa riverside on');
		await waymarkRequest('POST', '/_waymark/second-factor/require', { org, staff: onOff === 'on' });
		console.log(
			onOff === 'on'
				? `Classroom staff of ${org} now need a code from an authenticator app at sign-in (admins and DSLs always do).`
				: `Classroom staff of ${org} sign in with their password alone again (admins and DSLs still need a code).`
		);
		return 0;
	}
	if (command === 'list-devices') {
		const body = (await waymarkRequest('GET', '/_waymark/devices')) as { devices: DeviceRecord[] };
		if (!body.devices.length) console.log('No tablet has signed in yet.');
		for (const d of body.devices) {
			const state = d.wipedAt
				? `retired, wiped ${d.wipedAt}`
				: d.revokedAt
					? `retired ${d.revokedAt}, not yet wiped`
					: 'in use';
			console.log(`${d.id}  ${d.user}  last seen ${d.lastSeen}  ${state}  ${d.label}`);
		}
		return 0;
	}
	if (command === 'revoke-device') {
		const [id] = args;
		if (!id) throw new Error('revoke-device needs the tablet id from list-devices, e.g. revoke-device 5f0c…');
		const body = (await waymarkRequest('POST', '/_waymark/devices/revoke', { device: id })) as { device: DeviceRecord };
		console.log(
			`Retired tablet ${id} (last used by ${body.device.user}). When it next connects it sends what it has not sent and removes every Waymark record. If it was lost, also run: npm run admin -- end-sessions ${body.device.user}`
		);
		return 0;
	}
	if (command === 'status') {
		const { admin } = target();
		const r = await fetch(`${waymarkUrl()}/_waymark/status`, {
			headers: { Authorization: 'Basic ' + Buffer.from(`${admin.name}:${admin.password}`).toString('base64') }
		});
		const body = (await r.json().catch(() => ({}))) as { reason?: string; backups?: Record<string, unknown> };
		if (!r.ok) throw new Error(`Could not read the server status: ${body.reason ?? `HTTP ${r.status}`}`);
		console.log(describeBackups(body.backups ?? {}));
		return 0;
	}
	throw new Error(`Unknown command "${command}".\n\n${USAGE}`);
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(e: Error) => {
			const cause = (e as { cause?: { code?: string } }).cause;
			if (cause?.code === 'ECONNREFUSED') {
				console.error('Cannot reach the server. Is it running (npm run serve)? Or set COUCHDB_URL / WAYMARK_URL.');
			} else {
				console.error(e.message);
			}
			process.exit(1);
		}
	);
}
