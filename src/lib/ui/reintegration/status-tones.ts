import type { Reintegration } from '$lib/domain/reintegration';
import type { BadgeTone } from '$lib/ui/Badge.svelte';

/** Badge colour per status; the status word is always shown too (colour is never the only signal). */
export const STATUS_TONES: Record<Reintegration['status'], BadgeTone> = {
	planned: 'info',
	'in-progress': 'info',
	completed: 'success',
	'broken-down': 'danger'
};
