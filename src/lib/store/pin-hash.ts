/**
 * PIN hashing with WebCrypto PBKDF2-SHA-256 and a random salt per PIN. Only the hash and salt are
 * stored (in this tablet's Dexie `meta`, never synced); the PIN itself is never written anywhere.
 */
export interface PinHash {
	algorithm: 'PBKDF2-SHA-256';
	iterations: number;
	/** base64 */
	salt: string;
	/** base64, 256 bits */
	hash: string;
}

// OWASP's 2023 figure for PBKDF2-SHA-256; about 0.3 s on a mid-range tablet, once per unlock.
export const PIN_ITERATIONS = 600_000;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
	const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
	const bits = await crypto.subtle.deriveBits(
		{ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
		key,
		256
	);
	return new Uint8Array(bits);
}

export async function hashPin(pin: string, iterations = PIN_ITERATIONS): Promise<PinHash> {
	const salt = crypto.getRandomValues(new Uint8Array(16));
	return {
		algorithm: 'PBKDF2-SHA-256',
		iterations,
		salt: toBase64(salt),
		hash: toBase64(await derive(pin, salt, iterations))
	};
}

export async function pinMatches(pin: string, stored: PinHash): Promise<boolean> {
	const candidate = await derive(pin, fromBase64(stored.salt), stored.iterations);
	const expected = fromBase64(stored.hash);
	// Compare every byte so the time taken does not hint at how much matched.
	let difference = candidate.length ^ expected.length;
	for (let i = 0; i < expected.length; i++) difference |= (candidate[i] ?? 0) ^ (expected[i] ?? 0);
	return difference === 0;
}
