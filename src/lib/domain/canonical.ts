/**
 * One way to say whether two stored values are the same: JSON with object keys sorted. Two
 * clients may write the same object with its keys in another order (and JSON.stringify would
 * call them different); a record and its own copy must compare equal.
 */
export function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		// A key holding `undefined` is no key at all to PouchDB and JSON (records stored before
		// writeRecord normalised them still have such keys in Dexie).
		const keys = Object.keys(value)
			.filter((k) => (value as Record<string, unknown>)[k] !== undefined)
			.sort();
		return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** Equal by content: the same object with its keys in another order is the same value. */
export function sameValue(a: unknown, b: unknown): boolean {
	return canonical(a) === canonical(b);
}
