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

/** Unanswered "agreed" stays missing, so the schema asks for it rather than recording "no". */
export function sampleOf(draft: SampleDraft): ModerationSample {
	return {
		pupilId: draft.pupilId,
		workTitle: draft.workTitle,
		internalJudgement: draft.internalJudgement,
		moderatedJudgement: draft.moderatedJudgement,
		agreed: (draft.agreed === null ? undefined : draft.agreed === 'yes') as boolean
	};
}
