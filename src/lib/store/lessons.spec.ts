import { beforeEach, describe, expect, it } from 'vitest';
import type { ExitTicket } from '$lib/domain/exit-ticket';
import type { LessonInput } from '$lib/domain/lesson';
import type { WaymarkDb } from './db';
import * as exitTickets from './exit-tickets';
import * as lessons from './lessons';
import { freshDatabase } from '$tests/test-db';

const group = [
	'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DA1',
	'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DA2',
	'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DA3'
] as const;
const [a, b, c] = group;
const fractions: LessonInput = {
	date: '2026-10-05',
	subject: 'maths',
	topic: 'Equivalent fractions',
	teacher: 'teacher1',
	pupilIds: [...group],
	present: []
};

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

async function started(input: Partial<LessonInput> = {}) {
	const saved = await lessons.create({ ...fractions, ...input });
	if (!saved.ok) throw new Error(saved.message);
	return saved.record;
}

const storedTickets = () => db.records<ExitTicket>('exitTicket').toArray();

describe('lessons and the register', () => {
	it('gives a pupil’s exit tickets oldest first, whatever order they were made in', async () => {
		const later = await started({ date: '2026-10-09', topic: 'Ratio' });
		const earlier = await started({ date: '2026-10-02', topic: 'Halves' });
		const between = await started({ date: '2026-10-05', topic: 'Quarters' });
		for (const lesson of [later, earlier, between]) {
			await lessons.setPresent(lesson._id, [a, b], true);
			await exitTickets.mark(lesson._id, a, { outcome: 'secure' });
			await exitTickets.mark(lesson._id, b, { outcome: 'developing' });
		}
		expect((await exitTickets.forPupil(a)).map((t) => t.date)).toEqual(['2026-10-02', '2026-10-05', '2026-10-09']);
		expect((await exitTickets.forPupil(a)).every((t) => t.pupilId === a)).toBe(true);
	});

	it('lists a day’s lessons and leaves out withdrawn ones', async () => {
		const first = await started();
		const second = await started({ topic: 'Ratio' });
		await started({ date: '2026-10-06' });
		await lessons.archive(second._id);
		expect((await lessons.lessonsOn('2026-10-05')).map((l) => l._id)).toEqual([first._id]);
	});

	it('brings a withdrawn ticket back, unchanged, when its pupil is marked present again', async () => {
		const lesson = await started({ maxScore: 20 });
		await lessons.setPresent(lesson._id, [a, b], true);
		await exitTickets.mark(lesson._id, b, { score: 17 });
		await exitTickets.comment(lesson._id, b, 'Careful working');
		await lessons.setPresent(lesson._id, [b], false);
		expect(await lessons.recordedFor(lesson._id, b)).toEqual({ ticket: undefined, noteCount: 0 });
		await lessons.setPresent(lesson._id, [b], true);
		const back = (await exitTickets.forLesson(lesson._id)).get(b);
		expect(back).toMatchObject({ score: 17, maxScore: 20, comment: 'Careful working' });
		expect(back?.archived).toBeFalsy();
		expect(back?.withdrawnFor).toBeUndefined();
		expect(await storedTickets()).toHaveLength(1);
	});

	it('does not bring back a mark the teacher took back on purpose', async () => {
		const lesson = await started();
		await lessons.setPresent(lesson._id, [a], true);
		await exitTickets.mark(lesson._id, a, { outcome: 'developing' });
		await exitTickets.clear(lesson._id, a);
		await lessons.setPresent(lesson._id, [a], false);
		await lessons.setPresent(lesson._id, [a], true);
		expect((await exitTickets.forLesson(lesson._id)).has(a)).toBe(false);
	});

	it('tells the page what an absence would set aside: the ticket and the pupil’s notes', async () => {
		const lesson = await started();
		await lessons.setPresent(lesson._id, [a], true);
		await exitTickets.mark(lesson._id, a, { outcome: 'secure' });
		const { ticket, noteCount } = await lessons.recordedFor(lesson._id, a);
		expect(ticket?.outcome).toBe('secure');
		expect(noteCount).toBe(0);
	});

	it('undoes a ticket tap back to the ticket it replaced, and a first tap back to no ticket', async () => {
		const lesson = await started();
		await lessons.setPresent(lesson._id, [a], true);
		const first = await exitTickets.mark(lesson._id, a, { outcome: 'secure' });
		if (!first.ok) throw new Error(first.message);
		const second = await exitTickets.mark(lesson._id, a, { outcome: 'not-yet' });
		if (!second.ok) throw new Error(second.message);
		await exitTickets.revert(second.record._id, first.record);
		expect((await exitTickets.forLesson(lesson._id)).get(a)?.outcome).toBe('secure');
		await exitTickets.revert(first.record._id, null);
		expect((await exitTickets.forLesson(lesson._id)).has(a)).toBe(false);
		expect(await storedTickets()).toHaveLength(1); // withdrawn, not deleted
	});

	it('keeps every tap when the register is taken quickly', async () => {
		const lesson = await started();
		await Promise.all(group.map((id) => lessons.setPresent(lesson._id, [id], true)));
		expect((await lessons.get(lesson._id))?.present).toEqual([...group]);
	});

	it('withdraws the exit ticket of a pupil corrected to absent', async () => {
		const lesson = await started();
		await lessons.setPresent(lesson._id, [a, b], true);
		await exitTickets.mark(lesson._id, b, { outcome: 'secure' });
		await lessons.setPresent(lesson._id, [b], false);
		expect((await exitTickets.forLesson(lesson._id)).has(b)).toBe(false);
		expect((await storedTickets())[0]?.archived).toBe(true); // withdrawn, not deleted
	});

	it('refuses an empty topic or a negative maximum in plain English and stores nothing', async () => {
		const noTopic = await lessons.create({ ...fractions, topic: '  ' });
		expect(noTopic).toMatchObject({ ok: false, errors: { topic: 'Topic is required' } });
		const negative = await lessons.create({ ...fractions, maxScore: -5 });
		expect(negative).toMatchObject({ ok: false, errors: { maxScore: 'Maximum must be at least 1' } });
		expect(await db.records('lesson').count()).toBe(0);
		expect(await db.outbox.count()).toBe(0);
	});

	it('remembers the last group per teacher and subject', async () => {
		await started({ pupilIds: [a], date: '2026-10-01' });
		await started({ pupilIds: [a, b], date: '2026-10-02' });
		await started({ pupilIds: [c], subject: 'english', date: '2026-10-03' });
		expect(await lessons.lastGroupFor('teacher1', 'maths')).toEqual([a, b]);
		expect(await lessons.lastGroupFor('teacher2', 'maths')).toEqual([]);
	});

	it('corrects the tickets’ copies of the topic when the lesson is corrected', async () => {
		const lesson = await started();
		await lessons.setPresent(lesson._id, [a], true);
		await exitTickets.mark(lesson._id, a, { outcome: 'developing' });
		await lessons.correct(lesson._id, { topic: 'Fractions of amounts', date: '2026-10-04' });
		expect((await exitTickets.forLesson(lesson._id)).get(a)).toMatchObject({
			topic: 'Fractions of amounts',
			date: '2026-10-04'
		});
	});

	it('refuses a new maximum below a score already given', async () => {
		const lesson = await started({ maxScore: 10 });
		await lessons.setPresent(lesson._id, [a], true);
		await exitTickets.mark(lesson._id, a, { score: 8 });
		expect(await lessons.correct(lesson._id, { maxScore: 5 })).toMatchObject({
			ok: false,
			errors: { maxScore: expect.stringContaining('scored 8') }
		});
		expect(await lessons.correct(lesson._id, { maxScore: 12 })).toMatchObject({ ok: true });
		expect((await exitTickets.forLesson(lesson._id)).get(a)).toMatchObject({ score: 8, maxScore: 12 });
	});
});

