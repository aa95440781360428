/**
 * Bytes on the wire (issue 16.6): the CouchDB API's JSON is compressed when the tablet asks for it,
 * in embedded and proxy modes; a live changes feed still delivers its heartbeat at once; the
 * app's files are sent from their precompressed copies.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app';
import { DEMO_DB, TEACHER1, startTestServer, type TestServer } from './harness';

let srv: TestServer;
let buildDir: string;
const APP_JS = `export const greeting = ${JSON.stringify('Waymark '.repeat(400))};\n`;
const auth = 'Basic ' + Buffer.from(`${TEACHER1.name}:${TEACHER1.password}`).toString('base64');

interface RawReply {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

/** A GET with exactly these headers (fetch would add and undo its own Accept-Encoding). */
function rawGet(url: string, headers: Record<string, string>): Promise<RawReply> {
	return new Promise((resolve, reject) => {
		http
			.get(url, { headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
			})
			.on('error', reject);
	});
}

function decode(reply: RawReply): string {
	const encoding = reply.headers['content-encoding'];
	if (encoding === 'br') return brotliDecompressSync(reply.body).toString('utf8');
	if (encoding === 'gzip') return gunzipSync(reply.body).toString('utf8');
	return reply.body.toString('utf8');
}

beforeAll(async () => {
	// A stand-in build: the app's files with the brotli and gzip copies the build writes beside them.
	buildDir = mkdtempSync(path.join(tmpdir(), 'waymark-build-'));
	mkdirSync(path.join(buildDir, '_app/immutable/entry'), { recursive: true });
	const files = {
		'index.html': `<!doctype html><title>Waymark</title>${'<p>Waymark</p>'.repeat(200)}`,
		'_app/immutable/entry/app.js': APP_JS
	};
	for (const [name, text] of Object.entries(files)) {
		writeFileSync(path.join(buildDir, name), text);
		writeFileSync(path.join(buildDir, `${name}.br`), brotliCompressSync(text));
		writeFileSync(path.join(buildDir, `${name}.gz`), gzipSync(text));
	}
	srv = await startTestServer({ buildDir });
});

afterAll(async () => {
	await srv.close();
	rmSync(buildDir, { recursive: true, force: true });
});

