import { describe, expect, it } from 'vitest';
import { feedbackComputed, feedbackRecordChanges, type FeedbackComputed } from './feedback-refresh';

const saved: FeedbackComputed = {
	lessonsAttended: 2,
	topics: [{ subject: 'maths', topic: 'Fractions' }],
	exitResults: [{ date: '2026-10-05', subject: 'maths', topic: 'Fractions', result: 'Secure' }],
	basis: 'ks3-national-curriculum',
	basisDetail: 'Key Stage 3 National Curriculum expectations',
	attendance: 'No sessions recorded'
};

describe('a saved feedback-form draft against the records', () => {
	it('says nothing when the records are as they were', () => {
		expect(feedbackRecordChanges(saved, saved)).toEqual([]);
	});

	it('names each figure that changed as one sentence, and each new exit ticket and topic', () => {
		const now: FeedbackComputed = {
			...saved,
			lessonsAttended: 3,
			topics: [...saved.topics, { subject: 'english', topic: 'Persuasive letters' }],
			exitResults: [
				...saved.exitResults!,
				{ date: '2026-10-07', subject: 'english', topic: 'Persuasive letters', result: '7/10 (70%)' }
			],
			attendance: '72% (50 of 69 sessions)'
		};
		expect(feedbackRecordChanges(saved, now)).toEqual([
			{ part: 'lessonsAttended', label: 'Lessons attended', isValue: true, removed: ['2'], added: ['3'] },
			{
				part: 'attendance',
				label: 'Attendance',
				isValue: true,
				removed: ['No sessions recorded'],
				added: ['72% (50 of 69 sessions)']
			},
			{ part: 'topics', label: 'Topics learnt', removed: [], added: ['English: Persuasive letters'] },
			{
				part: 'exitResults',
				label: 'Exit tickets',
				removed: [],
				added: ['7 Oct 2026 · English: Persuasive letters · 7/10 (70%)']
			}
		]);
	});

	it('does not call a form saved before forms kept attendance changed when still no register was taken', () => {
		const older: FeedbackComputed = { ...saved, attendance: undefined, exitResults: undefined, basisDetail: undefined };
		expect(feedbackRecordChanges(older, { ...saved, exitResults: [], basisDetail: '' }).map((c) => c.part)).toEqual([]);
	});

	it('keeps only the parts the records decide', () => {
		const form = { ...saved, atl: 3, comment: 'Tried hard', authorName: 'Ms Reid' };
		expect(feedbackComputed(form)).toEqual(saved);
	});
});
