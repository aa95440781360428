import { beforeEach, describe, expect, it } from 'vitest';
import type { MarkingNoteInput } from '$lib/domain/marking-note';
import type { WaymarkDb } from './db';
import * as notes from './marking-notes';
import { freshDatabase } from '$tests/test-db';

const PUPIL = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DA1';
const feedback: MarkingNoteInput = {
	pupilId: PUPIL,
	pen: 'red',
	kind: 'feedback',
	text: 'Show your working.',
	workTitle: 'Fractions sheet'
};

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

describe('marking notes', () => {
	it('threads a purple reply under the red note it answers and clears the flag', async () => {
		const red = await notes.add(feedback);
		if (!red.ok) throw new Error(red.message);
		let thread = (await notes.thread(PUPIL, red.record._id))!;
		expect(thread.unanswered).toHaveLength(1);
		const reply = await notes.add(
			{
				...feedback,
				pen: 'purple',
				kind: 'response',
				text: 'I have added my working.',
				workTitle: 'ignored',
				replyTo: red.record._id
			},
			thread
		);
		expect(reply).toMatchObject({ ok: true, record: { workTitle: 'Fractions sheet', replyTo: red.record._id } });
		thread = (await notes.thread(PUPIL, red.record._id))!;
		expect(thread.notes.map((n) => n.pen)).toEqual(['red', 'purple']);
		expect(thread.unanswered).toEqual([]);
	});

	it('refuses a red-pen "response" or an empty note and stores nothing', async () => {
		expect(await notes.add({ ...feedback, kind: 'response' })).toMatchObject({
			ok: false,
			message: 'Red pen is for staff feedback'
		});
		expect(await notes.add({ ...feedback, text: ' ' })).toMatchObject({
			ok: false,
			errors: { text: 'Note is required' }
		});
		expect(await notes.add({ ...feedback, workTitle: '' })).toMatchObject({
			ok: false,
			errors: { workTitle: 'Title of the work is required' }
		});
		expect(await db.records('markingNote').count()).toBe(0);
	});
});
