import Dexie, { type EntityTable, type Table } from 'dexie';
import type { SafeguardingNote } from '$lib/domain/safeguarding-note';
import type { AttendanceDigest } from '$lib/domain/attendance-digest';
import type { PageOnServer } from '$lib/domain/work-photo';
import type { AnyRecord, RecordOf, RecordType } from '$lib/domain/kinds';

/**
 * A record saved on this tablet that the server has not confirmed yet. Keyed by document id, so
 * ten quick edits of one pupil are one entry. `rev` is empty while the edit is only in Dexie and
 * becomes the PouchDB revision once the bridge has copied it across; the entry is deleted only
 * when the server reports it has that revision (sync/confirm.ts).
 */
export interface OutboxEntry {
	docId: string;
	type: RecordType;
	queuedAt: string;
	/** Unique per save: tells the bridge whether the entry was re-queued while it was copying. */
	token: string;
	rev?: string;
	/**
	 * The server refused this revision (403 from its validation): its reason, and since when.
	 * PouchDB's push moves on past a refused document, so the entry stays here, shown as refused,
	 * and sync/refusals.ts pushes it again when the reason may be gone. Not indexed: no schema step.
	 */
	refused?: { reason: string; since: string };
}

/** A document from the server that failed validation: kept, with the reason, never applied. */
export interface QuarantineEntry {
	/** `<docId>@<rev>`: the same bad revision arriving twice is stored once. */
	key: string;
	docId: string;
	rev: string;
	reason: string;
	receivedAt: string;
	/** The raw document, cut to 20 kB so a hostile one cannot fill the tablet. */
	raw: string;
	/** Saved by a newer version of Waymark, not broken: this tablet must not edit its older copy. */
	isNewerVersion?: boolean;
}

/**
 * A record two people changed differently while apart. Both values of every such field are kept
 * here (and as revisions in the replica) until a person chooses; nothing is resolved silently.
 */
export interface DecisionEntry {
	docId: string;
	type: RecordType;
	detectedAt: string;
	/** Fields (or, with `item`, one item of a list field) that need a choice, each with every value offered. */
	conflicts: {
		field: string;
		item?: string;
		options: { value: unknown; rev: string; updatedAt: string; updatedBy: string }[];
	}[];
	/** Why the last choices could not be saved (they made a record the contract refuses): choose again. */
	problem?: string;
}

export interface MetaEntry {
	key: string;
	value: unknown;
}

/**
 * Indexes per record kind as first released (version 1; later versions change some, below). `_id`
 * is the primary key everywhere.
 */
const FIRST_INDEXES = {
	pupil: '_id, familyName, yearGroup, status, upn',
	intake: '_id, pupilId, [pupilId+subject]',
	baseline: '_id, pupilId, [pupilId+date], domain',
	plan: '_id, pupilId, [pupilId+startDate], reviewDate',
	planReview: '_id, pupilId, planId, [pupilId+date]',
	// *pupilIds: multi-entry, so "lessons this pupil was in" is one index lookup.
	lesson: '_id, date, [subject+date], teacher, *pupilIds',
	exitTicket: '_id, pupilId, lessonId, [pupilId+date], date',
	markingNote: '_id, pupilId, replyTo, lessonId, createdAt',
	feedbackForm: '_id, pupilId, [pupilId+periodEnd], status',
	progressReport: '_id, pupilId, [pupilId+periodEnd], halfTerm, status',
	parentContact: '_id, pupilId, [pupilId+date], date',
	hostWork: '_id, pupilId, dueDate, status',
	assessment: '_id, pupilId, [pupilId+date], date',
	moderation: '_id, date, subject',
	behaviour: '_id, pupilId, [pupilId+date], date, lessonId',
	attendance: '_id, pupilId, [pupilId+date], [date+session], date',
	reintegration: '_id, pupilId, status',
	settings: '_id',
	absenceNotice: '_id, date',
	carerContact: '_id, pupilId',
	hostSchool: '_id, name'
};

/** Photographed pages and the ink on them (schema version 11). */
const PHOTO_INDEXES = {
	workPhoto: '_id, pupilId, createdAt',
	inkLayer: '_id, pupilId, photoId'
};

/** Recurring lessons (schema version 14): by weekday for Today, by pupil for their timetable. */
const TIMETABLE_INDEXES = { timetableSlot: '_id, weekday, *pupilIds' };

/** Leaders' actions on trends (schema version 15). */
const TREND_ACTION_INDEXES = { trendAction: '_id, pupilId, topic' };

/** Audit lines (schema version 23): newest first, by pupil, by kind, by person. */
const AUDIT_INDEXES = { auditRecord: '_id, createdAt, *pupilIds, kind, createdBy' };

/** Deletion certificates under the retention schedule (schema version 24). */
const RETENTION_INDEXES = { retentionDeletion: '_id, deletedAt' };

