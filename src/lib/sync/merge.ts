/**
 * Three-way, field-by-field merge of the revisions of one document that were edited apart
 * (two tablets offline). Pure: no PouchDB, no Dexie.
 *
 * For each field, the common ancestor tells which sides changed it:
 *   - nobody changed it, or every side made the same change → that value;
 *   - exactly one side changed it → that side's value (nothing the other side did is lost);
 *   - two sides changed it differently → a FieldConflict: every value is kept and a person
 *     chooses; until then the most recently updated side's value stands in.
 * Without the ancestor (compacted away on every copy) any field that differs needs a person.
 * Arrays and nested objects count as one value: half of one register and half of another is not
 * a register anyone took.
 */

export type Doc = Record<string, unknown> & { _id: string; _rev?: string };

export interface FieldOption {
	value: unknown;
	rev: string;
	updatedAt: string;
	updatedBy: string;
}

export interface FieldConflict {
	field: string;
	options: FieldOption[];
}

export interface MergeResult {
	merged: Doc;
	conflicts: FieldConflict[];
}

/** Bookkeeping the merge sets itself rather than choosing between sides. */
const NOT_MERGED = new Set(['_id', '_rev', '_revisions', '_conflicts', '_deleted', 'updatedAt', 'updatedBy']);

function same(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

const updatedAt = (d: Doc) => (typeof d.updatedAt === 'string' ? d.updatedAt : '');

/** Newest first; ties broken by rev so every tablet orders the same way (and merges identically). */
function byRecency(a: Doc, b: Doc): number {
	return updatedAt(b).localeCompare(updatedAt(a)) || String(b._rev).localeCompare(String(a._rev));
}

export function mergeRevisions(base: Doc | null, leaves: Doc[]): MergeResult {
	const ordered = [...leaves].sort(byRecency);
	const newest = ordered[0];
	if (!newest) throw new Error('mergeRevisions needs at least one revision');
	const merged: Doc = { _id: newest._id };
	const conflicts: FieldConflict[] = [];
	const fields = new Set(ordered.flatMap((d) => Object.keys(d)).filter((f) => !NOT_MERGED.has(f)));

	for (const field of [...fields].sort()) {
		const values = ordered.map((d) => d[field]);
		const changed = base ? ordered.filter((d) => !same(d[field], base[field])) : ordered;
		const distinct = changed.filter((d, i) => changed.findIndex((e) => same(e[field], d[field])) === i);
		if (values.every((v) => same(v, values[0]))) {
			setField(merged, field, values[0]);
		} else if (base && distinct.length === 1) {
			setField(merged, field, distinct[0]![field]);
		} else {
			const options = distinct.map((d) => ({
				value: d[field],
				rev: String(d._rev),
				updatedAt: updatedAt(d),
				updatedBy: String(d.updatedBy ?? '')
			}));
			conflicts.push({ field, options });
			setField(merged, field, options[0]?.value);
		}
	}
	// The merge is dated like its newest input so two tablets merging the same conflict write the
	// same document (PouchDB's deterministic revs then give the same revision: no new conflict).
	merged.updatedAt = newest.updatedAt;
	merged.updatedBy = newest.updatedBy;
	return { merged, conflicts };
}

function setField(doc: Doc, field: string, value: unknown) {
	if (value !== undefined) doc[field] = value;
}

/** Apply a person's choices (field → option index) to a merge that needed them. */
export function applyChoices(result: MergeResult, choices: Record<string, number>): Doc {
	const doc: Doc = { ...result.merged };
	for (const conflict of result.conflicts) {
		const option = conflict.options[choices[conflict.field] ?? 0];
		if (option === undefined) continue;
		if (option.value === undefined) delete doc[conflict.field];
		else doc[conflict.field] = option.value;
	}
	return doc;
}

/** The newest revision both leaves descend from, from their `_revisions` paths. */
export function commonAncestorRev(leaves: Doc[]): string | null {
	const paths = leaves.map((leaf) => {
		const revs = leaf._revisions as { start: number; ids: string[] } | undefined;
		if (!revs) return [] as string[];
		return revs.ids.map((hash, i) => `${revs.start - i}-${hash}`);
	});
	const [first, ...rest] = paths;
	return first?.find((rev) => rest.every((p) => p.includes(rev))) ?? null;
}
