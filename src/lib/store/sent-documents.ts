import { localToday } from '$lib/domain/calendar-days';
import { isLocked, newVersionFields, type Versioned } from '$lib/domain/document-versions';
import type { InputOf } from '$lib/domain/common';
import type { RecordOf } from '$lib/domain/kinds';
import { db } from './db';
import { RECORD_TYPE_LABELS } from '$lib/domain/record-labels';
import { sentDocumentChangedInput } from './audit';
import { thisDeviceId } from './device-id';
import { repository, withReopenedDatabase, type SaveResult } from './repository';

/**
 * Saving and sending feedback forms and half-term reports. A sent document is locked: saving
 * changes to it writes a NEW document (next version, `supersedes` the sent one) and the sent one
 * is kept exactly as the school received it.
 */
type SentKind = 'feedbackForm' | 'progressReport';
/** What an editor hands over: the fields of the kind's input it shows. */
type Fields<T extends SentKind> = InputOf<RecordOf<T>>;

export async function saveVersioned<T extends SentKind>(
	type: T,
	id: string,
	patch: Record<string, unknown>,
	base?: RecordOf<T>
): Promise<SaveResult<RecordOf<T>>> {
	const repo = repository(type);
	const existing = (await db.records(type).get(id)) as (RecordOf<T> & Versioned) | undefined;
	if (!existing) return { ok: false, message: 'That document no longer exists on this tablet.', errors: {} };
	// `base`: the draft as the editor loaded it (see repository `update`); only if it is this document.
	if (!isLocked(existing))
		return repo.update(id, { ...patch, status: 'draft' } as Partial<Fields<T>>, {
			base: base?._id === id ? base : undefined
		});
	// Keep what the sent one carried (including fields other clients added), minus its identity.
	const { _id, _rev, createdAt, createdBy, updatedAt, updatedBy, ...carried } = existing as Record<string, unknown>;
	void [_id, _rev, createdAt, createdBy, updatedAt, updatedBy];
	const next: Record<string, unknown> = { ...carried, ...patch, ...newVersionFields(existing) };
	delete next.sentAt;
	delete next.sentTo;
	// A sent document changed: the new version and its audit line are saved together or not at all.
	const deviceId = await thisDeviceId();
	const what = `${RECORD_TYPE_LABELS[type]} sent ${String(existing.sentAt ?? '').slice(0, 10)} to ${String(existing.sentTo ?? 'the host school')}: version ${String(next.version ?? '')} made`;
	return withReopenedDatabase(() =>
		db.transaction('rw', [db.records(type), db.records('auditRecord'), db.outbox], async () => {
			const saved = await repo.create(next as Fields<T>);
			if (!saved.ok) return saved;
			const line = await auditLines.create(sentDocumentChangedInput(existing, saved.record, what, deviceId));
			if (!line.ok) throw new Error(`The change could not be recorded in the audit: ${line.message}`);
			return saved;
		})
	);
}

const auditLines = repository('auditRecord');

export interface SendDetails {
	/** YYYY-MM-DD the document went to the school. */
	date: string;
	/** Who at the host school received it, e.g. "Mrs Shah, SENCo". */
	sentTo: string;
}

/** Record that a draft went to the host school: date and recipient, then it is locked. */
export async function markSent<T extends SentKind>(
	type: T,
	id: string,
	details: SendDetails
): Promise<SaveResult<RecordOf<T>>> {
	const errors: Record<string, string> = {};
	const sentTo = details.sentTo.trim();
	if (!sentTo) errors.sentTo = 'Say who at the host school it was sent to';
	if (!/^\d{4}-\d{2}-\d{2}$/.test(details.date)) errors.sentAt = 'Give the date it was sent';
	else if (details.date > localToday()) errors.sentAt = 'The date sent cannot be in the future';
	if (Object.keys(errors).length) return { ok: false, errors, message: 'Please correct the highlighted fields.' };
	const existing = (await db.records(type).get(id)) as (RecordOf<T> & Versioned) | undefined;
	if (!existing) return { ok: false, message: 'That document no longer exists on this tablet.', errors: {} };
	if (isLocked(existing))
		return { ok: false, message: 'This version has already been sent. Edit it to make a new version.', errors: {} };
	// Noon on the day it was sent: a date, stored as the contract's date-time, never a day out.
	const sentAt = details.date === localToday() ? new Date().toISOString() : `${details.date}T12:00:00.000Z`;
	return repository(type).update(id, { status: 'sent', sentAt, sentTo } as Partial<Fields<T>>);
}
