/**
 * Ending sessions on the server, in both modes. A CouchDB session cookie (`AuthSession`) is
 * stateless: base64url of "name:issued-at (hex seconds):HMAC", refreshed on use and valid until
 * the idle timeout; the server keeps no list of sessions. So ending one is done here, in front
 * of the store: per account, the time before which its cookies are no longer accepted.
 *
 * - Signing out (`DELETE /_session` with a cookie) ends that account's sessions issued up to
 *   then: the cookie cannot be replayed. The cookie does not say which tablet it belongs to, so
 *   the same person's other tablets are signed out too (their records are kept; they sign in
 *   again to sync).
 * - `POST /_waymark/end-sessions {"name": …}` by a server admin does the same for a lost tablet
 *   (`npm run admin -- end-sessions <user>`).
 *
 * A refused cookie is taken off the request, so the store sees an anonymous request (401).
 * The times are kept in `<dataDir>/ended-sessions.json`, so a restart does not revive a session.
 */
import type { Request, RequestHandler, Response } from 'express';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface RevocationOptions {
	file: string;
	/** Asks the store who the request's credentials are (GET /_session). */
	whoIs(headers: Record<string, string>): Promise<{ name: string | null; roles: string[] }>;
	log?: (line: string) => void;
	now?: () => number;
}

/** The account and issue time (seconds) in an AuthSession cookie value, or null. */
export function readSessionCookie(value: string): { name: string; issued: number } | null {
	try {
		const decoded = Buffer.from(value, 'base64url').toString('utf8');
		const [name, hex] = decoded.split(':');
		const issued = parseInt(hex ?? '', 16);
		return name && Number.isFinite(issued) ? { name, issued } : null;
	} catch {
		return null;
	}
}

function cookieValue(header: string | undefined): string | null {
	const m = /(?:^|;\s*)AuthSession=([^;]*)/.exec(header ?? '');
	if (!m?.[1]) return null;
	try {
		return decodeURIComponent(m[1]);
	} catch {
		return null; // a malformed cookie: the store answers it
	}
}

export function sessionRevocation(opts: RevocationOptions): RequestHandler {
	// Cookies carry their issue time rounded to the second (pouchdb-auth rounds, CouchDB floors):
	// "ended up to now" must cover a cookie issued this very second, so round up.
	const now = () => Math.ceil((opts.now ?? Date.now)() / 1000);
	const endedBefore: Record<string, number> = existsSync(opts.file)
		? (JSON.parse(readFileSync(opts.file, 'utf8')) as Record<string, number>)
		: {};
	const save = () => {
		writeFileSync(opts.file + '.tmp', JSON.stringify(endedBefore, null, 2) + '\n', { mode: 0o600 });
		renameSync(opts.file + '.tmp', opts.file);
	};
	const end = (name: string, why: string) => {
		endedBefore[name] = Math.max(endedBefore[name] ?? 0, now());
		save();
		opts.log?.(`[waymark] ended the sessions of "${name}" (${why})`);
	};

	async function endSessionsRoute(req: Request, res: Response) {
		const h: Record<string, string> = {};
		if (req.headers.authorization) h.authorization = req.headers.authorization;
		if (req.headers.cookie) h.cookie = req.headers.cookie;
		const who = await opts.whoIs(h).catch(() => ({ name: null, roles: [] as string[] }));
		if (!who.roles.includes('_admin')) {
			res.status(who.name ? 403 : 401).json({ error: 'forbidden', reason: 'Only a server admin can end sessions.' });
			return;
		}
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		let name: unknown;
		try {
			name = (JSON.parse(Buffer.concat(chunks).toString() || '{}') as { name?: unknown }).name;
		} catch {
			name = undefined;
		}
		if (typeof name !== 'string' || !name) {
			res.status(400).json({ error: 'bad_request', reason: 'Say whose sessions to end: {"name": "<user>"}.' });
			return;
		}
		end(name, `by ${who.name ?? 'a server admin'}`);
		res.json({ ok: true, name, endedBefore: endedBefore[name] });
	}

	return (req, res, next) => {
		const parts = req.path.split('/').filter(Boolean);
		if (req.method === 'POST' && parts.join('/') === '_waymark/end-sessions') return void endSessionsRoute(req, res);
		const value = cookieValue(req.headers.cookie);
		const session = value ? readSessionCookie(value) : null;
		if (session && endedBefore[session.name] !== undefined && session.issued <= endedBefore[session.name]!) {
			// Ended: the request goes on without it, as if it had never been signed in.
			req.headers.cookie = req.headers.cookie!.replace(/(^|;\s*)AuthSession=[^;]*/, '$1').replace(/^;\s*|;\s*$/g, '');
			if (!req.headers.cookie) delete req.headers.cookie;
			res.append('Set-Cookie', 'AuthSession=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax');
		}
		if (req.method === 'POST' && parts.length === 1 && parts[0] === '_session') {
			// A new sign-in in the same second as the sign-out (cookies tell time to the second):
			// its cookie must work, so the end moves back to just before it.
			const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => Response;
			res.writeHead = ((...args: unknown[]) => {
				const set = ([] as string[]).concat((res.getHeader('set-cookie') as string[] | string | undefined) ?? []);
				const fresh = set.map((c) => /^AuthSession=([^;]+)/.exec(c)?.[1]).find(Boolean);
				const signedIn = res.statusCode === 200 && fresh ? readSessionCookie(fresh) : null;
				const ended = signedIn ? endedBefore[signedIn.name] : undefined;
				if (signedIn && ended !== undefined && signedIn.issued <= ended) {
					endedBefore[signedIn.name] = signedIn.issued - 1;
					save();
				}
				return writeHead(...args);
			}) as typeof res.writeHead;
		}
		if (req.method === 'DELETE' && parts.length === 1 && parts[0] === '_session' && session && value) {
			// Only a genuine cookie ends its account's sessions (the name in it is not signed alone),
			// and it is ended before the answer, so a replay straight after is already refused.
			void opts
				.whoIs({ cookie: `AuthSession=${value}` })
				.then((who) => {
					if (who.name === session.name) end(session.name, 'signed out');
				})
				.catch(() => undefined)
				.finally(() => next());
			return;
		}
		next();
	};
}
