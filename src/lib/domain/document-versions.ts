/**
 * The sent log's versions (R4.1/R4.2). A sent document is never changed: editing it makes a new
 * draft with `version` one higher and `supersedes` pointing at the sent one, which stays as it
 * was, so the school's copy can always be shown again.
 */

export interface Versioned {
	_id: string;
	status: 'draft' | 'sent';
	version?: number;
	supersedes?: string;
	archived?: boolean;
}

export function versionOf(doc: Pick<Versioned, '_id' | 'version'>): number {
	return doc.version ?? 1;
}

/**
 * What saving did, in words for the person: a sent document saved again becomes a new version
 * (its id changes); a draft is saved in place. `noun` names the document ("Feedback form").
 */
export function savedOutcome(
	before: Pick<Versioned, '_id'> | undefined,
	saved: Pick<Versioned, '_id' | 'version'>,
	noun: string
) {
	const isNewVersion = !!before && saved._id !== before._id;
	const message = isNewVersion ? `Saved as version ${versionOf(saved)}. The sent version is kept.` : `${noun} saved`;
	return { isNewVersion, message };
}

/** Sent documents are locked: only a draft may be changed in place. */
export function isLocked(doc: Pick<Versioned, 'status'>): boolean {
	return doc.status === 'sent';
}

/** The current version of every document: those no other (non-archived) one supersedes. */
export function latestVersions<D extends Versioned>(docs: readonly D[]): D[] {
	const live = docs.filter((d) => !d.archived);
	const superseded = new Set(live.map((d) => d.supersedes).filter(Boolean));
	return live.filter((d) => !superseded.has(d._id));
}

/** Every earlier version of `doc`, newest first (as far back as this tablet holds them). */
export function earlierVersions<D extends Versioned>(doc: D, docs: readonly D[]): D[] {
	const byId = new Map(docs.map((d) => [d._id, d]));
	const out: D[] = [];
	let next = doc.supersedes ? byId.get(doc.supersedes) : undefined;
	while (next && !out.includes(next)) {
		out.push(next);
		next = next.supersedes ? byId.get(next.supersedes) : undefined;
	}
	return out;
}

/** The fields a new version of a sent document starts from: a draft, not yet sent to anyone. */
export function newVersionFields(sent: Versioned): {
	status: 'draft';
	version: number;
	supersedes: string;
	sentAt: undefined;
	sentTo: undefined;
} {
	return { status: 'draft', version: versionOf(sent) + 1, supersedes: sent._id, sentAt: undefined, sentTo: undefined };
}

/**
 * What a batch PDF prints of one pupil's documents (every version on this tablet): finished
 * documents only, the newest period and the highest sent version, unless the person chose to
 * include drafts, when the current version (draft or sent) of the newest period is printed.
 * A new draft version never hides the copy the school already has.
 */
export function versionForBatch<D extends Versioned & { periodEnd: string }>(
	docs: readonly D[],
	includeDrafts: boolean
): D | undefined {
	const candidates = includeDrafts ? latestVersions(docs) : docs.filter((d) => !d.archived && d.status === 'sent');
	return [...candidates].sort((a, b) => b.periodEnd.localeCompare(a.periodEnd) || versionOf(b) - versionOf(a))[0];
}
