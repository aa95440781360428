import { localToday } from '$lib/domain/calendar-days';
/**
 * Writing a confirmed intake import (R1.3). The plan comes from `planImport` (pure, previewed by a
 * person); this only writes its accepted rows, a batch of them per transaction (pupils, intakes and
 * outbox entries together), so a tablet that dies half-way leaves whole pupils, and running the
 * import again finishes the rest without duplicates.
 */
import type { CarerContact } from '$lib/domain/carer-contact';
import { SCHEMA_VERSION } from '$lib/domain/common';
import { intakeSchema, type Intake } from '$lib/domain/intake';
import type { AcceptedRow, ImportContext, ImportedPupil } from '$lib/domain/intake-import';
import { newContacts } from '$lib/domain/intake-contacts';
import type { Pupil, PupilInput } from '$lib/domain/pupil';
import { db } from './db';
import * as carerContacts from './carer-contacts';
import { saveForSubject } from './intakes';
import * as pupils from './pupils';
import * as settings from './settings';

/** What the planner needs to know about this tablet: its pupils, their intakes and the KS3 scale. */
export async function importContext(): Promise<ImportContext> {
	const [allPupils, intakes, current, contacts] = await Promise.all([
		db.records<Pupil>('pupil').toArray(),
		db.records<Intake>('intake').toArray(),
		settings.current(),
		db.records<CarerContact>('carerContact').toArray()
	]);
	return { pupils: allPupils, intakes, ks3Scale: current.ks3Scale, today: localToday(), carerContacts: contacts };
}

export interface ImportResult {
	created: number;
	updated: number;
	/** Rows that could not be saved, with the reason (should not happen: the plan validated them). */
	failed: { row: number; name: string; reason: string }[];
}

/**
 * Rows per transaction. Every commit wakes the sync engine, which then competes for the same tables:
 * measured in Chromium (1,000 rows, syncing): one row per transaction wrote ~1.4 rows a second (about
 * 12 minutes projected); 25 rows per transaction took 46 s, 50 took 35 s, 100 took 23 s. 50 keeps
 * the progress bar moving every second or two.
 */
const BATCH = 50;

const nameKey = (p: Pick<ImportedPupil, 'givenName' | 'familyName' | 'dateOfBirth'>) =>
	`${p.givenName.trim().toLowerCase()}|${p.familyName.trim().toLowerCase()}|${p.dateOfBirth}`;

/**
 * Pupils on the tablet now, by UPN and by name + date of birth, so a "create" row whose pupil
 * appeared since the preview (synced from another tablet, or written by an earlier, interrupted run
 * of this import) updates them instead of adding a twin.
 */
async function pupilIndex() {
	const all = (await db.records<Pupil>('pupil').toArray()).filter((p) => !p.archived);
	const byUpn = new Map(all.filter((p) => p.upn).map((p) => [p.upn!, p._id]));
	const byName = new Map(all.map((p) => [nameKey(p), p._id]));
	return {
		find: (p: ImportedPupil) => (p.upn ? byUpn.get(p.upn) : undefined) ?? byName.get(nameKey(p)),
		add: (p: ImportedPupil, id: string) => {
			if (p.upn) byUpn.set(p.upn, id);
			byName.set(nameKey(p), id);
		}
	};
}

// A stand-in pupil id, only to check intake fields before anything is written.
const PROBE_PUPIL = 'pupil:00000000000000000000000000';

/** The row's intakes are checked first, so a row is never left half-written (pupil without intakes). */
function intakeProblem(row: AcceptedRow, receivedDate: string): string | null {
	for (const intake of row.intakes) {
		const parsed = intakeSchema.safeParse({
			...intake,
			pupilId: PROBE_PUPIL,
			receivedDate,
			_id: 'intake:00000000000000000000000000',
			type: 'intake',
			schemaVersion: SCHEMA_VERSION,
			createdAt: new Date().toISOString(),
			updatedAt: new Date().toISOString(),
			createdBy: 'import',
			updatedBy: 'import'
		});
		if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Intake data is not valid';
	}
	return null;
}

