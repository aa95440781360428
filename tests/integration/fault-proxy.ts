/**
 * A misbehaving network between a tablet and the server, on loopback. Each request, by a seeded
 * random draw, goes through untouched or meets one fault:
 *   reset       the connection is cut before the request reaches the server
 *   lost-reply  the server does the work but the reply never arrives (the case that tempts
 *               clients into duplicates)
 *   error500    an HTTP 500 with a CouchDB-style error body
 *   slow        held back 100–1500 ms, then passed through
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'reset' | 'lost-reply' | 'error500' | 'slow';

export interface FaultStats {
	requests: number;
	passed: number;
	faults: Record<Fault, number>;
}

export interface FaultProxy {
	url: string;
	stats: FaultStats;
	/** Share of requests (0–1) that meet a fault; 0 turns the proxy into a plain relay. */
	setFailRate(rate: number): void;
	close(): Promise<void>;
}

/** mulberry32: a tiny seeded generator, so a failing run can be replayed with the same seed. */
function seeded(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const FAULTS: Fault[] = ['reset', 'lost-reply', 'error500', 'slow'];

export async function startFaultProxy(
	target: string,
	opts: { failRate: number; seed?: number; faults?: Fault[] }
): Promise<FaultProxy> {
	const faults = opts.faults ?? FAULTS;
	const upstream = new URL(target);
	const random = seeded(opts.seed ?? 1);
	let failRate = opts.failRate;
	const stats: FaultStats = { requests: 0, passed: 0, faults: { reset: 0, 'lost-reply': 0, error500: 0, slow: 0 } };

	function relay(req: http.IncomingMessage, res: http.ServerResponse, onReply?: () => void) {
		const forward = http.request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: upstream.host }
			},
			(reply) => {
				if (onReply) {
					// Let the server finish its work, then lose the answer.
					reply.resume();
					reply.on('end', onReply);
					return;
				}
				res.writeHead(reply.statusCode ?? 502, reply.headers);
				reply.pipe(res);
			}
		);
		forward.on('error', () => res.destroy());
		req.pipe(forward);
	}

	const server = http.createServer((req, res) => {
		stats.requests++;
		const fault = random() < failRate ? faults[Math.floor(random() * faults.length)]! : null;
		if (!fault) {
			stats.passed++;
			return relay(req, res);
		}
		stats.faults[fault]++;
		switch (fault) {
			case 'reset':
				return req.socket.destroy();
			case 'lost-reply':
				return relay(req, res, () => req.socket.destroy());
			case 'error500':
				req.resume();
				req.on('end', () => {
					res.writeHead(500, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify({ error: 'internal_server_error', reason: 'Injected by the fault proxy' }));
				});
				return;
			case 'slow':
				return void setTimeout(() => relay(req, res), 100 + Math.floor(random() * 1400));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
		stats,
		setFailRate: (rate) => (failRate = rate),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
