/**
 * Sign-in throttling in front of the CouchDB API, in both modes (embedded and proxy): passwords
 * cannot be guessed at full speed. Per account and per client address, failures are counted;
 * past the free tries each further failure makes the next attempt wait, the wait doubling from
 * 30 seconds up to 15 minutes. A waiting account or address is answered 429 with Retry-After
 * and a reason in plain words, without the password being checked. Unknown names and wrong
 * passwords get the same answer, after the same minimum time. Every failure is logged.
 *
 * Sign-ins are `POST /_session`; Basic credentials on any request are sign-ins too (CouchDB
 * accepts them everywhere), so they are held to the same counts.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface ThrottleOptions {
	/** Failures per account before any wait. Default 5. */
	accountFreeTries?: number;
	/**
	 * Failures per client address before any wait. Default 20: a school's tablets can share one
	 * address, and one teacher's typing must not hold up the rest; guessing many accounts from
	 * one address still meets the doubling wait.
	 */
	addressFreeTries?: number;
	/** First wait. Default 30 s. */
	baseDelayMs?: number;
	/** Longest wait. Default 15 minutes. */
	maxDelayMs?: number;
	/** A failed sign-in is answered no sooner than this after it arrived. Default 1 s. */
	minFailureMs?: number;
	/** Counts are forgotten this long after the last failure. Default 1 hour. */
	forgetAfterMs?: number;
	/** Checks Basic credentials when a request that carried them was refused 401. */
	basicAuthFails(authorization: string): Promise<boolean>;
	/** Requests the server makes to itself carry this value in `x-waymark-internal`; not throttled. */
	internalToken?: string;
	log?: (line: string) => void;
	/** Every sign-in and every failed one, as it is answered (the audit: sign-in-audit.ts). */
	onOutcome?: (event: {
		name: string;
		outcome: 'signed-in' | 'failed';
		how: 'password' | 'basic';
		address: string;
	}) => void;
	now?: () => number;
}

interface Entry {
	failures: number;
	last: number;
	until: number;
}

