import { describe, expect, it } from 'vitest';
import { EXIT_OUTCOMES, exitTicketSchema } from './exit-ticket';
import { lessonSchema } from './lesson';
import {
	absenceQuestion,
	canHaveTicket,
	isOutcome,
	lastGroup,
	latestTicketPerPupil,
	markLabel,
	maxScoreError,
	presentPupils,
	scoreError,
	subjectSlugFrom,
	ticketFor,
	ticketsToWithdraw,
	withPresence
} from './lesson-rules';
import { makeDoc } from '$tests/test-factories';

const [a, b, c] = [
	'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DA1',
	'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DA2',
	'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DA3'
];
const lesson = makeDoc('lesson', { pupilIds: [a, b, c], present: [a, c] });

describe('the register', () => {
	it('gives only present pupils a ticket', () => {
		expect(presentPupils(lesson)).toEqual([a, c]);
		expect(canHaveTicket(lesson, a)).toBe(true);
		expect(canHaveTicket(lesson, b)).toBe(false);
		expect(canHaveTicket(lesson, 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DZZ')).toBe(false);
	});

	it('keeps group order and never duplicates or adds a stranger when toggled', () => {
		expect(withPresence(lesson, b, true)).toEqual([a, b, c]);
		expect(withPresence(lesson, a, true)).toEqual([a, c]);
		expect(withPresence(lesson, a, false)).toEqual([c]);
		expect(withPresence(lesson, 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DZZ', true)).toEqual([a, c]);
	});

	it('withdraws the tickets of pupils now marked absent', () => {
		const tickets = [
			makeDoc('exitTicket', { pupilId: a }),
			makeDoc('exitTicket', { pupilId: b }),
			makeDoc('exitTicket', { pupilId: b, archived: true })
		];
		expect(ticketsToWithdraw(lesson, tickets).map((t) => t.pupilId)).toEqual([b]);
	});

	it('refuses a stored lesson whose register names someone outside the group', () => {
		expect(lessonSchema.safeParse({ ...lesson, present: [a, 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DZZ'] }).success).toBe(false);
	});
});

describe('marking an exit ticket', () => {
	it('refuses a ticket for an absent pupil', () => {
		expect(ticketFor(lesson, b, { outcome: 'secure' })).toMatchObject({
			ok: false,
			message: 'Only pupils marked present get an exit ticket'
		});
	});

	it('makes a valid outcome ticket carrying the lesson’s date, subject and topic', () => {
		const made = ticketFor(lesson, a, { outcome: 'developing' }, '  needs fractions  ');
		if (!made.ok) throw new Error(made.message);
		expect(made.input).toMatchObject({
			pupilId: a,
			lessonId: lesson._id,
			date: lesson.date,
			subject: lesson.subject,
			topic: lesson.topic,
			outcome: 'developing',
			comment: 'needs fractions'
		});
		expect(exitTicketSchema.safeParse(makeDoc('exitTicket', made.input)).success).toBe(true);
	});

	it('knows exactly three outcomes', () => {
		expect(EXIT_OUTCOMES).toEqual(['secure', 'developing', 'not-yet']);
		for (const o of EXIT_OUTCOMES) expect(isOutcome(o)).toBe(true);
		expect(isOutcome('excellent')).toBe(false);
		expect(ticketFor(lesson, a, { outcome: 'excellent' as never })).toMatchObject({ ok: false, field: 'outcome' });
	});

	it('takes half marks up to the maximum (14.5 of 20) but nothing finer, and no half over the maximum', () => {
		const scored = { ...lesson, maxScore: 20 };
		expect(ticketFor(scored, a, { score: 14.5 })).toMatchObject({ ok: true, input: { score: 14.5, maxScore: 20 } });
		expect(scoreError(0.5, 20)).toBeNull();
		expect(scoreError(20.5, 20)).toBe('Score cannot be more than the maximum (20)');
		expect(scoreError(14.3, 20)).toBe('Score must be a whole or half mark (like 14.5)');
		expect(markLabel({ score: 14.5, maxScore: 20 })).toBe('14.5/20');
	});

	it('takes scores from 0 up to the lesson maximum and no further', () => {
		const scored = { ...lesson, maxScore: 10 };
		expect(ticketFor(scored, a, { score: 10 })).toMatchObject({ ok: true, input: { score: 10, maxScore: 10 } });
		expect(ticketFor(scored, a, { score: 0 })).toMatchObject({ ok: true });
		expect(ticketFor(scored, a, { score: 11 })).toMatchObject({
			ok: false,
			field: 'score',
			message: 'Score cannot be more than the maximum (10)'
		});
		expect(ticketFor(scored, a, { score: -1 })).toMatchObject({ ok: false, message: 'Score cannot be negative' });
		expect(ticketFor(scored, a, { outcome: 'secure' })).toMatchObject({ ok: false, field: 'score' });
		expect(scoreError(2.25, 10)).toBe('Score must be a whole or half mark (like 14.5)');
		expect(scoreError(null, 10)).toBe('Enter a score');
	});

	it('explains a bad maximum in plain English', () => {
		expect(maxScoreError(-3)).toBe('Maximum must be at least 1');
		expect(maxScoreError(0)).toBe('Maximum must be at least 1');
		expect(maxScoreError(null)).toBe('Enter the maximum score for this lesson');
		expect(maxScoreError(7.5)).toBe('Maximum must be a whole number');
		expect(maxScoreError(20)).toBeNull();
		expect(lessonSchema.safeParse({ ...lesson, maxScore: -3 }).success).toBe(false);
	});

	it('shows the latest ticket per pupil when two tablets both marked one', () => {
		const older = makeDoc('exitTicket', { pupilId: a, updatedAt: '2026-10-05T10:00:00.000Z', outcome: 'not-yet' });
		const newer = makeDoc('exitTicket', { pupilId: a, updatedAt: '2026-10-05T10:01:00.000Z', outcome: 'secure' });
		const gone = makeDoc('exitTicket', { pupilId: c, archived: true });
		const latest = latestTicketPerPupil([newer, older, gone]);
		expect(latest.get(a)?.outcome).toBe('secure');
		expect(latest.has(c)).toBe(false);
	});
});

describe('starting a lesson', () => {
	it('remembers the last group this teacher used for this subject', () => {
		const lessons = [
			makeDoc('lesson', { teacher: 'teacher1', subject: 'maths', date: '2026-10-01', pupilIds: [a], present: [] }),
			makeDoc('lesson', { teacher: 'teacher1', subject: 'maths', date: '2026-10-03', pupilIds: [a, b], present: [] }),
			makeDoc('lesson', { teacher: 'teacher2', subject: 'maths', date: '2026-10-04', pupilIds: [c], present: [] }),
			makeDoc('lesson', { teacher: 'teacher1', subject: 'english', date: '2026-10-05', pupilIds: [c], present: [] })
		];
		expect(lastGroup(lessons, 'teacher1', 'maths')).toEqual([a, b]);
		expect(lastGroup(lessons, 'teacher1', 'science')).toEqual([]);
	});

	it('turns a typed subject into the contract’s lower-case slug', () => {
		expect(subjectSlugFrom('  Food Tech ')).toBe('food-tech');
		expect(subjectSlugFrom('Café & Catering')).toBe('cafe-catering');
	});
});

describe('asking before marking absent a pupil with work recorded', () => {
	it('names the mark and promises the ticket comes back', () => {
		expect(absenceQuestion('Freya Jones', { outcome: 'secure' }, 0)).toEqual({
			title: 'Freya Jones has an exit ticket (Secure). Mark absent anyway?',
			message: 'The ticket is kept and comes back if Freya Jones is marked present again.'
		});
	});

	it('gives a score as marks out of the maximum, and counts marking notes', () => {
		expect(absenceQuestion('Sam Patel', { score: 17, maxScore: 20 }, 2)?.title).toBe(
			'Sam Patel has an exit ticket (17/20) and 2 marking notes. Mark absent anyway?'
		);
		expect(absenceQuestion('Sam Patel', undefined, 1)?.title).toBe(
			'Sam Patel has a marking note from this lesson. Mark absent anyway?'
		);
	});

	it('asks nothing when there is nothing to set aside', () => {
		expect(absenceQuestion('Sam Patel', undefined, 0)).toBeNull();
	});
});
