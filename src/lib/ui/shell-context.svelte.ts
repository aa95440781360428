/**
 * What the app shell shows about who is signed in. The session code owns the truth and
 * calls `shell.update(...)` after sign-in, on restore from the tablet, and on sign-out;
 * the shell only reads it.
 */
class ShellContext {
	#orgName = $state<string | null>(null);
	#staffName = $state<string | null>(null);
	#isSignedIn = $state(false);

	/** Organisation display name, e.g. "Riverside Learning Hub". */
	get orgName() {
		return this.#orgName;
	}
	/** Signed-in staff member's display name. */
	get staffName() {
		return this.#staffName;
	}
	get isSignedIn() {
		return this.#isSignedIn;
	}

	update(patch: { orgName?: string | null; staffName?: string | null; isSignedIn?: boolean }) {
		if (patch.orgName !== undefined) this.#orgName = patch.orgName;
		if (patch.staffName !== undefined) this.#staffName = patch.staffName;
		if (patch.isSignedIn !== undefined) this.#isSignedIn = patch.isSignedIn;
	}

	clear() {
		this.#orgName = null;
		this.#staffName = null;
		this.#isSignedIn = false;
	}
}

export const shell = new ShellContext();
