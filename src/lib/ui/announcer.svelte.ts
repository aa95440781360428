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
	/** A button on the toast, e.g. Undo for a quick tap; the toast closes when it is pressed. */
	action?: ToastAction;
}

export interface ToastAction {
	label: string;
	run: () => unknown;
}

export interface ToastMessage {
	id: number;
	message: string;
	tone: AnnounceTone;
	isVisible: boolean;
	action?: ToastAction;
}

class Announcer {
	#toasts = $state<ToastMessage[]>([]);
	#nextId = 1;

	get toasts(): readonly ToastMessage[] {
		return this.#toasts;
	}

	announce(message: string, options: AnnounceOptions = {}): number {
		const { tone = 'info', isVisible = true, action } = options;
		const id = this.#nextId++;
		// A fresh node per message, so a repeated message ("Saved") is announced again. A newer
		// Undo replaces an older one: Undo always means "the last tap".
		const kept = action ? this.#toasts.filter((t) => !t.action) : this.#toasts;
		this.#toasts = [...kept.slice(-4), { id, message, tone, isVisible, action }];
		// Long enough to reach Undo, short enough that it is clearly about the tap just made.
		const durationMs = options.durationMs ?? (tone === 'danger' && isVisible ? null : action ? 8000 : 5000);
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
