import { describe, expect, it } from 'vitest';
import type { ExitTicket } from './exit-ticket';
import {
	basisDetailFor,
	draftFeedbackForm,
	exitResultText,
	groupTopicsBySubject,
	periodAttendance
} from './feedback-draft';
import { basisForYearGroup } from './feedback-form';
import type { Intake } from './intake';
import type { Lesson } from './lesson';
import { makeDoc } from '$tests/test-factories';

const pupil = makeDoc('pupil', { yearGroup: 8 });
const other = makeDoc('pupil');

const SUBJECTS = ['maths', 'english', 'science', 'construction'];

/** Twelve lessons over three weeks; the pupil missed lessons 4 and 9 (present: only `other`). */
function twelveLessonsMissingTwo(): Lesson[] {
	return Array.from({ length: 12 }, (_, i) => {
		const isMissed = i === 3 || i === 8;
		return makeDoc('lesson', {
			date: `2026-09-${String(7 + i).padStart(2, '0')}`,
			subject: SUBJECTS[i % 4],
			topic: isMissed ? `Missed topic ${i + 1}` : `Topic ${i + 1}`,
			pupilIds: [pupil._id, other._id],
			present: isMissed ? [other._id] : [pupil._id, other._id]
		});
	});
}

describe('drafting a feedback form from the registers', () => {
	const lessons = twelveLessonsMissingTwo();
	const draft = draftFeedbackForm({
		pupil,
		periodStart: '2026-09-07',
		periodEnd: '2026-09-27',
		lessons,
		exitTickets: [],
		intakes: [],
		attendance: []
	});

	it('counts only the lessons the pupil attended (10 of 12)', () => {
		expect(draft.lessonsAttended).toBe(10);
	});

	it('never lists a topic from a lesson the pupil missed', () => {
		const topics = draft.topics.map((t) => t.topic);
		expect(topics).toHaveLength(10);
		expect(topics).not.toContain('Missed topic 4');
		expect(topics).not.toContain('Missed topic 9');
		expect(JSON.stringify(draft)).not.toContain('Missed topic');
	});

	it('leaves out lessons outside the period and archived lessons', () => {
		const extra = [
			makeDoc('lesson', { date: '2026-09-28', topic: 'After the period', pupilIds: [pupil._id], present: [pupil._id] }),
			makeDoc('lesson', {
				date: '2026-09-08',
				topic: 'Withdrawn lesson',
				pupilIds: [pupil._id],
				present: [pupil._id],
				archived: true
			})
		];
		const d = draftFeedbackForm({
			pupil,
			periodStart: '2026-09-07',
			periodEnd: '2026-09-27',
			lessons: [...lessons, ...extra],
			exitTickets: [],
			intakes: [],
			attendance: []
		});
		expect(d.lessonsAttended).toBe(10);
		expect(d.topics.map((t) => t.topic)).not.toContain('After the period');
		expect(d.topics.map((t) => t.topic)).not.toContain('Withdrawn lesson');
	});

	it('lists a topic taught twice once, and groups topics by subject with the core subjects first', () => {
		const repeat = makeDoc('lesson', {
			date: '2026-09-25',
			subject: 'maths',
			topic: 'topic 1 ',
			pupilIds: [pupil._id],
			present: [pupil._id]
		});
		const d = draftFeedbackForm({
			pupil,
			periodStart: '2026-09-07',
			periodEnd: '2026-09-27',
			lessons: [...lessons, repeat],
			exitTickets: [],
			intakes: [],
			attendance: []
		});
		expect(d.lessonsAttended).toBe(11);
		const groups = groupTopicsBySubject(d.topics);
		expect(groups.map((g) => g.label)).toEqual(['Maths', 'English', 'Science', 'Construction']);
		expect(groups[0]!.topics).toEqual(['Topic 1', 'Topic 5']); // topic 9 (maths) was missed
		expect(groups[3]!.topics).toEqual(['Topic 8', 'Topic 12']); // topic 4 (construction) was missed
	});

	it('includes exit tickets only from lessons the pupil attended in the period', () => {
		const ticket = (lesson: Lesson, extra: Partial<ExitTicket>) =>
			makeDoc('exitTicket', {
				pupilId: pupil._id,
				lessonId: lesson._id,
				date: lesson.date,
				subject: lesson.subject,
				topic: lesson.topic,
				...extra
			}) as ExitTicket;
		const tickets = [
			ticket(lessons[0]!, { outcome: undefined, score: 7, maxScore: 10 }),
			ticket(lessons[1]!, { outcome: 'developing' }),
			ticket(lessons[3]!, { outcome: 'secure' }), // a missed lesson: must not appear
			makeDoc('exitTicket', { pupilId: other._id, lessonId: lessons[2]!._id, date: lessons[2]!.date }) as ExitTicket
		];
		const d = draftFeedbackForm({
			pupil,
			periodStart: '2026-09-07',
			periodEnd: '2026-09-27',
			lessons,
			exitTickets: tickets,
			intakes: [],
			attendance: []
		});
		expect(d.exitResults).toEqual([
			{ date: '2026-09-07', subject: 'maths', topic: 'Topic 1', result: '7/10 (70%)' },
			{ date: '2026-09-08', subject: 'english', topic: 'Topic 2', result: 'Developing' }
		]);
	});

	it('says an exit ticket result in words', () => {
		expect(exitResultText({ score: 3, maxScore: 8 })).toBe('3/8 (38%)');
		expect(exitResultText({ outcome: 'not-yet' })).toBe('Not yet');
	});
});

