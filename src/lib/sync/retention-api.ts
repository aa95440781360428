import type { RetentionGroup, RetentionItem, RetentionRuleInfo } from '$lib/domain/retention';
import type { RetentionDeletion } from '$lib/domain/retention-deletion';
import { couchUrl } from './server-api';

/** The data protection officer's report, read from the office server (server/retention.ts). */
export interface RetentionReportData {
	today: string;
	schedule: (RetentionRuleInfo & { period: string })[];
	groups: {
		group: RetentionGroup;
		due: RetentionItem[];
		review: RetentionItem[];
		pupils: { id: string; name: string }[];
	}[];
	certificates: RetentionDeletion[];
}

export type RetentionAnswer<T> = { ok: true; value: T } | { ok: false; message: string };

async function call<T>(path: string, init?: RequestInit): Promise<RetentionAnswer<T>> {
	try {
		const res = await fetch(couchUrl(path), {
			credentials: 'include',
			...init,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' }
		});
		const body = (await res.json().catch(() => ({}))) as T & { reason?: string };
		if (!res.ok)
			return { ok: false, message: body.reason ?? 'The office server could not do that just now. Try again.' };
		return { ok: true, value: body };
	} catch {
		return { ok: false, message: 'The retention report is kept on the office server. Connect to read it.' };
	}
}

export function readRetentionReport(org: string) {
	return call<RetentionReportData>(`/_waymark/retention/report?org=${encodeURIComponent(org)}`);
}

/** Deletes the records due under one rule; the server re-checks each one and writes the certificate. */
export function deleteUnderRule(org: string, group: RetentionGroup, ids: string[]) {
	return call<{ certificate: RetentionDeletion; kept: { id: string; reason: string }[] }>(
		'/_waymark/retention/delete',
		{
			method: 'POST',
			body: JSON.stringify({ org, group, ids })
		}
	);
}
