import type { ExitTicket } from '$lib/domain/exit-ticket';
import type { Lesson } from '$lib/domain/lesson';
import { latestTicketPerPupil, ticketFor, type Mark } from '$lib/domain/lesson-rules';
import { db } from './db';
import { repository, withReopenedDatabase, type SaveResult } from './repository';

const repo = repository('exitTicket');

const ticketTable = () => db.records<ExitTicket>('exitTicket');
const lessonTable = () => db.records<Lesson>('lesson');

/** The current ticket of each pupil in a lesson (pupilId → ticket). */
export async function forLesson(lessonId: string): Promise<Map<string, ExitTicket>> {
	return latestTicketPerPupil(await ticketTable().where('lessonId').equals(lessonId).toArray());
}

/** A pupil's exit tickets, oldest first (the history chart reads left to right). */
export async function forPupil(pupilId: string): Promise<ExitTicket[]> {
	// Through the pupil index, sorted here: a `[pupilId+date]` index would cost every tablet an
	// entry per ticket for this one read (tablet storage, docs/performance.md). sortBy is stable, so
	// tickets of one day stay in id order (the order they were made).
	const rows = await ticketTable().where('pupilId').equals(pupilId).sortBy('date');
	return rows.filter((t) => !t.archived);
}

/**
 * Mark one present pupil. Saved at once: the first mark creates the ticket, a later tap corrects
 * it (one ticket per pupil per lesson, edited rather than piled up). The read and the write share
 * a transaction so a double tap cannot make two tickets.
 */
export function mark(
	lessonId: string,
	pupilId: string,
	given: Mark,
	comment?: string
): Promise<SaveResult<ExitTicket>> {
	return withReopenedDatabase(() =>
		db.transaction('rw', ticketTable(), lessonTable(), db.outbox, async () => {
			// Both reads go out together: a tap should wait for one round trip to IndexedDB, not two.
			const [lesson, tickets] = await Promise.all([lessonTable().get(lessonId), forLesson(lessonId)]);
			if (!lesson || lesson.archived)
				return { ok: false as const, message: 'That lesson is not on this tablet.', errors: {} };
			const existing = tickets.get(pupilId);
			const made = ticketFor(lesson, pupilId, given, comment ?? existing?.comment);
			if (!made.ok) return { ok: false as const, message: made.message, errors: { [made.field]: made.message } };
			if (!existing) return repo.create(made.input);
			// Switching between a score and an outcome must not leave the other behind.
			return repo.update(
				existing._id,
				{ score: undefined, maxScore: undefined, outcome: undefined, ...made.input },
				{ current: existing }
			);
		})
	);
}

/** Add, change or clear the comment on a pupil's ticket (they must have a mark first). */
export function comment(lessonId: string, pupilId: string, text: string): Promise<SaveResult<ExitTicket>> {
	return withReopenedDatabase(() =>
		db.transaction('rw', ticketTable(), db.outbox, async () => {
			const existing = (await forLesson(lessonId)).get(pupilId);
			if (!existing)
				return {
					ok: false as const,
					message: 'Give a mark before adding a comment.',
					errors: { comment: 'Give a mark before adding a comment.' }
				};
			return repo.update(existing._id, { comment: text.trim() || undefined });
		})
	);
}

/** Take a mark back (given by mistake): the ticket is withdrawn, never deleted. */
export function clear(lessonId: string, pupilId: string): Promise<SaveResult<ExitTicket> | null> {
	return withReopenedDatabase(() =>
		db.transaction('rw', ticketTable(), db.outbox, async () => {
			const existing = (await forLesson(lessonId)).get(pupilId);
			return existing ? repo.archive(existing._id) : null;
		})
	);
}

/** Undo a tap on a ticket: back to the ticket as it was (`null`: the tap made it, so withdraw it). */
export function revert(ticketId: string, before: ExitTicket | null): Promise<SaveResult<ExitTicket>> {
	return withReopenedDatabase(() =>
		db.transaction('rw', ticketTable(), db.outbox, () => repo.revert(ticketId, before))
	);
}
