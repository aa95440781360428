import type { PouchDoc } from 'pouchdb-core';
import { canonical } from '$lib/domain/canonical';

/** CouchDB bookkeeping that is not part of what a person wrote (the one list: merge.ts uses it too). */
export const META_KEYS: ReadonlySet<string> = new Set([
	'_rev',
	'_revisions',
	'_conflicts',
	'_deleted_conflicts',
	'_attachments',
	'_local_seq'
]);

/** The document as the contract sees it: CouchDB's revision bookkeeping removed. */
export function stripMeta<T extends Record<string, unknown>>(doc: T): T {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(doc)) if (!META_KEYS.has(key)) out[key] = value;
	return out as T;
}

export function hasSameContent(a: Record<string, unknown> | PouchDoc, b: Record<string, unknown> | PouchDoc): boolean {
	return canonical(stripMeta(a)) === canonical(stripMeta(b));
}

/** `3-abc…` → 3. */
export function revPosition(rev: string): number {
	return Number.parseInt(rev.split('-', 1)[0] ?? '0', 10) || 0;
}

export function revHash(rev: string): string {
	return rev.slice(rev.indexOf('-') + 1);
}
