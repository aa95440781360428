import { z } from 'zod';
import { documentSchema, optionalText, pupilRef, requiredText, type DocOf, type InputOf } from './common';

/**
 * An audit line written on the tablet at the moment something about pupils left it (a PDF, a CSV,
 * a JSON export) or a document already sent to a host school was changed. Append-only: created
 * once, never updated, archived or deleted (the server's validation refuses anything else from
 * staff). Who and when are the document's own `createdBy` and `createdAt`.
 */
export const AUDIT_KINDS = [
	'evidence-pack',
	'subject-access',
	'document-pdf',
	'batch-pdf',
	'moderation-pdf',
	'trends-csv',
	'trends-json',
	'sent-document-changed'
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** What the person did, in the words the Audit page and the subject access copy use. */
export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
	'evidence-pack': 'exported the evidence pack',
	'subject-access': 'exported the subject access copy',
	'document-pdf': 'printed a document',
	'batch-pdf': 'printed a batch of documents',
	'moderation-pdf': 'printed the moderation record',
	'trends-csv': 'downloaded a Trends table (CSV)',
	'trends-json': 'downloaded Trends data (JSON)',
	'sent-document-changed': 'changed a sent document'
};

/** Short names for the filter on the Audit page. */
export const AUDIT_KIND_FILTER_LABELS: Record<AuditKind, string> = {
	'evidence-pack': 'Evidence pack',
	'subject-access': 'Subject access export',
	'document-pdf': 'Single document PDF',
	'batch-pdf': 'Batch PDF',
	'moderation-pdf': 'Moderation record PDF',
	'trends-csv': 'Trends CSV',
	'trends-json': 'Trends JSON',
	'sent-document-changed': 'Sent document changed'
};

export const auditRecordSchema = documentSchema('auditRecord', {
	kind: z.enum(AUDIT_KINDS, { error: 'Say what kind of export or change this was' }),
	/** The pupils the file or change was about (empty for whole-provision figures). */
	pupilIds: z.array(pupilRef).max(2000),
	/** What it was, in a line: the file name, or which document was changed. */
	summary: requiredText('What was exported', 500),
	/** The tablet it happened on (its device id, see session devices). */
	deviceId: optionalText('Device', 100),
	/** For a changed sent document: the sent version and the new version that replaces it. */
	documentId: optionalText('Document', 100),
	newDocumentId: optionalText('New version', 100)
});

export type AuditRecord = DocOf<typeof auditRecordSchema>;
export type AuditRecordInput = InputOf<AuditRecord>;

/** "teacher1 exported the evidence pack for Ava Smith" (pupil names looked up by the caller). */
export function auditLine(record: Pick<AuditRecord, 'kind' | 'createdBy'>, pupilNames: readonly string[]): string {
	const who = `${record.createdBy} ${AUDIT_KIND_LABELS[record.kind]}`;
	if (pupilNames.length === 0) return who;
	if (pupilNames.length <= 3) return `${who} for ${listInWords(pupilNames)}`;
	return `${who} for ${pupilNames.length} pupils`;
}

function listInWords(names: readonly string[]): string {
	if (names.length <= 1) return names.join('');
	return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export interface AuditFilter {
	pupilId?: string;
	kind?: AuditKind;
	person?: string;
}

/** The Audit page's filter: every condition given must hold. */
export function matchesAuditFilter(record: AuditRecord, filter: AuditFilter): boolean {
	if (filter.pupilId && !record.pupilIds.includes(filter.pupilId)) return false;
	if (filter.kind && record.kind !== filter.kind) return false;
	if (filter.person && record.createdBy !== filter.person) return false;
	return true;
}

/** Newest first; the same moment ordered by id so paging never shows a line twice. */
export function newestFirst(a: AuditRecord, b: AuditRecord): number {
	return b.createdAt.localeCompare(a.createdAt) || b._id.localeCompare(a._id);
}

/**
 * The organisation's audit of sign-ins on the server: a database of its own, written by the server
 * only and readable by the organisation's admins only (CouchDB has no per-document read rights).
 */
export function signInAuditDbName(org: string): string {
	return `audit-${org}`;
}

/** One sign-in or failed sign-in as the server recorded it. */
export interface SignInLine {
	_id: string;
	name: string;
	outcome: 'signed-in' | 'failed';
	how: 'password' | 'basic';
	address: string;
	at: string;
}

/** "Signed in" / "Failed sign-in (wrong password or code)" in the head of centre's words. */
export function signInOutcomeLabel(line: Pick<SignInLine, 'outcome' | 'how'>): string {
	if (line.outcome === 'signed-in') return 'Signed in';
	return line.how === 'basic' ? 'Failed sign-in (wrong password, from a program)' : 'Failed sign-in';
}
