/**
 * `npm run seed:large`: write a realistic year of a 150-pupil provision (about 60,000 documents,
 * scripts/large-dataset.ts) into an organisation of its own on a running server, through the
 * CouchDB API (`_bulk_docs` as a staff member, so the server's validation runs on every one).
 *
 *   npm run seed:large -- [--org bench] [--seed waymark-large-v1] [--pupils 150] [--end 2026-11-20] [--years 1]
 *
 * `--years 5` writes five school years (about 5 × 60,000 documents) ending on `--end`.
 *
 * Server and admin password as for `npm run admin` (WAYMARK_URL or PORT, WAYMARK_ADMIN_PASSWORD
 * or <DATA_DIR>/admin-password.txt; or COUCHDB_URL + COUCHDB_ADMIN_PASSWORD). Creates the
 * organisation and the staff login `bench-teacher` (password BENCH_PASSWORD below: invented
 * benchmark data only). Safe to run again: documents already there are left as they are.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createOrganisation, createStaff, orgDbName, type AdminCredentials } from '../server/provision';
import { DEFAULT_STAFF, generateYears, type LargeDatasetOptions } from './large-dataset';

export const BENCH_ORG = { slug: 'bench', name: 'Benchmark Learning Centre' };
export const BENCH_LOGIN = { name: DEFAULT_STAFF[0]!, password: 'bench-password-1' };
const BATCH = 1000;

export interface SeedLargeResult {
	db: string;
	written: number;
	alreadyThere: number;
	counts: Record<string, number>;
	ms: number;
}

export async function seedLarge(
	couchUrl: string,
	admin: AdminCredentials,
	opts: LargeDatasetOptions & { years?: number; org?: string; log?: (line: string) => void } = {}
): Promise<SeedLargeResult> {
	const started = performance.now();
	const slug = opts.org ?? BENCH_ORG.slug;
	const org = { slug, name: slug === BENCH_ORG.slug ? BENCH_ORG.name : `Benchmark ${slug}` };
	const { docs, counts } = generateYears(opts);
	const db = orgDbName(slug);
	await createOrganisation(couchUrl, admin, org);
	await createStaff(couchUrl, admin, { ...BENCH_LOGIN, org: slug, role: 'staff', fullName: 'Benchmark Teacher' });
	const auth = 'Basic ' + Buffer.from(`${BENCH_LOGIN.name}:${BENCH_LOGIN.password}`).toString('base64');
	let written = 0;
	let alreadyThere = 0;
	for (let i = 0; i < docs.length; i += BATCH) {
		const batch = docs.slice(i, i + BATCH);
		const res = await fetch(`${couchUrl.replace(/\/+$/, '')}/${db}/_bulk_docs`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: auth },
			body: JSON.stringify({ docs: batch }),
			signal: AbortSignal.timeout(120_000)
		});
		const body = (await res.json()) as { id: string; ok?: boolean; error?: string; reason?: string }[];
		if (res.status !== 201 || !Array.isArray(body))
			throw new Error(`writing ${db}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
		for (const r of body) {
			if (r.ok) written++;
			else if (r.error === 'conflict')
				alreadyThere++; // same seed, same id: written by an earlier run
			else throw new Error(`writing ${db}: ${r.id} refused: ${r.reason ?? r.error}`);
		}
		opts.log?.(`  ${Math.min(i + BATCH, docs.length)} / ${docs.length}`);
	}
	return { db, written, alreadyThere, counts, ms: Math.round(performance.now() - started) };
}

/** Where the running server is, as `npm run admin` finds it. */
export function serverFromEnv(): { couchUrl: string; admin: AdminCredentials } {
	if (process.env.COUCHDB_URL) {
		const password = process.env.COUCHDB_ADMIN_PASSWORD;
		if (!password) throw new Error('COUCHDB_URL is set: set COUCHDB_ADMIN_PASSWORD too.');
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
		if (!existsSync(file))
			throw new Error(
				`No admin password: ${file} does not exist (start the server once with npm start) and WAYMARK_ADMIN_PASSWORD is not set.`
			);
		password = readFileSync(file, 'utf8').trim();
	}
	return { couchUrl, admin: { name: 'admin', password } };
}

function option(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	return i === -1 ? undefined : args[i + 1];
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
	const args = process.argv.slice(2);
	const pupils = option(args, '--pupils');
	const years = option(args, '--years');
	const { couchUrl, admin } = serverFromEnv();
	seedLarge(couchUrl, admin, {
		org: option(args, '--org'),
		seed: option(args, '--seed'),
		pupils: pupils ? Number(pupils) : undefined,
		years: years ? Number(years) : undefined,
		endDate: option(args, '--end'),
		log: (line) => console.log(line)
	}).then(
		(r) => {
			const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
			console.log(
				`${r.db}: ${total} documents (${r.written} written, ${r.alreadyThere} already there) in ${(r.ms / 1000).toFixed(1)} s`
			);
			for (const [type, n] of Object.entries(r.counts)) console.log(`  ${type.padEnd(16)} ${n}`);
			console.log(`Sign in as ${BENCH_LOGIN.name} / ${BENCH_LOGIN.password} to see it.`);
		},
		(e: Error) => {
			const cause = (e as { cause?: { code?: string } }).cause;
			console.error(
				cause?.code === 'ECONNREFUSED'
					? 'Cannot reach the server. Is it running (npm run serve)? Or set WAYMARK_URL / PORT.'
					: e.message
			);
			process.exit(1);
		}
	);
}
