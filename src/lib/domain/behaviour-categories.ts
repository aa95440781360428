import type { Behaviour } from './behaviour';

/**
 * Categories offered as one-tap choices. The contract's `category` is free text, so staff can
 * type another, and entries from other clients with any category still show.
 */
export const BEHAVIOUR_CATEGORIES: Record<Behaviour['polarity'], readonly string[]> = {
	positive: ['Effort', 'Achievement', 'Kindness', 'Resilience', 'Participation'],
	negative: ['Disruption', 'Refusal', 'Unkind words', 'Leaving the room', 'Damage']
};

export const POLARITY_LABELS: Record<Behaviour['polarity'], string> = { positive: 'Positive', negative: 'Negative' };
