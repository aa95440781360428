import { describe, expect, it } from 'vitest';
import {
	atlSentence,
	attendanceSentence,
	behaviourSentence,
	exitTicketsSentence,
	lessonsAttendedSentence,
	listText,
	objectiveSentence,
	planReviewSentence,
	progressSentence,
	sentence,
	tallyText,
	topicsSentence,
	vocationalSentence
} from './report-wording';

describe('sentences a teacher would write on a half-term report', () => {
	it('lists with commas and "and"', () => {
		expect(listText([])).toBe('');
		expect(listText(['Ratio'])).toBe('Ratio');
		expect(listText(['Ratio', 'Area'])).toBe('Ratio and Area');
		expect(listText(['Ratio', 'Area', 'Volume'])).toBe('Ratio, Area and Volume');
	});

	it('work covered', () => {
		expect(lessonsAttendedSentence('Sam', 12)).toBe('Sam attended 12 lessons this half term.');
		expect(lessonsAttendedSentence('Sam', 1)).toBe('Sam attended 1 lesson this half term.');
		expect(lessonsAttendedSentence('Sam', 0)).toBe('No lessons Sam attended have been registered this half term.');
		expect(topicsSentence('Maths', 'Sam', ['Ratio', 'Fractions', 'Area'])).toBe(
			'In Maths, Sam studied Ratio, Fractions and Area.'
		);
	});

	it('attitude and behaviour', () => {
		expect(atlSentence('Sam', 2, 'Requires Improvement', '2026-09-07', '2026-09-27')).toBe(
			'From 7 Sep 2026 – 27 Sep 2026, Sam’s attitude to learning was graded 2 (Requires Improvement).'
		);
		expect(behaviourSentence(['Effort', 'Kindness', 'Effort'], ['Disruption'])).toBe(
			'The behaviour log records 3 positive entries (Effort twice and Kindness) and 1 concern (Disruption).'
		);
		expect(behaviourSentence(['Effort'], [])).toBe('The behaviour log records 1 positive entry (Effort).');
		expect(tallyText(['Late', 'Late', 'Late'])).toBe('Late 3 times');
	});

	it('progress against the basis, with the pupil’s name instead of "The pupil’s"', () => {
		expect(
			progressSentence(
				'Sam',
				'working-towards',
				'The pupil’s own KS4 target (Maths 5, English 4)',
				'2026-09-07',
				'2026-09-27'
			)
		).toBe('From 7 Sep 2026 – 27 Sep 2026, Sam was working towards Sam’s own KS4 target (Maths 5, English 4).');
		expect(
			progressSentence(
				'Sam',
				'meeting',
				'National Curriculum expectations (KS3) for Year 8',
				'2026-09-07',
				'2026-09-27'
			)
		).toBe('From 7 Sep 2026 – 27 Sep 2026, Sam was meeting National Curriculum expectations (KS3) for Year 8.');
	});

	it('exit tickets', () => {
		expect(exitTicketsSentence('Maths', 'Sam', 1, 60, [])).toBe(
			'In Maths, Sam completed 1 exit ticket, averaging 60%.'
		);
		expect(exitTicketsSentence('English', 'Sam', 3, null, ['Secure', 'Secure', 'Not yet'])).toBe(
			'In English, Sam completed 3 exit tickets; 2 were secure and 1 not yet.'
		);
		expect(exitTicketsSentence('Science', 'Sam', 2, 75, ['Not yet'])).toBe(
			'In Science, Sam completed 2 exit tickets, averaging 75%; 1 was not yet.'
		);
	});

	it('plan targets and reviews: no ".:" or doubled brackets from the description or the note', () => {
		expect(
			objectiveSentence(
				'Compare fractions with different denominators.',
				'Working towards',
				'1 exit ticket so far (Not yet)'
			)
		).toBe(
			'Plan target “Compare fractions with different denominators”: working towards. Review note: 1 exit ticket so far (Not yet).'
		);
		expect(objectiveSentence('Use a calm-down strategy', 'Achieved')).toBe(
			'Plan target “Use a calm-down strategy”: achieved.'
		);
		expect(planReviewSentence('2026-10-20', 'Settled well; fewer walk-outs')).toBe(
			'At the plan review on 20 Oct 2026: Settled well; fewer walk-outs.'
		);
		expect(sentence('Good week!')).toBe('Good week!');
	});

	it('attendance and vocational sessions', () => {
		expect(attendanceSentence('Sam', '67% (4 of 6 sessions)')).toBe(
			'Sam’s attendance this half term was 67% (4 of 6 sessions).'
		);
		expect(attendanceSentence('Sam', null)).toBe('No registers have been recorded for Sam this half term.');
		expect(vocationalSentence('Construction', 'Sam', 2, ['Bricklaying', 'Measuring'])).toBe(
			'In Construction, Sam attended 2 sessions, covering Bricklaying and Measuring.'
		);
	});
});
