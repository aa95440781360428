/**
 * What a failed save means, in the words a teacher needs. The store throws for reasons no field
 * can fix (the tablet is full, the browser dropped the database, nobody is signed in); the forms
 * show these sentences instead of a stack trace or a button that spins for ever.
 */

const names = (error: unknown): string[] => {
	const out: string[] = [];
	let e: unknown = error;
	// Dexie wraps the browser's DOMException in `inner`: look at both.
	for (let depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
		const { name, message } = e as { name?: unknown; message?: unknown };
		out.push(`${typeof name === 'string' ? name : ''} ${typeof message === 'string' ? message : ''}`);
		e = (e as { inner?: unknown }).inner;
	}
	return out;
};

/** Thrown by the store when a save is attempted with nobody signed in who may record. */
export class NotSignedInError extends Error {
	override name = 'NotSignedInError';
	constructor() {
		super('Only signed-in staff can record. Sign in with a staff account.');
	}
}

/**
 * The browser closed this tab's database connection under us. WebKit does this to tabs left in
 * the background ("Connection to Indexed Database server lost"); Dexie reports a closed database
 * as DatabaseClosedError. Reopening and writing again is safe: the failed transaction wrote nothing.
 */
export function isConnectionLost(error: unknown): boolean {
	return names(error).some((text) =>
		/DatabaseClosedError|Connection to Indexed Database server lost|database connection is closing/i.test(text)
	);
}

export function isQuotaExceeded(error: unknown): boolean {
	return names(error).some((text) => /QuotaExceeded|quota/i.test(text));
}

/** A plain-English sentence for any error a save threw. Nothing was saved when one is shown. */
export function describeSaveError(error: unknown): string {
	if (error instanceof NotSignedInError)
		return 'Not saved: only signed-in staff can record. Sign in with a staff account.';
	if (isQuotaExceeded(error))
		return 'Not saved: this tablet has run out of storage space. Free some space (Settings › Storage), then save again.';
	if (isConnectionLost(error))
		return 'Not saved: the browser closed this tablet’s storage. Reload the page, then save again — what you typed is still on screen.';
	return 'Not saved: this tablet could not store it. Try again; if it keeps happening, reload the page.';
}
