import {
	matchesAuditFilter,
	newestFirst,
	type AuditFilter,
	type AuditKind,
	type AuditRecord
} from '$lib/domain/audit-record';
import { db } from './db';
import { thisDeviceId } from './device-id';
import { currentActor } from './actor';
import { repository, type SaveResult } from './repository';

/**
 * Audit lines: written on the tablet the moment a file about pupils is made or a sent document is
 * changed (offline too: they sync with everything else), never changed afterwards.
 */
const repo = repository('auditRecord');

export interface ExportAudit {
	kind: AuditKind;
	pupilIds: readonly string[];
	/** What left the tablet, in a line (the file name is added by the download helper). */
	summary?: string;
}

/** Who may write: visitors (read-only accounts) have no actor and cannot save records. */
function hasActor(): boolean {
	try {
		currentActor();
		return true;
	} catch {
		return false;
	}
}

/**
 * Record that a file was made. `null` when nobody who can save is signed in (a visitor's read-only
 * account cannot write to the organisation's records; see docs/security.md).
 */
export async function recordExport(audit: ExportAudit, filename: string): Promise<SaveResult<AuditRecord> | null> {
	if (!hasActor()) return null;
	return repo.create({
		kind: audit.kind,
		pupilIds: [...new Set(audit.pupilIds)],
		summary: (audit.summary ? `${audit.summary} (${filename})` : filename).slice(0, 500),
		deviceId: await thisDeviceId()
	});
}

/** The line for a changed sent document: the sent version, the version that replaces it, the tablet. */
export function sentDocumentChangedInput(
	sent: { _id: string; pupilId: string },
	next: { _id: string },
	what: string,
	deviceId: string
) {
	return {
		kind: 'sent-document-changed' as const,
		pupilIds: [sent.pupilId],
		summary: what.slice(0, 500),
		deviceId,
		documentId: sent._id,
		newDocumentId: next._id
	};
}

export interface AuditPage {
	rows: AuditRecord[];
	total: number;
	/** Everyone named in the audit, for the person filter. */
	people: string[];
}

/** One page of the audit, newest first, filtered (by pupil through its index). */
export async function page(filter: AuditFilter, offset: number, limit: number): Promise<AuditPage> {
	const table = db.records<AuditRecord>('auditRecord');
	const candidates = filter.pupilId
		? await table.where('pupilIds').equals(filter.pupilId).toArray()
		: await table.toArray();
	const rows = candidates.filter((r) => matchesAuditFilter(r, filter)).sort(newestFirst);
	const people = (await table.orderBy('createdBy').uniqueKeys()) as string[];
	return { rows: rows.slice(offset, offset + limit), total: rows.length, people };
}

/** Every audit line about one pupil, newest first (the subject access export's section). */
export async function forPupil(pupilId: string): Promise<AuditRecord[]> {
	return (await db.records<AuditRecord>('auditRecord').where('pupilIds').equals(pupilId).toArray()).sort(newestFirst);
}
