import type { Behaviour } from './behaviour';

/**
 * Categories offered as one-tap choices. The contract's `category` is free text, so staff can
 * type another, and entries from other clients with any category still show. The negative list
 * holds what a pupil referral unit reports on (physical aggression, bullying, discriminatory or
 * prejudice-related incidents, damage, absconding) beside the everyday classroom ones.
 */
export const BEHAVIOUR_CATEGORIES: Record<Behaviour['polarity'], readonly string[]> = {
	positive: ['Effort', 'Achievement', 'Kindness', 'Resilience', 'Participation', 'Helping others'],
	negative: [
		'Disruption',
		'Refusal',
		'Unkind words',
		'Leaving the room',
		'Damage',
		'Physical aggression',
		'Bullying',
		'Discriminatory / prejudice-related',
		'Absconding'
	]
};

export const POLARITY_LABELS: Record<Behaviour['polarity'], string> = { positive: 'Positive', negative: 'Negative' };
