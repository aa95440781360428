import type { MarkingNote, MarkingNoteInput } from '$lib/domain/marking-note';
import { buildThreads, findThread, noteShapeError, type Thread } from '$lib/domain/marking-threads';
import { repository, type SaveResult } from './repository';
import { pagesOnServerFor, photosFor } from './work-photos';

const repo = repository('markingNote');

export const { get } = repo;

/** A pupil's pieces of work with their notes, newest activity first. */
export async function threadsFor(pupilId: string): Promise<Thread[]> {
	const [notes, pages, onServer] = await Promise.all([
		repo.forPupil(pupilId),
		photosFor(pupilId),
		pagesOnServerFor(pupilId)
	]);
	return buildThreads(notes, pages, onServer);
}

/** One piece of work, found by the id of any of its notes or pages. */
export async function thread(pupilId: string, noteId: string): Promise<Thread | undefined> {
	return findThread(await threadsFor(pupilId), noteId);
}

/**
 * Add a note. The first note of a piece of work starts its thread; later notes take the
 * thread's title and links so they stay in it. Pen and kind must agree (red = staff feedback).
 */
export async function add(input: MarkingNoteInput, inThread?: Thread): Promise<SaveResult<MarkingNote>> {
	const candidate: MarkingNoteInput = inThread
		? {
				...input,
				workTitle: inThread.workTitle,
				lessonId: inThread.lessonId,
				exitTicketId: inThread.exitTicketId,
				hostWorkId: inThread.hostWorkId
			}
		: input;
	const problem = noteShapeError(candidate, inThread);
	if (problem) return { ok: false, message: problem, errors: { [candidate.replyTo ? 'replyTo' : 'kind']: problem } };
	return repo.create(candidate);
}
