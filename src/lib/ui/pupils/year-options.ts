import type { SelectOption } from '$lib/ui/Select.svelte';

/** Year groups an AP or PRU takes: 5–13; the contract allows 1–14. */
export const YEAR_OPTIONS: SelectOption[] = Array.from({ length: 9 }, (_, i) => ({
	value: String(i + 5),
	label: `Year ${i + 5}`
}));
