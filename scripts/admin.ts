/**
 * Organisations and staff accounts from the command line.
 *
 *   npm run admin -- create-org <slug> "<name>"
 *   npm run admin -- create-user <org> <name> <staff|visitor> [--password <pw>] [--full-name "<name>"]
 *   npm run admin -- list-orgs
 *   npm run admin -- end-sessions <user>     (a lost tablet: every session of that user ends)
 *
 * Talks to COUCHDB_URL (a real CouchDB 3, with COUCHDB_ADMIN_USER / COUCHDB_ADMIN_PASSWORD) or to
 * the embedded server at WAYMARK_URL (default http://127.0.0.1:8080/couch, or PORT), whose admin
 * password comes from WAYMARK_ADMIN_PASSWORD or <DATA_DIR>/admin-password.txt.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createOrganisation, createStaff, listOrganisationDbs, type AdminCredentials } from '../server/provision';

const USAGE = `Usage:
  npm run admin -- create-org <slug> "<name>"
  npm run admin -- create-user <org> <name> <staff|visitor> [--password <password>] [--full-name "<full name>"]
  npm run admin -- list-orgs
  npm run admin -- end-sessions <user>

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
		if (!org || !name || (role !== 'staff' && role !== 'visitor' && role !== 'dsl')) {
			throw new Error('create-user needs <org> <name> <staff|dsl|visitor>, e.g. create-user riverside jsmith staff');
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
		const waymark = (process.env.WAYMARK_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}/couch`).replace(
			/\/+$/,
			''
		);
		const r = await fetch(`${waymark}/_waymark/end-sessions`, {
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
