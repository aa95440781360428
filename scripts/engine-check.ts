/**
 * npm run check:engines — the parts of Waymark that depend on the browser engine, tried in Firefox
 * (Gecko, driven over WebDriver BiDi) and WebKit (WebKitGTK's MiniBrowser over WebDriver), as Debian
 * packages them (`firefox-esr`, `webkit2gtk-driver`, plus `xvfb` for WebKit's window). Chromium is
 * covered by the end-to-end suite. Not part of `npm test`: a fresh machine has neither engine.
 *
 * For each engine: sign in, photograph a worksheet (a real JPEG through the file input: decoding,
 * orientation, WebP-or-JPEG encoding all differ by engine), save it offline-first, draw a red stroke
 * with pointer events, reload (IndexedDB), see the page reach the server, then stop the server and
 * read what the sync indicator says. Bounded: one server, one pupil, ~2 minutes an engine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ADMIN, freePort, log, prepareBuild, ROOT, startServer, type BenchServer } from '../bench/setup';
import { makeDoc } from '../tests/support/test-factories';

const PHOTO = path.join(ROOT, 'tests/fixtures/photos/worksheet.jpg');
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const LOGIN = { name: 'teacher1', password: 'waymark-demo-1' };
const PIN = '2468';

/** What the check needs from a driven browser; everything else runs as script in the page. */
interface Driver {
	goto(url: string): Promise<void>;
	/** Run `body` (a function body using `arguments`) in the page and return its JSON result. */
	run<T>(body: string, ...args: unknown[]): Promise<T>;
	upload(css: string, file: string): Promise<void>;
	close(): Promise<void>;
}

/** Page-side helpers, defined afresh in every script run (scripts do not share globals across drivers). */
const HELPERS = `
const byLabel = (text) => [...document.querySelectorAll('label')].find((l) => l.textContent.trim().startsWith(text));
const control = (text) => { const l = byLabel(text); return l && (l.control || l.querySelector('input,textarea,select')); };
const fill = (text, value) => {
	const el = control(text);
	if (!el) return false;
	const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
	Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
	el.dispatchEvent(new Event('input', { bubbles: true }));
	el.dispatchEvent(new Event('change', { bubbles: true }));
	return true;
};
const button = (name) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === name || b.getAttribute('aria-label') === name);
`;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
	const deadline = Date.now() + ms;
	let last: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

async function firefox(): Promise<Driver> {
	const { launch } = await import('puppeteer-core');
	const browser = await launch({
		browser: 'firefox',
		executablePath: '/usr/bin/firefox-esr',
		headless: true,
		args: ['--width=1080', '--height=810']
	});
	const page = await browser.newPage();
	await page.setViewport({ width: 1080, height: 810 });
	return {
		goto: async (url) => void (await page.goto(url)),
		run: (body, ...args) => page.evaluate(new Function(HELPERS + body) as (...a: unknown[]) => never, ...args),
		upload: async (css, file) => {
			const input = await page.$(css);
			if (!input) throw new Error(`no ${css}`);
			await (input as unknown as { uploadFile(f: string): Promise<void> }).uploadFile(file);
		},
		close: () => browser.close()
	};
}

