/**
 * The embedded server answers a one-shot `_changes` page and a `_bulk_get` whole, in memory:
 * PouchDB's leveldb changes feed keeps every row's revision tree until the page is sent, and a
 * `_bulk_get` builds all its documents before the first byte goes out. Thirty tablets starting
 * their first sync together asked for thirty such answers at once and took the server over
 * 600 MB, on a machine whose one thread answers them one after another anyway. So at most two
 * run at a time; the others wait their turn (first come, first served). Live sync is never held:
 * its long-poll `_changes` waits for news, not for memory, and its `_bulk_get`s are small. A real CouchDB (proxy mode)
 * streams these answers and is not gated.
 */
import type { Request, RequestHandler } from 'express';

/**
 * Heavy reads the embedded server works on at once: more only adds memory on a one-thread server
 * (bench:load's 30 first syncs at once, measured in docs/performance.md: 1 is slow, 4 no better than none).
 */
export const HEAVY_READS_AT_ONCE = 2;

/** Revisions asked for above which a read is heavy (a first sync's pages and batches; live sync asks far fewer). */
export const HEAVY_READ_ROWS = 1000;
/** A `_bulk_get` body this long asks for a few hundred revisions (an id and a revision are ~90 bytes). */
const HEAVY_BULK_GET_BYTES = 32 * 1024;

/** A one-shot changes page or a `_bulk_get`, large: the answers built whole in memory. */
export function isHeavyRead(req: Pick<Request, 'method' | 'path' | 'query' | 'headers'>): boolean {
	if (req.method === 'POST' && req.path.endsWith('/_bulk_get'))
		return Number(req.headers['content-length'] ?? Infinity) >= HEAVY_BULK_GET_BYTES;
	if (req.method !== 'GET' || !req.path.endsWith('/_changes')) return false;
	const { feed, limit } = req.query;
	if (feed !== undefined && feed !== 'normal') return false;
	return limit === undefined || Number(limit) >= HEAVY_READ_ROWS;
}

/** Runs at most `limit` tasks at once, the rest in the order they came. */
export function concurrencyGate(limit: number) {
	let running = 0;
	const waiting: (() => void)[] = [];
	const release = () => {
		running--;
		const next = waiting.shift();
		if (next) {
			running++;
			next();
		}
	};
	return {
		get running() {
			return running;
		},
		get waiting() {
			return waiting.length;
		},
		/** Resolves when the task may start; call the function it gives exactly once when done. */
		enter(): Promise<() => void> {
			let released = false;
			const done = () => {
				if (released) return;
				released = true;
				release();
			};
			if (running < limit) {
				running++;
				return Promise.resolve(done);
			}
			return new Promise((resolve) => waiting.push(() => resolve(done)));
		}
	};
}

/** Express middleware: heavy reads through the gate, released when their answer is sent or the client goes. */
export function heavyReadGate(limit = HEAVY_READS_AT_ONCE): RequestHandler {
	const gate = concurrencyGate(limit);
	return (req, res, next) => {
		if (!isHeavyRead(req)) return next();
		void gate.enter().then((done) => {
			// 'close' comes after the answer is sent and when the connection drops: the turn is always given back.
			res.once('close', done);
			if (res.destroyed || res.writableEnded) return done();
			next();
		});
	};
}
