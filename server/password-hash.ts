/**
 * CouchDB `_users` password hashes, checked here without signing in (no failed sign-in is
 * logged or throttled): `password_scheme: "pbkdf2"` with `pbkdf2_prf` (CouchDB 3: "sha" = SHA-1,
 * or sha224/sha256/sha384/sha512), `iterations`, `salt` and `derived_key` in hex; or the old
 * "simple" scheme (`password_sha` = SHA-1 of password + salt).
 */
import { createHash, pbkdf2Sync, timingSafeEqual } from 'node:crypto';

const PRF: Record<string, string> = {
	sha: 'sha1',
	sha1: 'sha1',
	sha224: 'sha224',
	sha256: 'sha256',
	sha384: 'sha384',
	sha512: 'sha512'
};

function sameHex(a: string, b: string): boolean {
	const x = Buffer.from(a, 'hex');
	const y = Buffer.from(b, 'hex');
	return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** Whether `password` is the password stored in this `_users` document. */
export function passwordMatches(doc: Record<string, unknown>, password: string): boolean {
	const salt = doc.salt;
	if (typeof salt !== 'string') return false;
	if (doc.password_scheme === 'pbkdf2' && typeof doc.derived_key === 'string') {
		const digest = PRF[typeof doc.pbkdf2_prf === 'string' ? doc.pbkdf2_prf : 'sha'];
		const iterations = Number(doc.iterations);
		if (!digest || !Number.isInteger(iterations) || iterations < 1) return false;
		const key = pbkdf2Sync(password, salt, iterations, doc.derived_key.length / 2, digest).toString('hex');
		return sameHex(key, doc.derived_key);
	}
	if (typeof doc.password_sha === 'string') {
		return sameHex(
			createHash('sha1')
				.update(password + salt)
				.digest('hex'),
			doc.password_sha
		);
	}
	return false;
}