async function webkit(): Promise<Driver> {
	const port = await freePort();
	const driver: ChildProcess = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], { stdio: 'ignore' });
	const base = `http://127.0.0.1:${port}`;
	const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
		const res = await fetch(`${base}${url}`, {
			method,
			headers: { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const json = (await res.json()) as { value: T & { error?: string; message?: string } };
		if (!res.ok) throw new Error(`${method} ${url}: ${json.value.error} ${json.value.message}`);
		return json.value;
	};
	await until('WebKitWebDriver', () => fetch(`${base}/status`).then((r) => r.ok), 20_000);
	const session = await call<{ sessionId: string }>('POST', '/session', {
		capabilities: {
			alwaysMatch: {
				browserName: 'MiniBrowser',
				'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] }
			}
		}
	});
	const s = `/session/${session.sessionId}`;
	await call('POST', `${s}/window/rect`, { width: 1080, height: 810 }).catch(() => undefined);
	return {
		goto: async (url) => void (await call('POST', `${s}/url`, { url })),
		run: (body, ...args) => call('POST', `${s}/execute/sync`, { script: HELPERS + body, args }),
		upload: async (css, file) => {
			const el = await call<Record<string, string>>('POST', `${s}/element`, { using: 'css selector', value: css });
			await call('POST', `${s}/element/${Object.values(el)[0]}/value`, { text: file });
		},
		close: async () => {
			await call('DELETE', s).catch(() => undefined);
			driver.kill();
		}
	};
}

interface Outcome {
	engine: string;
	steps: string[];
	ok: boolean;
	error?: string;
}

async function check(name: string, open: () => Promise<Driver>, buildDir: string): Promise<Outcome> {
	const steps: string[] = [];
	const step = (line: string) => {
		steps.push(line);
		log(`${name}: ${line}`);
	};
	let server: BenchServer | null = null;
	let browser: Driver | null = null;
	try {
		server = await startServer(buildDir, { seedDemo: true });
		const pupil = makeDoc('pupil', { givenName: 'Engine', familyName: `Check${name}` });
		const auth = 'Basic ' + Buffer.from(`${ADMIN.name}:${ADMIN.password}`).toString('base64');
		const db = `${server.couchUrl}/waymark-demo`;
		await fetch(`${db}/${encodeURIComponent(pupil._id)}`, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json', Authorization: auth },
			body: JSON.stringify(pupil)
		});
		browser = await open();
		const b = browser;
		await b.goto(`${server.url}/sign-in`);
		await until('the sign-in form', () => b.run<boolean>(`return !!control('User name');`));
		await b.run(
			`fill('User name', arguments[0]); fill('Password', arguments[1]); button('Sign in').click();`,
			LOGIN.name,
			LOGIN.password
		);
		await until('signed in', () => b.run<boolean>(`return !location.pathname.startsWith('/sign-in');`));
		const lock = await until(
			'the PIN prompt or the app',
			() =>
				b.run<string>(
					`return document.querySelector('[data-testid="tablet-lock"]') ? 'lock' : document.querySelector('[data-testid="sync-indicator"]') ? 'app' : '';`
				),
			20_000
		);
		if (lock === 'lock') {
			await b.run(
				`fill('New PIN', arguments[0]); fill('Type the PIN again', arguments[0]); button('Save PIN').click();`,
				PIN
			);
			await until('the PIN saved', () =>
				b.run<boolean>(`return !document.querySelector('[data-testid="tablet-lock"]');`)
			);
		}
		step('signed in');

		const title = `Worksheet in ${name}`;
		await b.goto(`${server.url}/pupils/${encodeURIComponent(pupil._id)}/work/new`);
		await until(
			'the new-work page',
			() => b.run<boolean>(`return !!control('Title of the photographed work');`),
			60_000
		).catch(async (error: unknown) => {
			const seen = await b.run<string>(`return location.href + ' :: ' + document.body.innerText.slice(0, 400);`);
			throw new Error(`${String(error)}; the page showed: ${seen}`);
		});
		await b.run(`fill('Title of the photographed work', arguments[0]);`, title);
		await b.upload('input[type=file]', PHOTO);
		const prepared = await until(
			'the page prepared',
			() =>
				b.run<string>(
					`const m = document.body.innerText.match(/Page 1 · (\\d+) KB/); const p = [...document.querySelectorAll('[role=alert]')].map((a) => a.textContent).join(' '); return m ? m[0] : p ? 'REFUSED ' + p : '';`
				),
			60_000
		);
		if (prepared.startsWith('REFUSED')) throw new Error(prepared);
		step(`photo prepared: ${prepared}`);
		await b.run(`button('Save 1 page').click();`);
		const shown = await until(
			'the saved page shown',
			() =>
				b.run<string>(
					`const img = [...document.images].find((i) => i.alt === arguments[0]); return img && img.complete && img.naturalWidth ? img.naturalWidth + '×' + img.naturalHeight + ' ' + img.src.slice(5, 15) : '';`,
					`Page 1 of ${title}`
				),
			60_000
		);
		step(`page stored and shown: ${shown}`);

		await b.run(`
			const c = document.querySelector('canvas[data-strokes]');
			const r = c.getBoundingClientRect();
			const fire = (type, x, y) => c.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerId: 5, pointerType: 'mouse', isPrimary: true, clientX: r.left + x, clientY: r.top + y, pressure: 0.5, buttons: 1 }));
			fire('pointerdown', 40, 40);
			for (let i = 1; i <= 12; i++) fire('pointermove', 40 + i * 15, 40 + i * 5);
			fire('pointerup', 220, 100);
		`);
		await until('the stroke drawn and saved', () =>
			b.run<boolean>(
				`const c = document.querySelector('canvas[data-strokes]'); return c && c.dataset.strokes === '1' && c.dataset.unsaved === '0';`
			)
		);
		step('red stroke drawn with pointer events');
		// A mark on the old page tells it apart from the reloaded one.
		await b.run(`window.__beforeReload = true; location.reload();`);
		await until(
			'the stroke after reload',
			() =>
				b.run<boolean>(
					`const c = document.querySelector('canvas[data-strokes]'); return !window.__beforeReload && !!c && c.dataset.strokes === '1';`
				),
			60_000
		);
		step('reloaded: page and stroke read back from IndexedDB');

		const onServer = await until(
			'the page and its ink on the server',
			async () => {
				const r = await fetch(`${db}/_all_docs?include_docs=true`, { headers: { Authorization: auth } });
				const rows = ((await r.json()) as { rows: { doc: { type?: string; pupilId?: string } }[] }).rows;
				const mine = rows.map((row) => row.doc).filter((d) => d.pupilId === pupil._id);
				const types = mine.map((d) => d.type).sort();
				return types.includes('workPhoto') && types.includes('inkLayer') ? types.join(', ') : null;
			},
			60_000
		);
		step(`synced to the server: ${onServer}`);
		const upToDate = await until(
			'"Up to date"',
			() =>
				b.run<string>(
					`const t = document.querySelector('[data-testid="sync-phase"]'); return t && t.textContent.trim() === 'Up to date' ? t.textContent.trim() : '';`
				),
			60_000
		);
		step(`indicator with the server up: "${upToDate}"`);

		await server.stop();
		server = null;
		const saying = await until(
			'the indicator to notice the server is gone',
			() =>
				b.run<string>(
					`const t = document.querySelector('[data-testid="sync-indicator"]'); const s = t ? t.innerText.replace(/\\s+/g, ' ').trim() : ''; return /up to date/i.test(s) ? '' : s;`
				),
			90_000
		);
		step(`indicator with the server stopped: "${saying}"`);
		if (!/Can't reach the office server|Not syncing|Offline/.test(saying))
			throw new Error(`the indicator said "${saying}"`);
		return { engine: name, steps, ok: true };
	} catch (error) {
		return { engine: name, steps, ok: false, error: error instanceof Error ? error.message : String(error) };
	} finally {
		await browser?.close().catch(() => undefined);
		await server?.stop().catch(() => undefined);
	}
}

async function main() {
	const engines: [string, () => Promise<Driver>, string][] = [
		['Firefox', firefox, '/usr/bin/firefox-esr'],
		['WebKit', webkit, '/usr/bin/WebKitWebDriver']
	];
	const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
	const present = engines.filter(([name, , bin]) => existsSync(bin) && (!only || only === name));
	if (!present.length) {
		console.log('Neither engine is installed: apt-get install firefox-esr webkit2gtk-driver xvfb');
		process.exit(1);
	}
	if (present.some(([n]) => n === 'WebKit') && spawnSync('which', ['xvfb-run']).status !== 0)
		console.log('WebKit needs a display: apt-get install xvfb');
	const { buildDir } = prepareBuild(process.argv.includes('--skip-build'));
	const outcomes: Outcome[] = [];
	for (const [name, open] of present) outcomes.push(await check(name, open, buildDir));
	console.log(JSON.stringify(outcomes, null, 2));
	process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
