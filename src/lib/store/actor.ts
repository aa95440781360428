import { NotSignedInError } from './save-errors';

/**
 * Who is writing: the signed-in staff member's CouchDB user name, stamped on createdBy/updatedBy.
 * Set by the session once someone signs in (or resumes offline on a tablet they signed in on).
 * Visitors (SEN team, moderators) read only, so no actor is set for them.
 */
let current: string | null = null;

export function setActor(name: string | null): void {
	current = name;
}

export function currentActor(): string {
	if (!current) throw new NotSignedInError();
	return current;
}