/** "30 seconds", "1 minute", "15 minutes". */
export function waitInWords(ms: number): string {
	const seconds = Math.max(1, Math.ceil(ms / 1000));
	if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
	const minutes = Math.ceil(seconds / 60);
	return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function basicName(authorization: string | undefined): string | null {
	const m = /^Basic\s+(\S+)/i.exec(authorization ?? '');
	if (!m) return null;
	const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
	const i = decoded.indexOf(':');
	return i > 0 ? decoded.slice(0, i) : null;
}

export function loginThrottle(opts: ThrottleOptions): RequestHandler {
	const accountFree = opts.accountFreeTries ?? 5;
	const addressFree = opts.addressFreeTries ?? 20;
	const base = opts.baseDelayMs ?? 30_000;
	const max = opts.maxDelayMs ?? 15 * 60_000;
	const minFailure = opts.minFailureMs ?? 1000;
	const forget = opts.forgetAfterMs ?? 60 * 60_000;
	const now = opts.now ?? Date.now;
	const entries = new Map<string, Entry>();
	const parseJson = require('body-parser').json({
		limit: '64kb',
		verify: (req: Request & { rawBody?: Buffer }, _res: Response, buf: Buffer) => {
			req.rawBody = buf;
		}
	}) as RequestHandler;
	const parseForm = require('body-parser').urlencoded({
		extended: false,
		limit: '64kb',
		verify: (req: Request & { rawBody?: Buffer }, _res: Response, buf: Buffer) => {
			req.rawBody = buf;
		}
	}) as RequestHandler;

	function entry(key: string): Entry | undefined {
		const e = entries.get(key);
		if (e && now() - e.last > forget && now() >= e.until) {
			entries.delete(key);
			return undefined;
		}
		return e;
	}

	function fail(key: string, free: number) {
		const e = entry(key) ?? { failures: 0, last: 0, until: 0 };
		e.failures++;
		e.last = now();
		if (e.failures >= free) e.until = now() + Math.min(max, base * 2 ** (e.failures - free));
		entries.set(key, e);
		return e;
	}

	/** How long until these keys may try again (0: now). */
	function waitFor(keys: string[]): number {
		return Math.max(0, ...keys.map((k) => (entry(k)?.until ?? 0) - now()));
	}

	function refuse(res: Response, waitMs: number) {
		const seconds = Math.ceil(waitMs / 1000);
		res
			.status(429)
			.set('Retry-After', String(seconds))
			.type('application/json')
			.send(
				JSON.stringify({
					error: 'too_many_requests',
					reason: `Too many sign-in attempts did not match. Wait ${waitInWords(waitMs)}, then try again.`,
					retry_after: seconds
				}) + '\n'
			);
	}

	function keysFor(req: Request, name: string | null): { account: string | null; address: string } {
		return {
			account: name ? `account:${name.trim().toLowerCase()}` : null,
			address: `address:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`
		};
	}

	function recordFailure(req: Request, name: string | null, how: string) {
		const { account, address } = keysFor(req, name);
		const a = account ? fail(account, accountFree) : undefined;
		const b = fail(address, addressFree);
		opts.onOutcome?.({
			name: name ?? '',
			outcome: 'failed',
			how: how === 'basic' ? 'basic' : 'password',
			address: req.ip ?? req.socket.remoteAddress ?? 'unknown'
		});
		opts.log?.(
			`[waymark] sign-in failed (${how}) for "${name ?? ''}" from ${req.ip}: ` +
				`${a?.failures ?? 0} for the account, ${b.failures} from the address` +
				(Math.max(a?.until ?? 0, b.until) > now()
					? `; next try in ${waitInWords(Math.max(a?.until ?? 0, b.until) - now())}`
					: '')
		);
	}

	function sessionPost(req: Request, res: Response, next: NextFunction) {
		const started = now();
		const type = req.headers['content-type'] ?? '';
		const parse = /urlencoded/i.test(type) ? parseForm : parseJson;
		parse(req, res, (err?: unknown) => {
			if (err) return next(err);
			const body = (req.body ?? {}) as { name?: unknown };
			const name = typeof body.name === 'string' ? body.name : null;
			const { account, address } = keysFor(req, name);
			const wait = waitFor(account ? [account, address] : [address]);
			if (wait > 0) {
				opts.log?.(`[waymark] sign-in refused for "${name ?? ''}" from ${req.ip}: waiting ${waitInWords(wait)}`);
				return refuse(res, wait);
			}
			// Hold the answer to a failed sign-in until the minimum time, so unknown names and
			// wrong passwords take as long as each other; count it before it is sent.
			const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => Response;
			let held = false;
			res.writeHead = ((...args: unknown[]) => {
				// A prompt for a second-factor code (second-factor.ts) is not a failed sign-in.
				if (res.statusCode === 401 && !held && !res.locals.notAFailedSignIn) {
					held = true;
					recordFailure(req, name, 'password');
				} else if (res.statusCode === 200 && !held) {
					held = true;
					if (account) entries.delete(account);
					opts.onOutcome?.({
						name: name ?? '',
						outcome: 'signed-in',
						how: 'password',
						address: req.ip ?? req.socket.remoteAddress ?? 'unknown'
					});
				}
				return writeHead(...args);
			}) as typeof res.writeHead;
			const end = res.end.bind(res) as (...a: unknown[]) => Response;
			res.end = ((...args: unknown[]) => {
				const remaining = started + minFailure - now();
				if (res.statusCode === 401 && remaining > 0) {
					setTimeout(() => end(...args), remaining);
					return res;
				}
				return end(...args);
			}) as typeof res.end;
			next();
		});
	}

	return (req, res, next) => {
		if (opts.internalToken && req.headers['x-waymark-internal'] === opts.internalToken) return next();
		const parts = req.path.split('/').filter(Boolean);
		if (req.method === 'POST' && parts.length === 1 && parts[0]!.toLowerCase() === '_session') {
			return sessionPost(req, res, next);
		}
		const name = basicName(req.headers.authorization);
		if (name === null) return next();
		const { account, address } = keysFor(req, name);
		const wait = waitFor([account!, address]);
		if (wait > 0) return refuse(res, wait);
		// A 401 can also mean "signed in, but not a member": ask whether the credentials failed,
		// and count it before the answer goes out (so the next attempt already sees it).
		const end = res.end.bind(res) as (...a: unknown[]) => Response;
		res.end = ((...args: unknown[]) => {
			if (res.statusCode !== 401) return end(...args);
			opts
				.basicAuthFails(req.headers.authorization!)
				.then((failed) => {
					if (failed) recordFailure(req, name, 'basic');
				})
				.catch(() => undefined)
				.finally(() => end(...args));
			return res;
		}) as typeof res.end;
		next();
	};
}
