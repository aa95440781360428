/** Errors from PouchDB/CouchDB carry `status`, `name` and `reason` in varying combinations. */
interface CouchError {
	status?: number;
	name?: string;
	error?: string | boolean;
	reason?: string;
	message?: string;
}

function asCouchError(err: unknown): CouchError {
	return err && typeof err === 'object' ? err : { message: String(err) };
}

export function isAuthError(err: unknown): boolean {
	const e = asCouchError(err);
	return e.status === 401 || e.name === 'unauthorized' || e.error === 'unauthorized';
}

/** A sentence a teacher can act on, never a stack trace. */
export function explainSyncError(err: unknown): string {
	const e = asCouchError(err);
	if (isAuthError(err)) return 'Sign in to sync. Everything you record is kept on this tablet.';
	if (e.status === 403 || e.name === 'forbidden' || e.error === 'forbidden') {
		return `The server refused a record${e.reason ? `: ${e.reason}` : '.'} It is kept on this tablet.`;
	}
	if (e.status === 413) return 'A record was too large for the server. It is kept on this tablet.';
	if (e.status && e.status >= 500) return 'The server had a problem. Waymark will keep trying.';
	if (e.name === 'QuotaExceededError')
		return 'This tablet is out of storage space. Free some space so Waymark can keep saving.';
	return 'Cannot reach the server. Waymark will keep trying; your work is saved on this tablet.';
}

/**
 * The office server did not answer at all: no HTTP status (the connection was refused or dropped,
 * or the reply was not CouchDB's), or a gateway saying the database behind it is down. Not the
 * same as a refusal (403) or a sign-in that lapsed (401): those are answers.
 */
export function isUnreachable(err: unknown): boolean {
	const { status } = asCouchError(err);
	return typeof status !== 'number' || status === 0 || status === 502 || status === 503 || status === 504;
}
