/**
 * A second factor at sign-in (TOTP, RFC 6238, with the `otpauth` library), enforced by Waymark's
 * own server at `POST /_session` in both modes, for accounts with an organisation's admin or DSL
 * role (`<org>:admin`, `<org>:dsl`), and for its classroom staff when the organisation requires it.
 *
 *   - Not yet enrolled: the right password gets 401 `second_factor_enrol` with a secret, its
 *     `otpauth://` address and a QR code (PNG data URL) to scan; the same sign-in with the first
 *     code from the app enrols the account and signs in, and ten recovery codes come back once in
 *     the `X-Waymark-Recovery-Codes` header.
 *   - Enrolled: the right password without a code gets 401 `second_factor_required`; with a
 *     code of the current 30-second step (±1 for clock drift) it signs in. A code is accepted once:
 *     its step must be later than the last accepted one (a replayed or shoulder-surfed code fails).
 *     A recovery code works once instead of a code.
 *   - Basic credentials (CouchDB accepts them on every request) are refused for these accounts:
 *     they would skip the code.
 *
 * Wrong codes are sign-in failures for the throttle (login-throttle.ts): guessing codes meets the
 * same doubling waits as guessing passwords. "Enter a code"/"enrol" prompts are not failures.
 * Secrets, the last accepted step and hashed recovery codes are in `<dataDir>/second-factor.json`
 * (0600). A server admin resets an account (lost phone): `npm run admin -- reset-2fa <user>`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { UserCtx } from './couch-guard';

interface Enrolment {
	secret?: string;
	pending?: string;
	lastCounter?: number;
	recovery?: string[];
	enrolledAt?: string;
}

interface Stored {
	accounts: Record<string, Enrolment>;
	/** Organisations whose classroom staff must use a second factor too. */
	requireForStaff: Record<string, boolean>;
}

export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'Waymark';

const totpFor = (name: string, secret: string) =>
	new TOTP({ issuer: ISSUER, label: name, secret: Secret.fromBase32(secret), digits: 6, period: 30 });

const hash = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/** Roles that reach sensitive records: always a second factor. Classroom staff when the organisation says. */
export function needsSecondFactor(roles: string[], requireForStaff: Record<string, boolean>): boolean {
	return roles.some((r) => {
		const m = /^([a-z0-9-]{1,40}):(admin|dsl|staff)$/.exec(r);
		if (!m) return false;
		return m[2] !== 'staff' || requireForStaff[m[1]!] === true;
	});
}