type Index = Awaited<ReturnType<typeof pupilIndex>>;

/** A row that cannot be saved (reported, nothing written); any other error is storage failing. */
class RowProblem extends Error {}

async function writeRow(row: AcceptedRow, receivedDate: string, index: Index): Promise<'created' | 'updated'> {
	const problem = intakeProblem(row, receivedDate);
	if (problem) throw new RowProblem(problem);
	const existingId = row.status === 'update' ? row.pupilId : index.find(row.pupil);
	let pupilId: string;
	if (existingId) {
		const patch: Partial<PupilInput> = { ...row.pupil };
		if (row.status === 'create') {
			// A row planned as "create" carries defaults (start today, no SEN) that must not overwrite.
			delete patch.startDate;
			delete patch.senStatus;
		}
		const saved = await pupils.update(existingId, patch);
		if (!saved.ok) throw new RowProblem(Object.values(saved.errors)[0] ?? saved.message);
		pupilId = existingId;
	} else {
		const saved = await pupils.create({
			...row.pupil,
			startDate: row.pupil.startDate ?? receivedDate,
			senStatus: row.pupil.senStatus ?? 'none',
			status: 'active'
		});
		if (!saved.ok) throw new RowProblem(Object.values(saved.errors)[0] ?? saved.message);
		pupilId = saved.record._id;
		index.add(row.pupil, pupilId);
	}
	for (const intake of row.intakes) {
		const saved = await saveForSubject({ pupilId, ...intake, receivedDate });
		if (!saved.ok) throw new RowProblem(Object.values(saved.errors)[0] ?? saved.message); // checked above: cannot happen
	}
	// A pupil planned as new but found by a re-run of the import may have these contacts already.
	const onRecord = existingId ? await carerContacts.forPupil(pupilId) : [];
	for (const contact of newContacts(row.contacts, onRecord)) {
		const saved = await carerContacts.create({ pupilId, ...contact });
		if (!saved.ok) throw new RowProblem(Object.values(saved.errors)[0] ?? saved.message);
	}
	return existingId ? 'updated' : 'created';
}

/**
 * Write every accepted row, reporting progress after each batch. Rows are written 50 to a
 * transaction (pupils, intakes and their outbox entries together): a row that fails its checks is
 * reported and writes nothing; a storage failure loses no more than its batch, which is reported
 * too, and importing the file again completes it without duplicates.
 */
export async function applyImport(
	rows: readonly AcceptedRow[],
	onProgress?: (done: number, total: number) => void
): Promise<ImportResult> {
	const result: ImportResult = { created: 0, updated: 0, failed: [] };
	const receivedDate = localToday();
	const index = await pupilIndex();
	for (let start = 0; start < rows.length; start += BATCH) {
		const batch = rows.slice(start, start + BATCH);
		const outcome: ImportResult = { created: 0, updated: 0, failed: [] };
		try {
			await db.transaction(
				'rw',
				[db.records('pupil'), db.records('intake'), db.records('carerContact'), db.outbox],
				async () => {
					for (const row of batch) {
						try {
							outcome[await writeRow(row, receivedDate, index)]++;
						} catch (error) {
							if (!(error instanceof RowProblem)) throw error; // storage failing aborts the batch
							outcome.failed.push({ row: row.row, name: row.name, reason: error.message });
						}
					}
				}
			);
			result.created += outcome.created;
			result.updated += outcome.updated;
			result.failed.push(...outcome.failed);
		} catch (error) {
			const reason = `Not saved: ${error instanceof Error ? error.message : String(error)}. Import the file again to finish.`;
			result.failed.push(...batch.map((row) => ({ row: row.row, name: row.name, reason })));
		}
		onProgress?.(Math.min(start + BATCH, rows.length), rows.length);
		// Let the progress bar paint between batches.
		await new Promise((resolve) => setTimeout(resolve, 0));
	}
	return result;
}