describe('the basis of the progress judgement', () => {
	const intakes = [
		makeDoc('intake', { subject: 'english', ks4Target: '4' }),
		makeDoc('intake', { subject: 'maths', ks4Target: '5-' })
	] as Intake[];

	it('is National Curriculum expectations for years 7 to 9', () => {
		for (const year of [7, 8, 9]) expect(basisForYearGroup(year)).toBe('ks3-national-curriculum');
		expect(basisDetailFor(8, intakes)).toBe('National Curriculum expectations (KS3) for Year 8');
	});

	it('names the pupil’s own key stage for years 1 to 6: a Year 5 pupil is judged against KS2, not KS3', () => {
		expect(basisDetailFor(5, intakes)).toBe('National Curriculum expectations (KS2) for Year 5');
		expect(basisDetailFor(2, intakes)).toBe('National Curriculum expectations (KS1) for Year 2');
		expect(basisDetailFor(6, [])).not.toContain('KS3');
	});

	it('is the pupil’s own KS4 target for years 10 and 11, with the target shown', () => {
		for (const year of [10, 11]) expect(basisForYearGroup(year)).toBe('ks4-target');
		expect(basisDetailFor(10, intakes)).toBe('The pupil’s own KS4 target (Maths 5-, English 4)');
		const d = draftFeedbackForm({
			pupil: { ...pupil, yearGroup: 11 },
			periodStart: '2026-09-07',
			periodEnd: '2026-09-27',
			lessons: [],
			exitTickets: [],
			intakes,
			attendance: []
		});
		expect(d.basis).toBe('ks4-target');
		expect(d.basisDetail).toContain('Maths 5-');
	});

	it('says plainly when a KS4 pupil’s target has not been recorded', () => {
		expect(basisDetailFor(11, [])).toMatch(/not recorded yet/);
	});
});

describe('attendance on the feedback form', () => {
	it('is the period’s attendance in the words the app shows, from this pupil’s marks in the period only', () => {
		const mark = (date: string, m: 'present' | 'unauthorised-absence' | 'late', pupilId = pupil._id) =>
			makeDoc('attendance', { pupilId, date, session: 'am', mark: m });
		const d = draftFeedbackForm({
			pupil,
			periodStart: '2026-09-07',
			periodEnd: '2026-09-27',
			lessons: [],
			exitTickets: [],
			intakes: [],
			attendance: [
				mark('2026-09-07', 'present'),
				mark('2026-09-08', 'late'),
				mark('2026-09-09', 'unauthorised-absence'),
				mark('2026-09-10', 'present'),
				mark('2026-09-28', 'unauthorised-absence'), // after the period
				mark('2026-09-09', 'present', other._id) // another pupil
			]
		});
		expect(d.attendance).toBe('75% (3 of 4 sessions)');
	});

	it('says so when no register was taken in the period', () => {
		expect(periodAttendance([], '2026-09-07', '2026-09-27')).toBe('No sessions recorded');
	});
});
