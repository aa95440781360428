import { describe, expect, it } from 'vitest';
import type { MarkingNote } from './marking-note';
import type { PageOnServer, WorkPhoto } from './work-photo';
import { buildThreads, defaultReplyTarget, findThread, noteShapeError, unansweredRed } from './marking-threads';
import { makeDoc } from '$tests/test-factories';

const PUPIL = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9E';
const note = (at: string, over: Record<string, unknown> = {}) =>
	makeDoc('markingNote', { pupilId: PUPIL, createdAt: at, updatedAt: at, ...over }) as MarkingNote;

describe('marking threads', () => {
	it('orders notes in a thread oldest first and threads by latest activity, newest first', () => {
		const red = note('2026-10-01T09:00:00.000Z', { workTitle: 'Fractions sheet' });
		const reply = note('2026-10-01T09:05:00.000Z', {
			workTitle: 'fractions  Sheet ',
			pen: 'purple',
			kind: 'response',
			replyTo: red._id
		});
		const essay = note('2026-10-02T09:00:00.000Z', { workTitle: 'Essay' });
		const threads = buildThreads([essay, reply, red]);
		expect(threads.map((t) => t.workTitle)).toEqual(['Essay', 'Fractions sheet']);
		expect(threads[1]!.notes.map((n) => n._id)).toEqual([red._id, reply._id]);
		expect(threads[1]!.id).toBe(red._id);

		const later = note('2026-10-03T09:00:00.000Z', { workTitle: 'Fractions sheet' });
		expect(buildThreads([essay, reply, red, later]).map((t) => t.workTitle)).toEqual(['Fractions sheet', 'Essay']);
	});

	it('flags red-pen feedback no purple-pen note has answered', () => {
		const first = note('2026-10-01T09:00:00.000Z');
		const second = note('2026-10-01T10:00:00.000Z');
		const answer = note('2026-10-01T11:00:00.000Z', { pen: 'purple', kind: 'response', replyTo: first._id });
		const selfCheck = note('2026-10-01T12:00:00.000Z', { pen: 'purple', kind: 'self-assessment' });
		expect(unansweredRed([first, second, answer, selfCheck]).map((n) => n._id)).toEqual([second._id]);
		expect(unansweredRed([first, answer])).toEqual([]);
		const [thread] = buildThreads([first, second, answer]);
		expect(defaultReplyTarget(thread!)?._id).toBe(second._id);
	});

	it('does not count an archived reply as an answer, nor show archived notes', () => {
		const red = note('2026-10-01T09:00:00.000Z');
		const withdrawn = note('2026-10-01T10:00:00.000Z', {
			pen: 'purple',
			kind: 'response',
			replyTo: red._id,
			archived: true
		});
		const [thread] = buildThreads([red, withdrawn]);
		expect(thread!.notes).toHaveLength(1);
		expect(thread!.unanswered.map((n) => n._id)).toEqual([red._id]);
	});

	it('finds a thread from any of its notes', () => {
		const red = note('2026-10-01T09:00:00.000Z');
		const reply = note('2026-10-01T10:00:00.000Z', { pen: 'purple', kind: 'response', replyTo: red._id });
		expect(findThread(buildThreads([red, reply]), reply._id)?.id).toBe(red._id);
	});

	it('keeps red pen for staff feedback and purple pen for the pupil’s words', () => {
		const red = note('2026-10-01T09:00:00.000Z');
		const purple = note('2026-10-01T10:00:00.000Z', { pen: 'purple', kind: 'self-assessment' });
		const thread = { notes: [red, purple] };
		expect(noteShapeError({ pen: 'red', kind: 'response' })).toBe('Red pen is for staff feedback');
		expect(noteShapeError({ pen: 'purple', kind: 'feedback' })).toMatch(/Purple pen/);
		expect(noteShapeError({ pen: 'purple', kind: 'response', replyTo: red._id }, thread)).toBeNull();
		expect(noteShapeError({ pen: 'purple', kind: 'response', replyTo: purple._id }, thread)).toBe(
			'A purple-pen reply answers a red-pen note'
		);
		expect(
			noteShapeError({ pen: 'red', kind: 'feedback', replyTo: 'markingNote:01JD8Z3Q5W3M9X4K2T6B7C8DZZ' }, thread)
		).toMatch(/not in this piece/);
	});
});

describe('pages on the server only', () => {
	const stub = (id: string, title: string, reason: 'freed' | 'older'): PageOnServer => ({
		_id: `workPhoto:${id}`,
		pupilId: PUPIL,
		workTitle: title,
		page: 1,
		width: 400,
		height: 300,
		createdAt: '2024-10-01T10:00:00.000Z',
		reason
	});

	it('a freed page keeps its thread listed; a page that left with the window only joins a thread still here', () => {
		const n = note('2026-10-01T10:00:00.000Z', { workTitle: 'Poem' });
		const threads = buildThreads(
			[n],
			[],
			[stub('01A', 'Poem', 'older'), stub('01B', 'Map work', 'freed'), stub('01C', 'Old essay', 'older')]
		);
		expect(threads.map((t) => [t.workTitle, t.pagesOnServer?.map((p) => p._id)])).toEqual([
			['Poem', ['workPhoto:01A']],
			['Map work', ['workPhoto:01B']]
		]);
		expect(findThread(threads, 'workPhoto:01B')?.workTitle).toBe('Map work');
	});

	it('a page back on the tablet is shown from the tablet, not as a placeholder', () => {
		const photo = makeDoc('workPhoto', { _id: 'workPhoto:01B', pupilId: PUPIL, workTitle: 'Map work' }) as WorkPhoto;
		const [thread] = buildThreads([], [photo], [stub('01B', 'Map work', 'freed')]);
		expect(thread?.pages.map((p) => p._id)).toEqual(['workPhoto:01B']);
		expect(thread?.pagesOnServer).toEqual([]);
	});
});
