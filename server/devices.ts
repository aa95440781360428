/**
 * Tablets (devices) and retiring one that is lost or handed back, in both modes (Waymark's own
 * server keeps them in `<dataDir>/devices.json`, in front of the embedded server or a real CouchDB).
 *
 * A tablet has a random id of its own (kept in its database, so a wiped tablet comes back as a
 * new one). Signed in, it reports at start and every half hour: `POST /_waymark/device
 * {"device", "label"}` → `{"revoked", "lockAfterDays"}`. When a server admin has retired it
 * (`POST /_waymark/devices/revoke`, `npm run admin -- revoke-device <id>`) the answer says so:
 * the tablet sends what it has not yet sent, then removes every Waymark record and reports
 * `POST /_waymark/device/wiped`. `lockAfterDays` is how long the tablet opens its records without
 * an online sign-in (WAYMARK_DEVICE_LOCK_DAYS, default 30).
 *
 * A device id is not a secret and proves nothing: a report only records what a signed-in member
 * of staff's tablet says about itself, and the answer only tells that tablet to wipe itself. A
 * lost tablet's account is ended with `end-sessions` as well (docs/security.md).
 */
import type { Request, RequestHandler, Response } from 'express';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { UserCtx } from './couch-guard';

export interface DeviceRecord {
	id: string;
	/** Who signed in on it last, and a description the tablet gave (browser, platform). */
	user: string;
	label: string;
	firstSeen: string;
	lastSeen: string;
	revokedAt?: string;
	revokedBy?: string;
	wipedAt?: string;
}

export const DEFAULT_LOCK_AFTER_DAYS = 30;
const DEVICE_ID = /^[A-Za-z0-9-]{8,64}$/;

export function deviceRoutes(opts: {
	file: string;
	lockAfterDays: number;
	whoIs(headers: { cookie?: string; authorization?: string }): Promise<UserCtx>;
	log?: (line: string) => void;
}): RequestHandler {
	const devices: Record<string, DeviceRecord> = existsSync(opts.file)
		? (JSON.parse(readFileSync(opts.file, 'utf8')) as Record<string, DeviceRecord>)
		: {};
	const save = () => {
		writeFileSync(opts.file + '.tmp', JSON.stringify(devices, null, 2) + '\n', { mode: 0o600 });
		renameSync(opts.file + '.tmp', opts.file);
	};

	async function body(req: Request): Promise<Record<string, unknown>> {
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const c of req) {
			size += (c as Buffer).length;
			if (size > 16_384) return {};
			chunks.push(c as Buffer);
		}
		try {
			const parsed = JSON.parse(Buffer.concat(chunks).toString() || '{}') as unknown;
			return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
		} catch {
			return {};
		}
	}

	const refuse = (res: Response, who: UserCtx, reason: string) =>
		res.status(who.name ? 403 : 401).json({ error: who.name ? 'forbidden' : 'unauthorized', reason });

	async function handle(route: string, req: Request, res: Response) {
		const who = await opts
			.whoIs({ cookie: req.headers.cookie, authorization: req.headers.authorization })
			.catch((): UserCtx => ({ name: null, roles: [] }));
		const isAdmin = who.roles.includes('_admin');
		if (route === 'GET devices') {
			if (!isAdmin) return refuse(res, who, 'Only a server admin can list the tablets.');
			return void res.json({ devices: Object.values(devices).sort((a, b) => b.lastSeen.localeCompare(a.lastSeen)) });
		}
		const input = await body(req);
		const id = typeof input.device === 'string' ? input.device : '';
		if (!DEVICE_ID.test(id)) {
			return void res.status(400).json({ error: 'bad_request', reason: 'Say which tablet: {"device": "<id>"}.' });
		}
		const now = new Date().toISOString();
		if (route === 'POST devices/revoke') {
			if (!isAdmin) return refuse(res, who, 'Only a server admin can retire a tablet.');
			const known = devices[id];
			if (!known) return void res.status(404).json({ error: 'not_found', reason: `No tablet has the id ${id}.` });
			known.revokedAt ??= now;
			known.revokedBy ??= who.name ?? 'a server admin';
			save();
			opts.log?.(`[waymark] tablet ${id} (${known.user}) retired by ${known.revokedBy}`);
			return void res.json({ ok: true, device: known });
		}
		if (!who.name) return refuse(res, who, 'Sign in first.');
		if (route === 'POST device') {
			const label = typeof input.label === 'string' ? input.label.slice(0, 200) : '';
			const known = (devices[id] ??= { id, user: who.name, label, firstSeen: now, lastSeen: now });
			known.user = who.name;
			known.lastSeen = now;
			if (label) known.label = label;
			save();
			return void res.json({ revoked: Boolean(known.revokedAt), lockAfterDays: opts.lockAfterDays });
		}
		if (route === 'POST device/wiped') {
			const known = devices[id];
			if (known?.revokedAt && !known.wipedAt) {
				known.wipedAt = now;
				save();
				opts.log?.(`[waymark] retired tablet ${id} reports it has wiped itself`);
			}
			return void res.json({ ok: true });
		}
	}

	const routes = new Set(['GET devices', 'POST devices/revoke', 'POST device', 'POST device/wiped']);
	return (req, res, next) => {
		const parts = req.path.split('/').filter(Boolean);
		if (parts[0] !== '_waymark') return next();
		const route = `${req.method} ${parts.slice(1).join('/')}`;
		if (!routes.has(route)) return next();
		handle(route, req, res).catch(next);
	};
}
