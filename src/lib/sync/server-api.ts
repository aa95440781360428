/**
 * The few CouchDB endpoints the app calls itself (replication does the rest). The API lives on
 * the app's own origin under /couch, so the session cookie is sent without CORS — in production
 * the same path is proxied to a real CouchDB 3.
 */
export const COUCH_PATH = '/couch';

export interface UserContext {
	name: string | null;
	roles: string[];
}

/** The server asks for a code from an authenticator app (server/second-factor.ts). */
export interface SecondFactorPrompt {
	/** Not yet enrolled: the QR code (PNG data URL) and the secret to type in by hand. */
	enrol?: { qr: string; secret: string };
}

export type SignInResult =
	| { ok: true; user: UserContext; recoveryCodes: string[] }
	| { ok: false; message: string; secondFactor?: SecondFactorPrompt };

export function couchUrl(path = ''): string {
	const origin = typeof location === 'undefined' ? 'http://127.0.0.1' : location.origin;
	return `${origin}${COUCH_PATH}${path}`;
}

export async function postSession(name: string, password: string, code = ''): Promise<SignInResult> {
	let res: Response;
	try {
		res = await fetch(couchUrl('/_session'), {
			method: 'POST',
			credentials: 'include',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: JSON.stringify(code ? { name, password, code } : { name, password })
		});
	} catch {
		return { ok: false, message: 'Cannot reach the server. The first sign-in on a tablet needs a connection.' };
	}
	if (res.status === 401) {
		const body = (await res.json().catch(() => ({}))) as {
			error?: string;
			reason?: string;
			qr?: string;
			secret?: string;
		};
		if (body.error?.startsWith('second_factor') && body.reason) {
			const enrol = body.error === 'second_factor_enrol' && body.qr && body.secret;
			return {
				ok: false,
				message: body.reason,
				secondFactor: enrol ? { enrol: { qr: body.qr!, secret: body.secret! } } : {}
			};
		}
		return { ok: false, message: 'That user name and password do not match.' };
	}
	if (res.status === 429) {
		// Sign-in throttling: the server says how long to wait, in plain words.
		const body = (await res.json().catch(() => ({}))) as { reason?: unknown };
		const reason = typeof body.reason === 'string' ? body.reason : '';
		return {
			ok: false,
			message: reason || 'Too many sign-in attempts did not match. Wait a few minutes, then try again.'
		};
	}
	if (!res.ok) return { ok: false, message: 'The server could not sign you in just now. Try again in a moment.' };
	const body = (await res.json()) as { name?: string; roles?: string[] };
	// Shown once, at enrolment: the person writes them down.
	const recoveryCodes = (res.headers.get('x-waymark-recovery-codes') ?? '').split(',').filter(Boolean);
	return { ok: true, user: { name: body.name ?? name, roles: body.roles ?? [] }, recoveryCodes };
}

/** Who the server thinks we are; null when it cannot be reached. */
export async function getSession(): Promise<UserContext | null> {
	try {
		const res = await fetch(couchUrl('/_session'), { credentials: 'include', headers: { Accept: 'application/json' } });
		if (!res.ok) return null;
		const body = (await res.json()) as { userCtx?: UserContext };
		return body.userCtx ?? null;
	} catch {
		return null;
	}
}

export async function deleteSession(): Promise<void> {
	try {
		await fetch(couchUrl('/_session'), { method: 'DELETE', credentials: 'include' });
	} catch {
		// Offline: the cookie expires on its own; local sign-out still happens.
	}
}

/** The organisation's display name, kept in its design document by the provisioning script. */
export async function fetchOrganisationName(org: string): Promise<string | null> {
	try {
		const res = await fetch(couchUrl(`/waymark-${org}/_design/waymark`), { credentials: 'include' });
		if (!res.ok) return null;
		const body = (await res.json()) as { organisation?: { name?: string } };
		return body.organisation?.name ?? null;
	} catch {
		return null;
	}
}

