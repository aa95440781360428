/**
 * Which document ids beginning with "_" a request may touch on the embedded server.
 *
 * pouchdb-security keeps a database's security object in the LOCAL document `_local/_security`,
 * and local documents are never passed to validate_doc_update: a member who could write that
 * document could make themselves a database admin, then replace the validation. CouchDB 3 keeps
 * the security object outside the document space, so there the only local documents are the
 * ones clients make; here members get exactly the ones PouchDB replication needs: checkpoints.
 */

/**
 * PouchDB 9's replication checkpoint id (pouchdb-generate-replication-id): "_local/" + the
 * base64 MD5 of the replication's parameters, "/" written as "." and "+" as "_" (24 characters,
 * ending "=="). Nothing else in Waymark writes a local document on the server.
 */
export const CHECKPOINT_ID = /^_local\/[A-Za-z0-9._]{22}==$/;

/** Why this id may not be written by a client, or null when it may. Design ids are left to pouchdb-security. */
export function reservedIdProblem(id: unknown): string | null {
	if (typeof id !== 'string') return null;
	const lower = id.toLowerCase();
	if (lower.startsWith('_local/_security') || lower === '_local') {
		return 'The security object is changed only through /_security, by a server admin.';
	}
	if (lower.startsWith('_local/') && !CHECKPOINT_ID.test(id)) {
		return `The local document "${id}" is not a replication checkpoint; only checkpoints may be written.`;
	}
	return null;
}

/**
 * The document ids a write request names, the way express-pouchdb 4.2 picks them: a body `_id`
 * wins over `?id=`, which wins over the address (documents.js), so all of them are checked.
 */
export function idsInBody(body: unknown): unknown[] {
	if (!body || typeof body !== 'object') return [];
	if (Array.isArray(body)) return [];
	const b = body as Record<string, unknown>;
	if (Array.isArray(b.docs)) {
		return b.docs.map((d) => (d && typeof d === 'object' ? (d as Record<string, unknown>)._id : undefined));
	}
	return [b._id];
}

/** Database endpoints members use that read, or that pouchdb-security already keeps to database admins. */
export const MEMBER_DB_ENDPOINTS = new Set([
	'_all_docs',
	'_bulk_docs',
	'_bulk_get',
	'_changes',
	'_revs_diff',
	'_ensure_full_commit',
	'_find',
	'_explain',
	'_index',
	'_security',
	'_compact',
	'_view_cleanup',
	'_design_docs'
]);
