import type { SyncSnapshot } from './status.svelte';

/**
 * What the tabs of Waymark on one device tell each other. One tab owns sync (sync-owner.ts); the
 * others show its status, ask it to settle decisions (only it may write the replica), and every
 * tab hears when one signs in, signs out or wipes the tablet.
 */
export type TabMessage =
	| { kind: 'status'; status: SyncSnapshot }
	| { kind: 'status-please' }
	| { kind: 'decide'; requestId: string; docId: string; choices: Record<string, unknown> }
	| { kind: 'decided'; requestId: string; isDone: boolean }
	| { kind: 'signed-in' }
	| { kind: 'signed-out' }
	| { kind: 'wipe-started' }
	| { kind: 'wiped' };

export interface TabChannel {
	post(message: TabMessage): void;
	close(): void;
}

const CHANNEL_NAME = 'waymark-tabs';

/** A channel to every other Waymark tab of this browser profile (a message never comes back to its sender). */
export function openTabChannel(onMessage: (message: TabMessage) => void): TabChannel {
	if (typeof BroadcastChannel === 'undefined') return { post: () => undefined, close: () => undefined };
	const channel = new BroadcastChannel(CHANNEL_NAME);
	channel.onmessage = (event: MessageEvent<TabMessage>) => onMessage(event.data);
	return {
		post: (message) => channel.postMessage(message),
		close: () => channel.close()
	};
}