describe('exit tickets', () => {
	it('saves a mark at once with its outbox entry, and a second tap corrects the same ticket', async () => {
		const lesson = await started();
		await lessons.setPresent(lesson._id, [a], true);
		const first = await exitTickets.mark(lesson._id, a, { outcome: 'not-yet' });
		if (!first.ok) throw new Error(first.message);
		expect(await db.outbox.get(first.record._id)).toBeDefined();
		await exitTickets.mark(lesson._id, a, { outcome: 'secure' });
		const all = await storedTickets();
		expect(all).toHaveLength(1);
		expect(all[0]).toMatchObject({
			outcome: 'secure',
			lessonId: lesson._id,
			subject: 'maths',
			topic: 'Equivalent fractions',
			date: '2026-10-05'
		});
	});

	it('makes one ticket from a double tap', async () => {
		const lesson = await started();
		await lessons.setPresent(lesson._id, [a], true);
		await Promise.all([
			exitTickets.mark(lesson._id, a, { outcome: 'secure' }),
			exitTickets.mark(lesson._id, a, { outcome: 'secure' })
		]);
		expect(await storedTickets()).toHaveLength(1);
	});

	it('gives an absent pupil no ticket', async () => {
		const lesson = await started();
		await lessons.setPresent(lesson._id, [a], true);
		const result = await exitTickets.mark(lesson._id, b, { outcome: 'secure' });
		expect(result).toMatchObject({ ok: false, message: 'Only pupils marked present get an exit ticket' });
		expect(await storedTickets()).toHaveLength(0);
	});

	it('refuses a score above the maximum and stores nothing', async () => {
		const lesson = await started({ maxScore: 10 });
		await lessons.setPresent(lesson._id, [a], true);
		expect(await exitTickets.mark(lesson._id, a, { score: 11 })).toMatchObject({
			ok: false,
			errors: { score: 'Score cannot be more than the maximum (10)' }
		});
		expect(await storedTickets()).toHaveLength(0);
		expect(await db.outbox.count()).toBe(1); // only the lesson and its register
	});

	it('keeps the comment when the mark changes and clears a mark by withdrawing it', async () => {
		const lesson = await started();
		await lessons.setPresent(lesson._id, [a], true);
		await exitTickets.mark(lesson._id, a, { outcome: 'developing' }, 'Check denominators');
		await exitTickets.mark(lesson._id, a, { outcome: 'secure' });
		expect((await exitTickets.forLesson(lesson._id)).get(a)?.comment).toBe('Check denominators');
		await exitTickets.clear(lesson._id, a);
		expect((await exitTickets.forLesson(lesson._id)).size).toBe(0);
		expect(await exitTickets.forPupil(a)).toEqual([]);
	});
});
