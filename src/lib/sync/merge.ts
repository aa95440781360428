/**
 * Three-way, field-by-field merge of the revisions of one document that were edited apart
 * (two tablets offline). Pure: no PouchDB, no Dexie. The rules are written out for people in
 * docs/sync.md ("Edits and merges").
 *
 * For each field, the common ancestor tells which sides changed it:
 *   - nobody changed it, or every side made the same change → that value;
 *   - exactly one side changed it → that side's value (nothing the other side did is lost);
 *   - two sides changed it differently → a FieldConflict: every value is kept and a person
 *     chooses; until then the most recently updated side's value stands in.
 * Lists of identifiable things are merged item by item (ITEM_LISTS: plan objectives, review
 * ratings, moderation samples) and lists of ids as sets (SET_LISTS: a lesson's group and who was
 * present), so two additions are both kept; only one item changed both ways asks a person.
 * Without the ancestor (compacted away on every copy) any field that differs needs a person.
 * Values compare by content (`canonical`: object keys sorted), never by how a client ordered keys.
 */
import { compareInstants } from '$lib/domain/calendar-days';
import { sameValue } from '$lib/domain/canonical';
import { META_KEYS } from './doc-content';

export type Doc = Record<string, unknown> & { _id: string; _rev?: string };

export interface FieldOption {
	value: unknown;
	rev: string;
	updatedAt: string;
	updatedBy: string;
}

export interface FieldConflict {
	/** The document field (`reviewDate`, or `objectives` for one of its items). */
	field: string;
	/** For one item of a list (ITEM_LISTS): its key, e.g. the objective's id. */
	item?: string;
	/** Every distinct value the sides hold (`undefined`: that side removed it), newest first. */
	options: FieldOption[];
}

export interface MergeResult {
	merged: Doc;
	conflicts: FieldConflict[];
}

/** Bookkeeping the merge sets itself rather than choosing between sides: CouchDB's, then ours. */
const NOT_MERGED = new Set([...META_KEYS, '_id', '_deleted', 'updatedAt', 'updatedBy']);

/**
 * Lists whose items carry an identity, and how to read it. A list of items with no such key
 * (e.g. the settings' KS3 scale, whose order is its meaning) is merged as one value.
 */
const ITEM_LISTS: Record<string, (item: Record<string, unknown>) => unknown> = {
	objectives: (o) => o.id,
	ratings: (r) => r.objectiveId,
	// A sample has no id: the pupil and the piece of work name it.
	samples: (s) => (s.pupilId && s.workTitle ? `${String(s.pupilId)} · ${String(s.workTitle)}` : undefined)
};

/** Lists of ids that are sets: membership matters, order does not (kept as the newest side has it). */
const SET_LISTS = new Set(['pupilIds', 'present', 'baselineIds']);

/** Lists that must stay inside another after a merge: who was present is part of the group. */
const SUBSET_OF: Record<string, string> = { present: 'pupilIds' };

/** The key a person's choice for a conflict is given under (`reviewDate`, `objectives[objective:…]`). */
export function conflictKey(conflict: Pick<FieldConflict, 'field' | 'item'>): string {
	return conflict.item === undefined ? conflict.field : `${conflict.field}[${conflict.item}]`;
}

function updatedAt(d: Doc): string {
	return typeof d.updatedAt === 'string' ? d.updatedAt : '';
}

function generation(d: Doc): number {
	return Number.parseInt(String(d._rev ?? '0').split('-', 1)[0] ?? '0', 10) || 0;
}

/**
 * Newest first, by the instant each side says it was saved (`+01:00` and `Z` compare as times, not
 * strings); then by revision order (the longer history); then by rev, so every tablet orders the
 * same way and merges identically.
 */
export function byRecency(a: Doc, b: Doc): number {
	return (
		compareInstants(updatedAt(b), updatedAt(a)) ||
		generation(b) - generation(a) ||
		String(b._rev).localeCompare(String(a._rev))
	);
}

function option(d: Doc, value: unknown): FieldOption {
	return { value, rev: String(d._rev), updatedAt: updatedAt(d), updatedBy: String(d.updatedBy ?? '') };
}

/** The distinct values the sides that changed from `baseValue` hold, newest side first. */
function changes(sides: Doc[], values: unknown[], baseValue: unknown, hasBase: boolean): FieldOption[] {
	const out: FieldOption[] = [];
	sides.forEach((d, i) => {
		const value = values[i];
		if (hasBase && sameValue(value, baseValue)) return;
		if (!out.some((o) => sameValue(o.value, value))) out.push(option(d, value));
	});
	return out;
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
		if (values.every((v) => sameValue(v, values[0]))) {
			setField(merged, field, values[0]);
			continue;
		}
		const asList = base ? mergeList(field, base[field], ordered) : null;
		if (asList) {
			setField(merged, field, asList.value);
			conflicts.push(...asList.conflicts);
			continue;
		}
		const changed = changes(ordered, values, base?.[field], base !== null);
		if (base && changed.length === 1) {
			setField(merged, field, changed[0]!.value);
		} else {
			conflicts.push({ field, options: changed });
			setField(merged, field, changed[0]?.value);
		}
	}
	for (const [field, within] of Object.entries(SUBSET_OF)) {
		const list = merged[field];
		const outer = merged[within];
		if (Array.isArray(list) && Array.isArray(outer)) merged[field] = list.filter((id) => outer.includes(id));
	}
	// The merge is dated like its newest input so two tablets merging the same conflict write the
	// same document (PouchDB's deterministic revs then give the same revision: no new conflict).
	merged.updatedAt = newest.updatedAt;
	merged.updatedBy = newest.updatedBy;
	return { merged, conflicts };
}

