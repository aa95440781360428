import type { Intake, IntakeInput } from '$lib/domain/intake';
import { db } from './db';
import { repository, type SaveResult } from './repository';

const repo = repository('intake');

export const { create, update, get } = repo;

/** The pupil's intake data, one per subject (maths first). */
export async function forPupil(pupilId: string): Promise<Intake[]> {
	const rows = await repo.forPupil(pupilId);
	return rows.sort((a, b) => a.subject.localeCompare(b.subject));
}

/**
 * One intake record per pupil and subject: a second save for the same subject edits the first
 * rather than adding a rival (two tablets that both add one still sync both; the newest shows).
 */
export async function saveForSubject(input: IntakeInput, base?: Intake): Promise<SaveResult<Intake>> {
	const existing = await db
		.records<Intake>('intake')
		.where('[pupilId+subject]')
		.equals([input.pupilId, input.subject])
		.filter((r) => !r.archived)
		.last();
	// `base` (what the form loaded) counts only when it is this record: see repository `update`.
	return existing
		? repo.update(existing._id, input, { base: base?._id === existing._id ? base : undefined })
		: repo.create(input);
}
