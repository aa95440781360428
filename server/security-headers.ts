/**
 * Security headers on every answer, the app's and the API's, in both modes.
 *
 * The app's Content-Security-Policy is the one SvelteKit writes into the built index.html
 * (`kit.csp` in svelte.config.js: the SHA-256 of its inline bootstrap script, nothing else
 * inline), sent as a header too with what a <meta> cannot carry: `frame-ancestors 'none'`. The
 * API's answers are data, never pages: `default-src 'none'`.
 */
import type { Request, RequestHandler, Response } from 'express';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Used only when the build carries no policy of its own (built without kit.csp). */
const FALLBACK_DIRECTIVES = [
	"default-src 'self'",
	"style-src 'self' 'unsafe-inline'",
	"img-src 'self' data: blob:",
	"font-src 'self' data:",
	"connect-src 'self'",
	"worker-src 'self' blob:",
	"manifest-src 'self'",
	"object-src 'none'",
	"base-uri 'self'",
	"form-action 'self'"
];

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const PERMISSIONS_POLICY = 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()';

/** The policy for the built app's pages, from its index.html. */
export function appPolicy(indexHtml: string): string {
	const meta = /<meta\s+http-equiv="content-security-policy"\s+content="([^"]*)"/i.exec(indexHtml)?.[1];
	const base = meta
		? meta
				.replace(/&#39;/g, "'")
				.replace(/&quot;/g, '"')
				.replace(/&amp;/g, '&')
				.trim()
				.replace(/;$/, '')
		: [
				...FALLBACK_DIRECTIVES,
				`script-src 'self' ${inlineScriptHashes(indexHtml)
					.map((h) => `'${h}'`)
					.join(' ')}`.trim()
			].join('; ');
	return `${base}; frame-ancestors 'none'`;
}

/** `sha256-…` of each inline <script> in the page. */
export function inlineScriptHashes(html: string): string[] {
	const hashes: string[] = [];
	for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
		if (/\ssrc=/i.test(m[1] ?? '')) continue;
		hashes.push('sha256-' + createHash('sha256').update(m[2]!, 'utf8').digest('base64'));
	}
	return hashes;
}

export function securityHeaders(buildDir: string): RequestHandler {
	const indexFile = path.join(buildDir, 'index.html');
	let cached: { mtime: number; policy: string } | undefined;
	// A rebuild while the server runs changes the bootstrap script's hash: read it again then.
	const policy = () => {
		const mtime = existsSync(indexFile) ? statSync(indexFile).mtimeMs : -1;
		if (cached?.mtime !== mtime) {
			cached = { mtime, policy: appPolicy(mtime < 0 ? '' : readFileSync(indexFile, 'utf8')) };
		}
		return cached.policy;
	};

	return (req: Request, res: Response, next) => {
		const api = req.path === '/couch' || req.path.startsWith('/couch/');
		res.setHeader('Content-Security-Policy', api ? API_CSP : policy());
		res.setHeader('X-Content-Type-Options', 'nosniff');
		res.setHeader('Referrer-Policy', 'no-referrer');
		res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
		res.setHeader('X-Frame-Options', 'DENY');
		res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
		// Only over TLS (directly, or from a reverse proxy on this machine): over plain HTTP the
		// header would be ignored, and a tablet on a school network must still reach the server.
		if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
		// express-pouchdb is an Express app of its own and says so; so may a proxied server.
		const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => Response;
		res.writeHead = ((...args: unknown[]) => {
			res.removeHeader('X-Powered-By');
			return writeHead(...args);
		}) as typeof res.writeHead;
		next();
	};
}
