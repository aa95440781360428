/**
 * Short messages for everyone: shown as a toast and read out by screen readers through the
 * live regions that <Toast /> keeps mounted in the layout. Call `announce('Register saved')`.
 */
export type AnnounceTone = 'info' | 'success' | 'warning' | 'danger';

export interface AnnounceOptions {
	tone?: AnnounceTone;
	/** false: only screen readers hear it (e.g. "12 pupils shown" after filtering). */
	isVisible?: boolean;
	/** How long a visible toast stays; danger toasts stay until dismissed unless this is set. */
	durationMs?: number;
}

export interface ToastMessage {
	id: number;
	message: string;
	tone: AnnounceTone;
	isVisible: boolean;
}

class Announcer {
	#toasts = $state<ToastMessage[]>([]);
	#nextId = 1;

	get toasts(): readonly ToastMessage[] {
		return this.#toasts;
	}

	announce(message: string, options: AnnounceOptions = {}): number {
		const { tone = 'info', isVisible = true } = options;
		const id = this.#nextId++;
		// A fresh node per message, so a repeated message ("Saved") is announced again.
		this.#toasts = [...this.#toasts.slice(-4), { id, message, tone, isVisible }];
		const durationMs = options.durationMs ?? (tone === 'danger' && isVisible ? null : 5000);
		if (durationMs !== null) setTimeout(() => this.dismiss(id), durationMs);
		return id;
	}

	dismiss(id: number) {
		this.#toasts = this.#toasts.filter((toast) => toast.id !== id);
	}
}

export const announcer = new Announcer();

export function announce(message: string, options?: AnnounceOptions): number {
	return announcer.announce(message, options);
}
