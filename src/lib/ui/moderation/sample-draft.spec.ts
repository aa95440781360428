import { describe, expect, it } from 'vitest';
import { sampleSchema } from '$lib/domain/moderation';
import { draftOf, emptySample, sampleOf } from './sample-draft';

const PUPIL = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9E';

describe('a sample as the form holds it', () => {
	it('never records an unanswered "agreed?" as "not agreed"', () => {
		const draft = {
			...emptySample(),
			pupilId: PUPIL,
			workTitle: 'Letter',
			internalJudgement: '4',
			moderatedJudgement: '4'
		};
		const parsed = sampleSchema.safeParse(sampleOf(draft));
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues[0]?.path).toEqual(['agreed']);
	});

	it('round-trips a saved sample through the form unchanged', () => {
		const saved = {
			pupilId: PUPIL,
			workTitle: 'Letter',
			internalJudgement: '4',
			moderatedJudgement: '3',
			agreed: false
		};
		expect(sampleOf(draftOf(saved))).toEqual(saved);
		expect(sampleOf(draftOf({ ...saved, agreed: true })).agreed).toBe(true);
	});

	it('keeps a field another client added to a sample', () => {
		const saved = {
			pupilId: PUPIL,
			workTitle: 'Letter',
			internalJudgement: '4',
			moderatedJudgement: '4',
			agreed: true,
			evidenceRef: 'box 4'
		};
		expect(sampleOf(draftOf(saved))).toEqual(saved);
	});

	it('gives each new sample its own key, so removing one never mixes up the others', () => {
		expect(emptySample().key).not.toBe(emptySample().key);
	});
});