/** A list field merged by item or as a set, or null when it is not such a list on every side. */
function mergeList(
	field: string,
	baseValue: unknown,
	sides: Doc[]
): { value: unknown; conflicts: FieldConflict[] } | null {
	const lists = [baseValue, ...sides.map((d) => d[field])];
	if (!lists.every((l) => l === undefined || Array.isArray(l))) return null;
	const asArrays = lists.map((l) => (l ?? []) as unknown[]);
	if (SET_LISTS.has(field) && asArrays.flat().every((v) => typeof v === 'string')) {
		return { value: mergeSet(asArrays[0] as string[], asArrays.slice(1) as string[][]), conflicts: [] };
	}
	const keyOf = ITEM_LISTS[field];
	if (!keyOf) return null;
	const keyed = asArrays.map((list) => keyItems(list, keyOf));
	if (keyed.some((k) => k === null)) return null;
	return mergeItems(field, keyed[0]!, keyed.slice(1) as Map<string, unknown>[], sides);
}

/** Additions on any side are kept, removals on any side are made; the newest side's order first. */
function mergeSet(base: string[], sides: string[][]): string[] {
	const removed = new Set(base.filter((id) => sides.some((s) => !s.includes(id))));
	const out: string[] = [];
	for (const id of sides.flat()) if (!removed.has(id) && !out.includes(id)) out.push(id);
	return out;
}

/** Items by key, or null when an item has no key or two share one (then the list is one value). */
function keyItems(list: unknown[], keyOf: (item: Record<string, unknown>) => unknown): Map<string, unknown> | null {
	const map = new Map<string, unknown>();
	for (const item of list) {
		if (!item || typeof item !== 'object') return null;
		const key = keyOf(item as Record<string, unknown>);
		if (typeof key !== 'string' || !key || map.has(key)) return null;
		map.set(key, item);
	}
	return map;
}

function mergeItems(
	field: string,
	base: Map<string, unknown>,
	sides: Map<string, unknown>[],
	ordered: Doc[]
): { value: unknown[]; conflicts: FieldConflict[] } {
	const order: string[] = [];
	for (const map of sides) for (const key of map.keys()) if (!order.includes(key)) order.push(key);
	for (const key of base.keys()) if (!order.includes(key)) order.push(key);
	const value: unknown[] = [];
	const conflicts: FieldConflict[] = [];
	for (const key of order) {
		const values = sides.map((map) => map.get(key));
		const changed = changes(ordered, values, base.get(key), true);
		const kept = changed.length === 0 ? base.get(key) : changed[0]!.value;
		if (changed.length > 1) conflicts.push({ field, item: key, options: changed });
		if (kept !== undefined) value.push(kept);
	}
	return { value, conflicts };
}

function setField(doc: Doc, field: string, value: unknown) {
	if (value !== undefined) doc[field] = value;
}

/**
 * Apply a person's choices (conflictKey → option index) to a merge that needed them. A conflict
 * with no choice keeps the stand-in; callers refuse to write until every conflict has one.
 */
export function applyChoices(result: MergeResult, choices: Record<string, number>): Doc {
	const doc: Doc = { ...result.merged };
	for (const conflict of result.conflicts) {
		const index = choices[conflictKey(conflict)];
		const chosen = index === undefined ? undefined : conflict.options[index];
		if (chosen === undefined) continue;
		if (conflict.item === undefined) {
			if (chosen.value === undefined) delete doc[conflict.field];
			else doc[conflict.field] = chosen.value;
		} else {
			doc[conflict.field] = withItem(doc[conflict.field], conflict, chosen.value);
		}
	}
	return doc;
}

/** The list with the conflict's item replaced by (or, for `undefined`, without) the chosen value. */
function withItem(list: unknown, conflict: FieldConflict, chosen: unknown): unknown[] {
	const keyOf = ITEM_LISTS[conflict.field]!;
	const items = Array.isArray(list) ? [...(list as Record<string, unknown>[])] : [];
	const at = items.findIndex((item) => keyOf(item) === conflict.item);
	if (chosen === undefined) {
		if (at >= 0) items.splice(at, 1);
	} else if (at >= 0) items[at] = chosen as Record<string, unknown>;
	else items.push(chosen as Record<string, unknown>);
	return items;
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
