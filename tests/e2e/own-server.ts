import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOrganisation, createStaff } from '../../server/provision';

const ADMIN = { name: 'admin', password: 'own-server-admin' };

/**
 * A Waymark server of the test's own (the built app and the CouchDB API), as a separate process
 * on its own port and data folder, so the test can really stop it and start it again without
 * disturbing the server the other tests share. No demo data: `addStaff` makes an organisation.
 */
export class OwnServer {
	#child: ChildProcess | null = null;
	readonly url: string;

	private constructor(
		readonly port: number,
		readonly dataDir: string
	) {
		this.url = `http://127.0.0.1:${port}`;
	}

	static async start(): Promise<OwnServer> {
		const server = new OwnServer(await freePort(), mkdtempSync(path.join(tmpdir(), 'waymark-own-')));
		await server.restart();
		return server;
	}

	/** An organisation with one staff member; returns the sign-in. */
	async addStaff(org: string): Promise<{ name: string; password: string }> {
		const couchUrl = `${this.url}/couch`;
		await createOrganisation(couchUrl, ADMIN, { slug: org, name: 'Own Server Provision' });
		const staff = { name: `staff-${org}`, password: 'own-server-1', org, role: 'staff' as const };
		await createStaff(couchUrl, ADMIN, staff);
		return staff;
	}

	/** Documents of a type in the organisation's database, read as the office would. */
	async docs(org: string, type: string): Promise<Record<string, unknown>[]> {
		const res = await fetch(`${this.url}/couch/waymark-${org}/_all_docs?include_docs=true`, {
			headers: { Authorization: 'Basic ' + Buffer.from(`${ADMIN.name}:${ADMIN.password}`).toString('base64') }
		});
		const rows = ((await res.json()) as { rows: { doc: Record<string, unknown> }[] }).rows;
		return rows.map((r) => r.doc).filter((d) => d.type === type);
	}

	/** Write documents straight to the organisation's database, as the office would, to seed a scenario. */
	async put(org: string, docs: Record<string, unknown>[]): Promise<void> {
		const res = await fetch(`${this.url}/couch/waymark-${org}/_bulk_docs`, {
			method: 'POST',
			headers: {
				Authorization: 'Basic ' + Buffer.from(`${ADMIN.name}:${ADMIN.password}`).toString('base64'),
				'Content-Type': 'application/json'
			},
			body: JSON.stringify({ docs })
		});
		const results = (await res.json()) as { error?: string; id: string }[];
		const failed = results.filter((r) => r.error);
		if (!res.ok || failed.length)
			throw new Error(`seeding failed: ${res.status} ${JSON.stringify(failed.slice(0, 3))}`);
	}

	async restart(): Promise<void> {
		this.#child = spawn(process.execPath, ['--unhandled-rejections=warn', '--import', 'tsx', 'server/main.ts'], {
			env: {
				...process.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				DATA_DIR: this.dataDir,
				WAYMARK_ADMIN_PASSWORD: ADMIN.password,
				WAYMARK_SEED_DEMO: '0',
				WAYMARK_BACKUP: '0'
			},
			stdio: 'ignore'
		});
		const deadline = Date.now() + 60_000;
		while (!(await fetch(`${this.url}/couch/`).catch(() => null))?.ok) {
			if (Date.now() > deadline) throw new Error('own server did not start');
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	/** The process is killed outright, as a crash or a pulled plug would stop it. */
	async kill(): Promise<void> {
		const child = this.#child;
		if (!child || child.exitCode !== null) return;
		await new Promise<void>((resolve) => {
			child.once('exit', () => resolve());
			child.kill('SIGKILL');
		});
	}

	async stop(): Promise<void> {
		await this.kill();
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const probe = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}