/**
 * Schema version 28: only the indexes some query reads (tablet storage, issue 16 item 3). Every
 * index entry is stored beside the record, so an index no query uses costs bytes on every tablet.
 * Dropped: the `[pupilId+date]`-style compounds (every "this pupil's records" read goes through
 * `pupilId` and sorts in memory), `replyTo`, `domain`, `reviewDate`,
 * `dueDate`, the `status` of kinds no screen lists by status, and the register's plain `date`
 * (its `[date+session]` serves a range of days as well: store/attendance.ts, marksOnDays).
 */
const LEAN_INDEXES = {
	baseline: '_id, pupilId',
	plan: '_id, pupilId',
	planReview: '_id, pupilId, planId',
	exitTicket: '_id, pupilId, lessonId, date',
	markingNote: '_id, pupilId, lessonId, createdAt',
	feedbackForm: '_id, pupilId',
	progressReport: '_id, pupilId, halfTerm',
	parentContact: '_id, pupilId, date',
	hostWork: '_id, pupilId',
	assessment: '_id, pupilId, date',
	behaviour: '_id, pupilId, date, lessonId',
	attendance: '_id, pupilId, [date+session]',
	reintegration: '_id, pupilId'
};

export const RECORD_INDEXES: Record<RecordType, string> = {
	...FIRST_INDEXES,
	...PHOTO_INDEXES,
	...TIMETABLE_INDEXES,
	...TREND_ACTION_INDEXES,
	...AUDIT_INDEXES,
	...RETENTION_INDEXES,
	...LEAN_INDEXES
};

/** A safeguarding concern on its way to the designated safeguarding lead, with the last refusal if any. */
export interface SafeguardingQueueEntry {
	_id: string;
	note: SafeguardingNote;
	queuedAt: string;
	/** The server's reason when it refused the concern (kept until it is accepted). */
	problem?: string;
}

export class WaymarkDb extends Dexie {
	outbox!: EntityTable<OutboxEntry, 'docId'>;
	quarantine!: EntityTable<QuarantineEntry, 'key'>;
	meta!: EntityTable<MetaEntry, 'key'>;
	decisions!: EntityTable<DecisionEntry, 'docId'>;
	/**
	 * Derived, on this tablet only (never synced, no outbox entry): each pupil's standing
	 * attendance marks in one row (store/attendance-digest.ts). A pupil's row is deleted in the
	 * same transaction as any write of one of their marks, and rebuilt from the records on read.
	 */
	attendanceDigest!: EntityTable<AttendanceDigest, 'pupilId'>;
	/** Safeguarding concerns waiting to reach the server (never replicated; see safeguarding-queue.ts). */
	safeguardingQueue!: EntityTable<SafeguardingQueueEntry, '_id'>;
	/** Pages whose picture this tablet dropped (freed or outside the window): placeholders, never synced. */
	pagesOnServer!: EntityTable<PageOnServer, '_id'>;

	constructor(name = 'waymark') {
		// No query cache: it would hand live queries results before the transaction commits (optimistic
		// updates), which this app never shows, and it leaves an `abort` listener per read that a tab
		// open all day piles up (docs/performance.md). Every live query reads IndexedDB again instead.
		super(name, { cache: 'disabled' });
		// Version 1 is the first released schema; add a new version() step for every change after.
		// Kinds added later get their table in the version that added them, not in version 1.
		const { absenceNotice, carerContact, hostSchool, ...firstKinds } = FIRST_INDEXES;
		this.version(1).stores({
			...firstKinds,
			outbox: 'docId, queuedAt',
			quarantine: 'key, docId, receivedAt',
			meta: 'key'
		});
		this.version(2).stores({ decisions: 'docId, detectedAt' });
		this.version(3).stores({ attendanceDigest: 'pupilId' });
		// Absence notices, parent/carer contacts and host schools; and DfE attendance codes: digests built before
		// codes count marks only, so rebuild them from the records.
		this.version(10)
			.stores({ absenceNotice, carerContact, hostSchool })
			.upgrade((tx) => tx.table('attendanceDigest').clear());
		this.version(11).stores(PHOTO_INDEXES);
		this.version(15).stores(TREND_ACTION_INDEXES);
		this.version(20).stores({ safeguardingQueue: '_id, queuedAt' });
		// Timetable slots (built as 14; numbered after 20 so tablets already on 20 get the table).
		this.version(21).stores(TIMETABLE_INDEXES);
		this.version(23).stores(AUDIT_INDEXES);
		this.version(24).stores(RETENTION_INDEXES);
		// Placeholders of photographed pages whose picture this tablet dropped (docs/photos.md).
		this.version(26).stores({ pagesOnServer: '_id, pupilId' });
		// Indexes no query reads, dropped (Dexie deletes them; the records stay as they are).
		this.version(28).stores(LEAN_INDEXES);
	}

	records<T extends { _id: string } = AnyRecord>(type: RecordType): Table<T, string> {
		return this.table(type);
	}

	/** The table of one record kind, typed by that kind: no cast needed to read or write it. */
	tableFor<K extends RecordType>(kind: K): Table<RecordOf<K>, string> {
		return this.table(kind);
	}
}

/** The one database of this tablet. Tests may swap it with `useDatabase` (fake-indexeddb). */
export let db = new WaymarkDb();

export function useDatabase(next: WaymarkDb): WaymarkDb {
	db = next;
	return db;
}
