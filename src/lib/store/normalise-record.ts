/**
 * The one stored form of a record, applied once at the store boundary (writeRecord) before it
 * reaches Dexie. PouchDB, JSON and the server drop keys whose value is `undefined` (an empty
 * optional field); Dexie keeps them. A record and its own copy in the replica must compare equal
 * after a crash, or the bridge takes the copy for someone else's edit and writes a branch
 * (issue 18, item 13). So: what JSON would keep, nothing else.
 */
export function normaliseRecord<T>(record: T): T {
	return strip(record) as T;
}

function strip(value: unknown): unknown {
	if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : strip(item)));
	if (value === null || typeof value !== 'object') return value;
	if (value instanceof Date) return value.toISOString();
	const out: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(value)) {
		if (item === undefined || typeof item === 'function') continue;
		out[key] = strip(item);
	}
	return out;
}
