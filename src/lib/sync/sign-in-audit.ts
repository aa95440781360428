/**
 * The head of centre reads the server's audit of sign-ins from the organisation's audit database,
 * a page at a time, each time it is opened: never stored on the tablet (a lost tablet holds none).
 */
import { signInAuditDbName, type SignInLine } from '$lib/domain/audit-record';
import { couchUrl } from './server-api';

export type SignInPage =
	{ kind: 'ok'; lines: SignInLine[]; total: number } | { kind: 'offline' } | { kind: 'refused'; message: string };

/** Lines `offset`… newest first (their ids are `signIn:<time>:…`, so the id order is time order). */
export async function readSignIns(org: string, offset: number, limit: number): Promise<SignInPage> {
	const query = new URLSearchParams({
		include_docs: 'true',
		descending: 'true',
		startkey: JSON.stringify('signIn:\ufff0'),
		endkey: JSON.stringify('signIn:'),
		skip: String(offset),
		limit: String(limit)
	});
	let res: Response;
	try {
		res = await fetch(couchUrl(`/${signInAuditDbName(org)}/_all_docs?${query}`), {
			credentials: 'include',
			headers: { Accept: 'application/json' },
			cache: 'no-store'
		});
	} catch {
		return { kind: 'offline' };
	}
	if (res.status === 401 || res.status === 403)
		return { kind: 'refused', message: 'Only the head of centre (the organisation’s admin) can read the sign-ins.' };
	if (res.status === 404) return { kind: 'ok', lines: [], total: 0 };
	if (!res.ok) return { kind: 'offline' };
	const body = (await res.json()) as { total_rows: number; rows: { doc?: SignInLine }[] };
	const lines = body.rows.map((r) => r.doc).filter((d): d is SignInLine => !!d && typeof d.name === 'string');
	// total_rows counts the database's design document (its validation) too.
	return { kind: 'ok', lines, total: Math.max(0, body.total_rows - 1) };
}