describe('compressed replies', () => {
	it('compresses the API’s JSON with brotli or gzip when asked, and not when not', async () => {
		const url = `${srv.couchUrl}/${DEMO_DB}/_all_docs?include_docs=true`;
		const plain = await rawGet(url, { Authorization: auth, Accept: 'application/json' });
		expect(plain.status).toBe(200);
		expect(plain.headers['content-encoding']).toBeUndefined();
		const rows = (JSON.parse(plain.body.toString('utf8')) as { rows: unknown[] }).rows;
		expect(rows.length).toBeGreaterThan(10);

		for (const encoding of ['br', 'gzip']) {
			const packed = await rawGet(url, {
				Authorization: auth,
				Accept: 'application/json',
				'Accept-Encoding': encoding
			});
			expect(packed.headers['content-encoding']).toBe(encoding);
			expect(packed.headers.vary).toMatch(/Accept-Encoding/i);
			expect(JSON.parse(decode(packed))).toEqual(JSON.parse(plain.body.toString('utf8')));
			expect(packed.body.length).toBeLessThan(plain.body.length / 3);
		}
	});

	it('compresses `_bulk_get` (a first sync’s pages) and still sends a live feed’s heartbeat at once', async () => {
		const ids = (
			JSON.parse(
				(await rawGet(`${srv.couchUrl}/${DEMO_DB}/_all_docs?limit=20`, { Authorization: auth })).body.toString('utf8')
			) as { rows: { id: string }[] }
		).rows.map((r) => ({ id: r.id }));
		const res = await fetch(`${srv.couchUrl}/${DEMO_DB}/_bulk_get?revs=true`, {
			method: 'POST',
			headers: { Authorization: auth, 'Content-Type': 'application/json', 'Accept-Encoding': 'br' },
			body: JSON.stringify({ docs: ids })
		});
		expect(res.headers.get('content-encoding')).toBe('br');
		expect(((await res.json()) as { results: unknown[] }).results).toHaveLength(ids.length);

		// Long-poll from now with a 200 ms heartbeat, gzip accepted: bytes arrive while it waits.
		const info = JSON.parse(
			(await rawGet(`${srv.couchUrl}/${DEMO_DB}`, { Authorization: auth })).body.toString('utf8')
		) as {
			update_seq: number | string;
		};
		let encoding: string | undefined;
		const firstBytesAfter = await new Promise<number>((resolve, reject) => {
			const started = Date.now();
			const req = http.get(
				`${srv.couchUrl}/${DEMO_DB}/_changes?feed=longpoll&since=${encodeURIComponent(String(info.update_seq))}&heartbeat=200`,
				{ headers: { Authorization: auth, 'Accept-Encoding': 'gzip' } },
				(reply) => {
					encoding = reply.headers['content-encoding'];
					// Readable text, not just the gzip header: what the tablet's parser sees.
					reply.pipe(createGunzip()).once('data', () => {
						resolve(Date.now() - started);
						req.destroy();
					});
				}
			);
			req.on('error', (e) =>
				e.message.includes('aborted') || e.message.includes('socket hang up') ? null : reject(e)
			);
			setTimeout(() => reject(new Error('no heartbeat within 5 s')), 5_000);
		});
		expect(encoding).toBe('gzip');
		expect(firstBytesAfter).toBeLessThan(3_000);
	});

	it('compresses the same replies in front of a real CouchDB (proxy mode)', async () => {
		const dataDir = mkdtempSync(path.join(tmpdir(), 'waymark-proxy-'));
		let front: RunningServer | undefined;
		try {
			front = await startServer({
				port: 0,
				dataDir,
				buildDir,
				couchdbUrl: srv.couchUrl,
				adminPassword: srv.admin.password,
				seedDemo: false,
				quiet: true
			});
			const url = `/${DEMO_DB}/_all_docs?include_docs=true`;
			const direct = await rawGet(srv.couchUrl + url, { Authorization: auth });
			const packed = await rawGet(front.couchUrl + url, { Authorization: auth, 'Accept-Encoding': 'br' });
			expect(packed.status).toBe(200);
			expect(packed.headers['content-encoding']).toBe('br');
			expect(JSON.parse(decode(packed))).toEqual(JSON.parse(direct.body.toString('utf8')));
		} finally {
			await front?.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	});

	it('sends the app’s files from their precompressed copies, with the type of the file they stand for', async () => {
		const js = await rawGet(`${srv.url}/_app/immutable/entry/app.js`, { 'Accept-Encoding': 'gzip, deflate, br' });
		expect(js.status).toBe(200);
		expect(js.headers['content-encoding']).toBe('br');
		expect(js.headers['content-type']).toMatch(/javascript/);
		expect(js.headers['cache-control']).toContain('immutable');
		expect(decode(js)).toBe(APP_JS);

		const gz = await rawGet(`${srv.url}/_app/immutable/entry/app.js`, { 'Accept-Encoding': 'gzip' });
		expect(gz.headers['content-encoding']).toBe('gzip');
		expect(decode(gz)).toBe(APP_JS);

		const none = await rawGet(`${srv.url}/_app/immutable/entry/app.js`, {});
		expect(none.headers['content-encoding']).toBeUndefined();
		expect(none.body.toString('utf8')).toBe(APP_JS);

		// An app route is the page itself, compressed too, and never cached.
		const page = await rawGet(`${srv.url}/pupils`, { 'Accept-Encoding': 'br' });
		expect(page.status).toBe(200);
		expect(page.headers['content-encoding']).toBe('br');
		expect(page.headers['content-type']).toMatch(/text\/html/);
		expect(page.headers['cache-control']).toBe('no-cache');
		expect(decode(page)).toContain('<title>Waymark</title>');
	});
});
