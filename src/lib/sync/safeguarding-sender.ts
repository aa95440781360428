/**
 * Hands safeguarding concerns waiting on this tablet to the server (`POST /_waymark/safeguarding`),
 * which files them where only the safeguarding lead can read them. Each concern leaves the tablet
 * once the server has it. No connection, a server that does not answer, or a lapsed sign-in: it
 * stays and is tried again (the server answers a repeat as already received, so a lost answer or
 * two tabs sending at once never make a second concern). A refusal is kept beside it for the screen.
 */
import { handedOn, queuedConcerns, refused } from '$lib/store/safeguarding-queue';
import { couchUrl } from './server-api';

let running: Promise<void> | null = null;

/** Send what is waiting; calls while a send runs share it. */
export function sendConcerns(): Promise<void> {
	running ??= send().finally(() => (running = null));
	return running;
}

async function send(): Promise<void> {
	for (const entry of await queuedConcerns()) {
		let res: Response;
		try {
			res = await fetch(couchUrl('/_waymark/safeguarding'), {
				method: 'POST',
				credentials: 'include',
				headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
				body: JSON.stringify(entry.note)
			});
		} catch {
			return; // offline or the server is down: try again later
		}
		if (res.ok) {
			await handedOn(entry._id);
			continue;
		}
		// Signed out or the server busy: nothing wrong with the concern, try again later.
		if (res.status === 401 || res.status >= 500) return;
		const body = (await res.json().catch(() => ({}))) as { reason?: string };
		await refused(entry._id, body.reason ?? `The server refused it (${res.status}).`);
	}
}

/** While the app is open: send on reconnect and every minute. Returns a stop function. */
export function keepSendingConcerns(): () => void {
	const onOnline = () => void sendConcerns();
	window.addEventListener('online', onOnline);
	const timer = setInterval(onOnline, 60_000);
	onOnline();
	return () => {
		window.removeEventListener('online', onOnline);
		clearInterval(timer);
	};
}
