import { isIdleTooLong } from '$lib/domain/tablet-lock';
import { hasPin, lockAfterMinutes } from '$lib/store/tablet-lock';

export type LockState = 'checking' | 'needs-pin' | 'locked' | 'open';

// A timestamp only (no pupil data): lets a reopened tab know how long the tablet sat unused.
const LAST_ACTIVE_KEY = 'waymark:lastActiveAt';
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
const CHECK_EVERY_MS = 10_000;

/**
 * The shared-tablet lock (R7.4): after the idle time the app is covered and made inert until the
 * signed-in person's PIN is entered. Covering, not unmounting, keeps a half-typed comment intact.
 */
class TabletLock {
	#state = $state<LockState>('checking');
	#user: string | null = null;
	#minutes = 5;
	#lastActiveAt = Date.now();
	#lastWrittenAt = 0;
	#timer: ReturnType<typeof setInterval> | null = null;
	#onActivity = () => this.#touch();
	#onVisible = () => document.visibilityState === 'visible' && this.#check();

	get state() {
		return this.#state;
	}

	get lockAfterMinutes() {
		return this.#minutes;
	}

	async start(user: string): Promise<void> {
		if (this.#user === user && this.#timer) return;
		this.stop();
		this.#user = user;
		this.#minutes = await lockAfterMinutes();
		const stored = Number(localStorage.getItem(LAST_ACTIVE_KEY)) || Date.now();
		this.#lastActiveAt = stored;
		if (!(await hasPin(user))) this.#state = 'needs-pin';
		else this.#state = isIdleTooLong(stored, Date.now(), this.#minutes) ? 'locked' : 'open';
		if (this.#state === 'open') this.#touch();
		for (const name of ACTIVITY_EVENTS)
			window.addEventListener(name, this.#onActivity, { capture: true, passive: true });
		document.addEventListener('visibilitychange', this.#onVisible);
		this.#timer = setInterval(() => this.#check(), CHECK_EVERY_MS);
	}

	stop(): void {
		for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, this.#onActivity, { capture: true });
		document.removeEventListener('visibilitychange', this.#onVisible);
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		this.#user = null;
		this.#state = 'checking';
	}

	lock(): void {
		if (this.#state === 'open') this.#state = 'locked';
	}

	/** After the PIN was set or entered correctly. */
	open(): void {
		this.#state = 'open';
		this.#touch();
	}

	setMinutes(minutes: number): void {
		this.#minutes = minutes;
	}

	#touch() {
		if (this.#state !== 'open') return;
		const now = Date.now();
		// Writing on every tap is wasteful; a few seconds' precision is plenty.
		if (now - this.#lastWrittenAt > 5_000) {
			localStorage.setItem(LAST_ACTIVE_KEY, String(now));
			this.#lastWrittenAt = now;
		}
		this.#lastActiveAt = now;
	}

	#check() {
		if (this.#state === 'open' && isIdleTooLong(this.#lastActiveAt, Date.now(), this.#minutes)) this.#state = 'locked';
	}
}

export const tabletLock = new TabletLock();
