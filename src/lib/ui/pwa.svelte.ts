/**
 * Service worker registration and the "new version ready" state (R7.1).
 * registerType is 'prompt': a new worker waits until the person taps Reload, so a lesson's
 * register is never interrupted by the app reloading itself.
 */
import { registerSW } from 'virtual:pwa-register';

class PwaState {
	#isUpdateReady = $state(false);
	#isOfflineReady = $state(false);
	#updateServiceWorker: ((reloadPage?: boolean) => Promise<void>) | null = null;

	get isUpdateReady() {
		return this.#isUpdateReady;
	}
	/** The app shell is cached: Waymark will now open with no connection. */
	get isOfflineReady() {
		return this.#isOfflineReady;
	}

	register() {
		if (this.#updateServiceWorker || typeof navigator === 'undefined') return;
		if (!('serviceWorker' in navigator)) return;
		this.#updateServiceWorker = registerSW({
			immediate: true,
			onNeedRefresh: () => (this.#isUpdateReady = true),
			onOfflineReady: () => (this.#isOfflineReady = true)
		});
	}

	/** Activates the waiting worker; the page reloads when it takes control. */
	async applyUpdate() {
		await this.#updateServiceWorker?.(true);
	}

	dismissUpdate() {
		this.#isUpdateReady = false;
	}
}

export const pwa = new PwaState();
