import type { ModerationSample } from '$lib/domain/moderation';

/** A sample as the form holds it: "agreed" starts unanswered rather than defaulting to no. */
export interface SampleDraft {
	key: number;
	pupilId: string;
	workTitle: string;
	internalJudgement: string;
	moderatedJudgement: string;
	agreed: 'yes' | 'no' | null;
}

let nextKey = 1;

export function emptySample(): SampleDraft {
	return { key: nextKey++, pupilId: '', workTitle: '', internalJudgement: '', moderatedJudgement: '', agreed: null };
}

export function draftOf(sample: ModerationSample): SampleDraft {
	return { ...sample, key: nextKey++, agreed: sample.agreed ? 'yes' : 'no' };
}

/**
 * Unanswered "agreed" stays missing, so the schema asks for it rather than recording "no". Every
 * other field the draft carries (including ones another client added) is kept; only the form's key goes.
 */
export function sampleOf(draft: SampleDraft): ModerationSample {
	const { key, agreed, ...fields } = draft;
	void key;
	return { ...fields, agreed: (agreed === null ? undefined : agreed === 'yes') as boolean };
}
