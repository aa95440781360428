import { OBJECTIVE_RATINGS, RATING_LABELS } from '$lib/domain/plan-review';
import type { Segment } from '$lib/ui/SegmentedControl.svelte';

type Rating = (typeof OBJECTIVE_RATINGS)[number];

export const RATING_TONES: Record<Rating, 'danger' | 'warning' | 'success'> = {
	'not-started': 'danger',
	'working-towards': 'warning',
	achieved: 'success'
};

export const RATING_OPTIONS: Segment<Rating>[] = OBJECTIVE_RATINGS.map((r) => ({
	value: r,
	label: RATING_LABELS[r],
	tone: RATING_TONES[r]
}));