export interface DeviceAnswer {
	/** A server admin has retired this tablet: send what is waiting, then wipe. */
	revoked: boolean;
	/** Days the tablet may open its records without an online sign-in. */
	lockAfterDays: number;
}

/** Tells Waymark's server this tablet is in use (server/devices.ts); null when offline or signed out. */
export async function reportDevice(device: string, label: string): Promise<DeviceAnswer | null> {
	try {
		const res = await fetch(couchUrl('/_waymark/device'), {
			method: 'POST',
			credentials: 'include',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: JSON.stringify({ device, label })
		});
		if (!res.ok) return null;
		const body = (await res.json()) as Partial<DeviceAnswer>;
		return { revoked: body.revoked === true, lockAfterDays: Number(body.lockAfterDays) || 30 };
	} catch {
		return null;
	}
}

/** A retired tablet says it is wiping itself, so the admin sees it happened. */
export async function reportWiped(device: string): Promise<void> {
	try {
		await fetch(couchUrl('/_waymark/device/wiped'), {
			method: 'POST',
			credentials: 'include',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ device })
		});
	} catch {
		// Offline: the wipe goes ahead; the admin's list shows it retired but not yet confirmed.
	}
}

/** A visit arranged for the signed-in visitor (server/visits.ts). */
export interface VisitSummary {
	id: string;
	/** The visit's own database: the only one the visitor may read. */
	db: string;
	visitor: string;
	pupilIds: string[];
	groups: string[];
	endsOn: string;
	orgName?: string;
	createdBy: string;
	createdAt: string;
	refreshedAt?: string;
}

/** The signed-in visitor's open visits; null when the server cannot be asked (offline, signed out). */
export async function fetchMyVisits(): Promise<VisitSummary[] | null> {
	try {
		const res = await fetch(couchUrl('/_waymark/visits/mine'), {
			credentials: 'include',
			headers: { Accept: 'application/json' }
		});
		if (!res.ok) return null;
		return ((await res.json()) as { visits?: VisitSummary[] }).visits ?? [];
	} catch {
		return null;
	}
}

export type VisitsAnswer = { ok: true; visits: VisitSummary[] } | { ok: false; message: string };

async function visitsCall(path: string, method: string, body?: unknown): Promise<Response | string> {
	try {
		return await fetch(couchUrl(`/_waymark/visits${path}`), {
			method,
			credentials: 'include',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch {
		return 'Cannot reach the office server. Visits are arranged online.';
	}
}

async function reasonOf(res: Response): Promise<string> {
	const body = (await res.json().catch(() => ({}))) as { reason?: unknown };
	return typeof body.reason === 'string' ? body.reason : 'The server could not do that just now. Try again.';
}

/** The organisation's open visits, for the head of centre. */
export async function listVisits(): Promise<VisitsAnswer> {
	const res = await visitsCall('', 'GET');
	if (typeof res === 'string') return { ok: false, message: res };
	if (!res.ok) return { ok: false, message: await reasonOf(res) };
	return { ok: true, visits: ((await res.json()) as { visits: VisitSummary[] }).visits };
}

/** Arrange a visit; null when done, else the reason in plain words. */
export async function arrangeVisit(request: {
	visitor: string;
	pupilIds: string[];
	groups: string[];
	endsOn: string;
}): Promise<string | null> {
	const res = await visitsCall('', 'POST', request);
	if (typeof res === 'string') return res;
	return res.ok ? null : reasonOf(res);
}

/** Copy the shared records again now, or end the visit (its database is deleted). */
export async function changeVisit(id: string, action: 'refresh' | 'end'): Promise<string | null> {
	const res = await visitsCall(
		action === 'refresh' ? `/${id}/refresh` : `/${id}`,
		action === 'refresh' ? 'POST' : 'DELETE',
		action === 'refresh' ? {} : undefined
	);
	if (typeof res === 'string') return res;
	return res.ok ? null : reasonOf(res);
}
