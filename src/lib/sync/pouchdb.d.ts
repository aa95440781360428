// PouchDB 9 ships no type definitions: just what Waymark uses, typed loosely on purpose.
declare module 'pouchdb-core' {
	export interface PouchDoc {
		_id: string;
		_rev?: string;
		_deleted?: boolean;
		_conflicts?: string[];
		_revisions?: { start: number; ids: string[] };
		[key: string]: unknown;
	}
	export interface ChangeRow {
		id: string;
		seq: number | string;
		changes: { rev: string }[];
		doc?: PouchDoc;
		deleted?: boolean;
	}
	export interface ChangesResponse {
		results: ChangeRow[];
		last_seq: number | string;
	}
	export interface AllDocsRow {
		key: string;
		id?: string;
		value?: { rev: string; deleted?: boolean };
		doc?: PouchDoc | null;
		error?: string;
	}
	export interface BulkResult {
		ok?: boolean;
		id?: string;
		rev?: string;
		error?: string | boolean;
		reason?: string;
		status?: number;
	}
	export interface EventEmitterLike {
		on(event: string, listener: (...args: never[]) => void): this;
		cancel(): void;
	}
	export interface Database {
		name: string;
		info(): Promise<Record<string, unknown>>;
		get(id: string, opts?: Record<string, unknown>): Promise<PouchDoc>;
		put(doc: PouchDoc, opts?: Record<string, unknown>): Promise<BulkResult>;
		bulkDocs(docs: PouchDoc[], opts?: { new_edits?: boolean }): Promise<BulkResult[]>;
		allDocs(opts?: Record<string, unknown>): Promise<{ rows: AllDocsRow[]; total_rows?: number }>;
		changes(opts: Record<string, unknown> & { live: true }): EventEmitterLike;
		changes(opts?: Record<string, unknown>): Promise<ChangesResponse>;
		bulkGet(opts: {
			docs: { id: string; rev?: string }[];
			revs?: boolean;
		}): Promise<{ results: { id: string; docs: ({ ok: PouchDoc } | { error: unknown })[] }[] }>;
		revsDiff(diff: Record<string, string[]>): Promise<Record<string, { missing?: string[] }>>;
		remove(doc: PouchDoc): Promise<BulkResult>;
		destroy(): Promise<unknown>;
		close(): Promise<unknown>;
		compact(): Promise<unknown>;
	}
	interface PouchStatic {
		new (name: string, opts?: Record<string, unknown>): Database;
		plugin(plugin: unknown): PouchStatic;
		/** The fetch the http adapter uses by default (the browser's; node-fetch with cookies in Node). */
		fetch(url: string, init?: RequestInit): Promise<Response>;
		sync(a: Database, b: Database, opts?: Record<string, unknown>): EventEmitterLike;
		replicate(
			a: Database | string,
			b: Database | string,
			opts?: Record<string, unknown>
		): EventEmitterLike & Promise<Record<string, unknown>>;
	}
	const PouchDB: PouchStatic;
	export default PouchDB;
}
declare module 'pouchdb-adapter-indexeddb' {
	const plugin: unknown;
	export default plugin;
}
declare module 'pouchdb-adapter-http' {
	const plugin: unknown;
	export default plugin;
}
declare module 'pouchdb-replication' {
	const plugin: unknown;
	export default plugin;
}
declare module 'pouchdb-adapter-memory' {
	const plugin: unknown;
	export default plugin;
}
