/**
 * What the safeguarding lead reads: the concerns in the organisation's restricted database, read
 * from the server each time and never stored on the tablet (so a lost tablet holds none of them).
 */
import { safeguardingDbName, safeguardingNoteSchema, type SafeguardingNote } from '$lib/domain/safeguarding-note';
import { couchUrl } from './server-api';

export type Received = SafeguardingNote & { receivedAt?: string; receivedBy?: string };

export type InboxResult =
	{ kind: 'ok'; concerns: Received[] } | { kind: 'offline' } | { kind: 'refused'; message: string };

export async function readConcerns(org: string): Promise<InboxResult> {
	let res: Response;
	try {
		res = await fetch(couchUrl(`/${safeguardingDbName(org)}/_all_docs?include_docs=true`), {
			credentials: 'include',
			headers: { Accept: 'application/json' },
			cache: 'no-store'
		});
	} catch {
		return { kind: 'offline' };
	}
	if (res.status === 401 || res.status === 403)
		return {
			kind: 'refused',
			message: 'Only the designated safeguarding lead and deputies can read safeguarding concerns.'
		};
	if (!res.ok) return { kind: 'offline' };
	const body = (await res.json()) as { rows: { doc?: unknown }[] };
	const concerns = body.rows
		.map((r) => safeguardingNoteSchema.safeParse(r.doc))
		.filter((p) => p.success)
		.map((p) => p.data as Received)
		.sort((a, b) => (b.receivedAt ?? b.createdAt).localeCompare(a.receivedAt ?? a.createdAt));
	return { kind: 'ok', concerns };
}
