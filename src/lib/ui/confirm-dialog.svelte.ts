/**
 * Ask a yes/no question in a modal and wait for the answer:
 *   if (await askToConfirm({ title: 'Archive this pupil?', confirmLabel: 'Archive', isDanger: true })) …
 * <ConfirmDialog /> is mounted once in the layout and renders whatever is asked here.
 */
export interface ConfirmOptions {
	title: string;
	message?: string;
	confirmLabel?: string;
	cancelLabel?: string;
	/** Red confirm button; focus starts on Cancel so a stray tap or Enter does no harm. */
	isDanger?: boolean;
}

interface PendingConfirm extends ConfirmOptions {
	resolve: (isConfirmed: boolean) => void;
}

class ConfirmRequests {
	#current = $state<PendingConfirm | null>(null);

	get current() {
		return this.#current;
	}

	ask(options: ConfirmOptions): Promise<boolean> {
		// Only one question at a time: a newer one cancels the older.
		this.#current?.resolve(false);
		return new Promise((resolve) => {
			this.#current = { ...options, resolve };
		});
	}

	answer(isConfirmed: boolean) {
		const pending = this.#current;
		this.#current = null;
		pending?.resolve(isConfirmed);
	}
}

export const confirmRequests = new ConfirmRequests();

export function askToConfirm(options: ConfirmOptions): Promise<boolean> {
	return confirmRequests.ask(options);
}