export function secondFactor(opts: {
	file: string;
	/** Checks a name and password with the store (not counted by the throttle: the sign-in itself is). */
	verifyPassword(name: string, password: string): Promise<UserCtx>;
	whoIs(headers: { cookie?: string; authorization?: string }): Promise<UserCtx>;
	/**
	 * The account's roles as stored (read as the server admin, no password): an account that needs
	 * no second factor costs no second password check (which a store with its own throttling would
	 * count twice).
	 */
	rolesOf(name: string): Promise<string[]>;
	internalToken: string;
	log?: (line: string) => void;
	now?: () => number;
}): RequestHandler {
	const now = opts.now ?? Date.now;
	const stored: Stored = existsSync(opts.file)
		? (JSON.parse(readFileSync(opts.file, 'utf8')) as Stored)
		: { accounts: {}, requireForStaff: {} };
	const save = () => {
		writeFileSync(opts.file + '.tmp', JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
		renameSync(opts.file + '.tmp', opts.file);
	};
	// Basic credentials of an account not enrolled: does it need a second factor? (asked once a while)
	const basicNeeds = new Map<string, { needs: boolean; at: number }>();

	const refuse = (res: Response, error: string, reason: string, isFailure: boolean, extra: object = {}) => {
		// The throttle counts 401s on `_session` as failed sign-ins; a prompt for the code is not one.
		if (!isFailure) res.locals.notAFailedSignIn = true;
		res.status(401).setHeader('Cache-Control', 'no-store');
		res.json({ error, reason, ...extra });
	};

	/** Takes `code` out of the body before the store sees it (CouchDB knows nothing of it). */
	const stripCode = (req: Request & { rawBody?: Buffer }) => {
		const body = req.body as Record<string, unknown>;
		delete body.code;
		if (req.rawBody) {
			const isForm = /urlencoded/i.test(req.headers['content-type'] ?? '');
			req.rawBody = Buffer.from(
				isForm ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body)
			);
		}
	};

	async function signIn(req: Request, res: Response, next: NextFunction) {
		const body = (req.body ?? {}) as Record<string, unknown>;
		const { name, password } = body;
		const code = typeof body.code === 'string' ? body.code.trim() : '';
		if (typeof name !== 'string' || typeof password !== 'string') return next();
		if (!stored.accounts[name]?.secret && !needsSecondFactor(await opts.rolesOf(name), stored.requireForStaff)) {
			stripCode(req);
			return next();
		}
		const ctx = await opts.verifyPassword(name, password);
		// Wrong password: the store answers it, and the throttle counts it.
		if (!ctx.name) return next();
		const account = stored.accounts[ctx.name];
		if (!account?.secret && !needsSecondFactor(ctx.roles, stored.requireForStaff)) {
			stripCode(req);
			return next();
		}
		if (!account?.secret) {
			const entry = (stored.accounts[ctx.name] ??= {});
			entry.pending ??= new Secret({ size: 20 }).base32;
			const totp = totpFor(ctx.name, entry.pending);
			const delta = code ? totp.validate({ token: code, timestamp: now(), window: 1 }) : null;
			if (delta === null) {
				save();
				const uri = totp.toString();
				return refuse(
					res,
					'second_factor_enrol',
					code
						? 'That code does not match. Check the authenticator app shows Waymark and type its current code.'
						: 'Your account needs a code from an authenticator app at every sign-in. Scan the QR code with the app, then type the code it shows.',
					Boolean(code),
					{ secret: entry.pending, uri, qr: await QRCode.toDataURL(uri, { margin: 1, width: 240 }) }
				);
			}
			const recovery = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
				const raw = randomBytes(5).toString('hex');
				return `${raw.slice(0, 5)}-${raw.slice(5)}`;
			});
			stored.accounts[ctx.name] = {
				secret: entry.pending,
				lastCounter: totp.counter({ timestamp: now() }) + delta,
				recovery: recovery.map(hash),
				enrolledAt: new Date(now()).toISOString()
			};
			save();
			opts.log?.(`[waymark] "${ctx.name}" enrolled a second factor`);
			res.setHeader('X-Waymark-Recovery-Codes', recovery.join(','));
			res.setHeader('Cache-Control', 'no-store');
			stripCode(req);
			return next();
		}
		if (!code) {
			return refuse(
				res,
				'second_factor_required',
				'Enter the 6-digit code from your authenticator app (or one of your recovery codes).',
				false
			);
		}
		if (/^\d{6}$/.test(code)) {
			const totp = totpFor(ctx.name, account.secret);
			const delta = totp.validate({ token: code, timestamp: now(), window: 1 });
			if (delta === null) {
				return refuse(res, 'second_factor_wrong', 'That code does not match. Type the code the app shows now.', true);
			}
			const counter = totp.counter({ timestamp: now() }) + delta;
			if (counter <= (account.lastCounter ?? -1)) {
				opts.log?.(`[waymark] a used sign-in code was offered again for "${ctx.name}" from ${req.ip}`);
				return refuse(
					res,
					'second_factor_used',
					'That code has been used already. Wait for the app to show a new code.',
					true
				);
			}
			account.lastCounter = counter;
			save();
		} else {
			const i = (account.recovery ?? []).indexOf(hash(code));
			if (i === -1) {
				return refuse(res, 'second_factor_wrong', 'That code does not match. Type the code the app shows now.', true);
			}
			account.recovery!.splice(i, 1);
			save();
			opts.log?.(`[waymark] "${ctx.name}" signed in with a recovery code (${account.recovery!.length} left)`);
		}
		stripCode(req);
		next();
	}

	async function basic(req: Request, res: Response, next: NextFunction, name: string) {
		let needs = Boolean(stored.accounts[name]?.secret);
		if (!needs) {
			const cached = basicNeeds.get(name);
			if (cached && now() - cached.at < 60_000) needs = cached.needs;
			else {
				needs = needsSecondFactor(await opts.rolesOf(name), stored.requireForStaff);
				basicNeeds.set(name, { needs, at: now() });
			}
		}
		if (!needs) return next();
		res.status(401).json({
			error: 'unauthorized',
			reason: 'This account signs in with a code from an authenticator app: sign in through the Waymark app.'
		});
	}

	async function adminRoute(route: string, req: Request, res: Response) {
		const who = await opts.whoIs({ cookie: req.headers.cookie, authorization: req.headers.authorization });
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		let input: Record<string, unknown> = {};
		try {
			input = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
		} catch {
			// answered below
		}
		const isServerAdmin = who.roles.includes('_admin');
		if (route === 'reset') {
			if (!isServerAdmin)
				return void res
					.status(who.name ? 403 : 401)
					.json({ error: 'forbidden', reason: 'Only a server admin can reset a second factor.' });
			if (typeof input.name !== 'string')
				return void res.status(400).json({ error: 'bad_request', reason: 'Say whose: {"name": "<user>"}.' });
			delete stored.accounts[input.name];
			basicNeeds.delete(input.name);
			save();
			opts.log?.(`[waymark] second factor of "${input.name}" reset by ${who.name}`);
			return void res.json({ ok: true });
		}
		// The organisation's setting: its own admins or a server admin.
		const org = typeof input.org === 'string' ? input.org : '';
		if (!org || typeof input.staff !== 'boolean') {
			return void res.status(400).json({
				error: 'bad_request',
				reason: 'Say which organisation and whether: {"org": "<slug>", "staff": true}.'
			});
		}
		if (!isServerAdmin && !who.roles.includes(`${org}:admin`)) {
			return void res
				.status(who.name ? 403 : 401)
				.json({ error: 'forbidden', reason: 'Only the organisation’s admin can change this.' });
		}
		stored.requireForStaff[org] = input.staff;
		basicNeeds.clear();
		save();
		opts.log?.(
			`[waymark] ${org}: classroom staff ${input.staff ? 'must' : 'need not'} use a second factor (${who.name})`
		);
		res.json({ ok: true, org, staff: input.staff });
	}

	return (req, res, next) => {
		if (req.headers['x-waymark-internal'] === opts.internalToken) return next();
		const parts = req.path.split('/').filter(Boolean);
		const fail = (e: unknown) => next(e);
		if (req.method === 'POST' && parts[0] === '_waymark' && parts[1] === 'second-factor' && parts.length === 3) {
			if (parts[2] === 'reset' || parts[2] === 'require') return void adminRoute(parts[2], req, res).catch(fail);
		}
		if (req.method === 'POST' && parts.length === 1 && parts[0]!.toLowerCase() === '_session') {
			return void signIn(req, res, next).catch(fail);
		}
		const m = /^Basic\s+(\S+)/i.exec(req.headers.authorization ?? '');
		if (m) {
			const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
			const i = decoded.indexOf(':');
			if (i > 0) return void basic(req, res, next, decoded.slice(0, i)).catch(fail);
		}
		next();
	};
}
