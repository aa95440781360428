import { localToday } from '$lib/domain/calendar-days';
import { futureDateErrors } from '$lib/domain/record-dates';
import type { Baseline, BaselineDomain, BaselineInput } from '$lib/domain/baseline';
import { missingBaselineDomains } from '$lib/domain/plan-rules';
import type { Pupil } from '$lib/domain/pupil';
import { saveChecked } from './checked-save';
import { db } from './db';
import * as pupils from './pupils';
import { repository, type SaveResult } from './repository';

const repo = repository('baseline');

export const { get, archive } = repo;

const happened = (input: BaselineInput) => futureDateErrors(input, { date: 'The date of the baseline' }, localToday());

/**
 * Record a baseline (R2.1). `formErrors` are mistakes the form found before building the input
 * (e.g. a reading age of 9 years 14 months): with any, nothing is saved.
 */
export function create(input: BaselineInput, formErrors: Record<string, string> = {}): Promise<SaveResult<Baseline>> {
	return saveChecked('baseline', input, { ...happened(input), ...formErrors }, () => repo.create(input));
}

export function update(
	id: string,
	input: BaselineInput,
	formErrors: Record<string, string> = {}
): Promise<SaveResult<Baseline>> {
	return saveChecked('baseline', input, { ...happened(input), ...formErrors }, () => repo.update(id, input));
}

/** The learning pathway (R2.2) is kept on the domain's baseline: "what to work on next". */
export function setPathway(id: string, pathway: string): Promise<SaveResult<Baseline>> {
	return repo.update(id, { pathway: pathway.trim() || undefined });
}

/** The pupil's baselines, newest first. */
export async function forPupil(pupilId: string): Promise<Baseline[]> {
	const rows = await repo.forPupil(pupilId);
	return rows.sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
}

/** Pupils on roll with no baseline yet in at least one domain, and which domains. */
export async function pupilsMissingBaselines(): Promise<{ pupil: Pupil; missing: BaselineDomain[] }[]> {
	const [onRoll, all] = await Promise.all([pupils.list(), db.records<Baseline>('baseline').toArray()]);
	const byPupil = new Map<string, Baseline[]>();
	for (const b of all) byPupil.set(b.pupilId, [...(byPupil.get(b.pupilId) ?? []), b]);
	return onRoll
		.map((pupil) => ({ pupil, missing: missingBaselineDomains(byPupil.get(pupil._id) ?? []) }))
		.filter((row) => row.missing.length > 0);
}
