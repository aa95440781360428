/**
 * The demo organisation belongs to the embedded server's first start only. Its logins and
 * passwords are published in the README, so on a real CouchDB (COUCHDB_URL) they would be an
 * open door: there the demo is made only when asked for (WAYMARK_DEMO=1), and every start looks
 * for accounts that still have a published password.
 */
import { couchRequest, type AdminCredentials } from './provision';
import { passwordMatches } from './password-hash';
import { DEMO_LOGINS } from './seed-demo';

export interface DemoSwitches {
	COUCHDB_URL?: string;
	/** "1": make the demo organisation (proxy mode too); "0": never. */
	WAYMARK_DEMO?: string;
	/** Older switch, embedded mode only: "0" = no demo. */
	WAYMARK_SEED_DEMO?: string;
}

/** Whether this start should create the demo organisation (when it does not exist yet). */
export function demoWanted(env: DemoSwitches): boolean {
	if (env.WAYMARK_DEMO === '1') return true;
	if (env.WAYMARK_DEMO === '0' || env.WAYMARK_SEED_DEMO === '0') return false;
	return !env.COUCHDB_URL;
}

/** Names of accounts on the server whose password is still the one published for the demo. */
export async function accountsWithDemoPasswords(couchUrl: string, admin: AdminCredentials): Promise<string[]> {
	const found: string[] = [];
	for (const login of DEMO_LOGINS) {
		const r = await couchRequest(
			couchUrl,
			admin,
			'GET',
			`/_users/${encodeURIComponent(`org.couchdb.user:${login.name}`)}`
		);
		if (r.status === 200 && passwordMatches(r.body as Record<string, unknown>, login.password)) found.push(login.name);
	}
	return found;
}

export function demoPasswordWarning(names: string[]): string {
	return (
		`WARNING: the account${names.length === 1 ? '' : 's'} ${names.join(', ')} still ha${names.length === 1 ? 's' : 've'} ` +
		'the demo password published in the README. Anyone can sign in with it. Change the password ' +
		'(npm run admin -- create-user <org> <name> <role> --password …) or remove the account.'
	);
}
