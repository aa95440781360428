/**
 * What the benchmark needs before it measures: a build of the app (copied aside so another build
 * cannot change it mid-run), the raw engines bundle, a server of its own on a free loopback port
 * with a temporary DATA_DIR (as playwright.config.ts does), and Chromium with CPU throttling.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const ADMIN = { name: 'admin', password: 'bench-admin-password' };

/** Debian's Chromium with the flags from playwright.config.ts (no background traffic here). */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
export const CHROMIUM = process.env.WAYMARK_CHROMIUM ?? '/usr/bin/chromium';
/** A mid-range tablet, as the issue asks: 4× slower CPU than this machine. */
export const CPU_THROTTLE = 4;

export function log(line: string) {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** Build the app unless told not to, then copy build/ aside for this run. */
export function prepareBuild(skipBuild: boolean): { buildDir: string; buildLog: string } {
	let buildLog = '';
	if (!skipBuild || !existsSync(path.join(ROOT, 'build', 'index.html'))) {
		log('building the app (npm run build)…');
		const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', env: process.env });
		buildLog = `${r.stdout}\n${r.stderr}`;
		if (r.status !== 0) throw new Error(`npm run build failed:\n${buildLog.slice(-3000)}`);
	}
	const buildDir = mkdtempSync(path.join(tmpdir(), 'waymark-bench-build-'));
	cpSync(path.join(ROOT, 'build'), buildDir, { recursive: true });
	return { buildDir, buildLog };
}

/** PouchDB (same adapters as the app) and Dexie as one script to inject into a page. */
export async function buildRawEngines(): Promise<string> {
	const { build } = await import('vite');
	const outDir = mkdtempSync(path.join(tmpdir(), 'waymark-bench-raw-'));
	await build({
		configFile: false,
		logLevel: 'warn',
		root: ROOT,
		build: {
			lib: {
				entry: path.join(ROOT, 'bench/raw-engines.ts'),
				formats: ['iife'],
				name: 'WaymarkBenchRaw',
				fileName: () => 'raw-engines.js'
			},
			outDir,
			emptyOutDir: true,
			minify: true
		},
		define: { 'process.env.NODE_ENV': '"production"' }
	});
	const code = readFileSync(path.join(outDir, 'raw-engines.js'), 'utf8');
	rmSync(outDir, { recursive: true, force: true });
	return code;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const port = (s.address() as { port: number }).port;
			s.close(() => resolve(port));
		});
	});
}

export interface BenchServer {
	url: string;
	couchUrl: string;
	dataDir: string;
	/** The server's process id (its memory is read from /proc by bench:load). */
	pid: number;
	stop(): Promise<void>;
}

export interface ServerStartOptions {
	/** The server creates the demo organisation and its staff (as in development). */
	seedDemo?: boolean;
	/** Extra flags for the server's Node, after tsx (bench:load's `--profile`). */
	nodeArgs?: string[];
	/** Extra environment variables for the server. */
	env?: Record<string, string>;
}

export async function startServer(
	buildDir: string,
	{ seedDemo = false, nodeArgs = [], env = {} }: ServerStartOptions = {}
): Promise<BenchServer> {
	const port = await freePort();
	const dataDir = mkdtempSync(path.join(tmpdir(), 'waymark-bench-data-'));
	const child: ChildProcess = spawn(
		process.execPath,
		['--unhandled-rejections=warn', '--import', 'tsx', ...nodeArgs, 'server/main.ts'],
		{
			cwd: ROOT,
			env: {
				...process.env,
				PORT: String(port),
				HOST: '127.0.0.1',
				DATA_DIR: dataDir,
				BUILD_DIR: buildDir,
				WAYMARK_ADMIN_PASSWORD: ADMIN.password,
				WAYMARK_SEED_DEMO: seedDemo ? '1' : '0',
				...env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
		// It says it is running once the demo accounts exist: signing in earlier would count as
		// failed sign-ins and meet the server's throttle.
		if (/Waymark is running/.test(output)) break;
		if (Date.now() > deadline) throw new Error(`the server did not start in 60 s:\n${output}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		url,
		couchUrl: `${url}/couch`,
		dataDir,
		pid: child.pid!,
		async stop() {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				const [code, signal] = await new Promise<[number | null, string | null]>((r) =>
					child.once('exit', (c, sig) => r([c, sig]))
				);
				if (code !== 0) log(`the server exited with ${signal ?? code}: ${output.slice(-2000)}`);
			}
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

export function launchBrowser(): Promise<Browser> {
	return launchBrowserWith(CHROMIUM_ARGS);
}

/** With flags of one's own (bench:lighthouse adds a debugging port on loopback). */
export function launchBrowserWith(args: string[]): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, args });
}

/** A tablet whose storage survives closing the browser (for cold starts). */
export function launchTablet(userDataDir: string, baseURL: string): Promise<BrowserContext> {
	return chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		args: CHROMIUM_ARGS,
		baseURL,
		serviceWorkers: 'allow',
		// The raw Dexie put is injected as an inline script, which the app's Content-Security-Policy refuses.
		bypassCSP: true,
		viewport: { width: 1024, height: 768 }
	});
}

/** 4× slower CPU for this page (Chrome DevTools Protocol), as on a mid-range tablet. */
export async function throttle(context: BrowserContext, page: Page): Promise<void> {
	const cdp = await context.newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
}

export function tempDir(prefix: string): string {
	return mkdtempSync(path.join(tmpdir(), prefix));
}

/**
 * Runs `during` under the DevTools CPU profiler (sampling every 200 µs) and prints where the time
 * went: self time per function (top 30) and per script. "(idle)" is time the page waited (for
 * IndexedDB, the service worker, the network); "(program)" is the browser's own work (parsing,
 * style, layout are in it when not attributed to a script).
 */
export async function profiled<T>(
	context: BrowserContext,
	page: Page,
	what: string,
	during: () => Promise<T>
): Promise<T> {
	const cdp = await context.newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
	await cdp.send('Profiler.start');
	const result = await during();
	const { profile: p } = (await cdp.send('Profiler.stop')) as {
		profile: {
			nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
			samples: number[];
			timeDeltas: number[];
		};
	};
	const byId = new Map(p.nodes.map((n) => [n.id, n]));
	const self = new Map<string, number>();
	const byUrl = new Map<string, number>();
	let total = 0;
	p.samples.forEach((id, i) => {
		const n = byId.get(id)!;
		const dt = (p.timeDeltas[i] ?? 0) / 1000;
		total += dt;
		const url = n.callFrame.url.split('/').slice(-1)[0] || '(native)';
		const key = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber}`;
		self.set(key, (self.get(key) ?? 0) + dt);
		byUrl.set(url, (byUrl.get(url) ?? 0) + dt);
	});
	console.log(`\nprofiled ${what}: ${Math.round(total)} ms sampled; self time by function (ms):`);
	for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
		console.log(`${v.toFixed(0).padStart(6)}  ${k}`);
	console.log('self time by script (ms):');
	for (const [k, v] of [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 15))
		console.log(`${v.toFixed(0).padStart(6)}  ${k}`);
	await cdp.detach();
	return result;
}
