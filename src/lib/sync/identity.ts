export type StaffRole = 'staff' | 'visitor';

/** Who is using this tablet, remembered so the app opens offline after the first sign-in. */
export interface Identity {
	name: string;
	org: string;
	role: StaffRole;
	orgName: string;
	signedInAt: string;
	/** The designated safeguarding lead or a deputy (`<org>:dsl`): may read safeguarding concerns. */
	isSafeguardingLead?: boolean;
	/** The organisation's admin (`<org>:admin`, the head of centre): may read the audit. */
	isAdmin?: boolean;
}

const ROLE = /^([a-z0-9-]{1,40}):(staff|visitor)$/;

/**
 * Organisation membership is carried by CouchDB roles `<org>:staff` / `<org>:visitor` (the
 * org database's `_security` admits exactly those). Staff wins if someone has both.
 */
export function membershipFromRoles(roles: string[]): { org: string; role: StaffRole } | null {
	const matches = roles.map((r) => ROLE.exec(r)).filter((m): m is RegExpExecArray => m !== null);
	const best = matches.find((m) => m[2] === 'staff') ?? matches[0];
	return best ? { org: best[1] as string, role: best[2] as StaffRole } : null;
}

/** Whether these roles make the person a safeguarding lead of `org`. */
export function isSafeguardingLead(roles: string[], org: string): boolean {
	return roles.includes(`${org}:dsl`);
}

/** Whether these roles make the person an admin of `org` (the head of centre). */
export function isOrganisationAdmin(roles: string[], org: string): boolean {
	return roles.includes(`${org}:admin`);
}
