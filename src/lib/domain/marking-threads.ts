import type { MarkingNote, NoteKind, Pen } from './marking-note';
import type { PageOnServer, WorkPhoto } from './work-photo';

/**
 * R3.3: the notes on one piece of work, oldest first. A thread is keyed by pupil and work title
 * (case and spacing ignored), so two tablets that start notes on the same work while offline
 * end up in one thread once they sync. Its id is the id of its first note.
 */
export interface Thread {
	id: string;
	pupilId: string;
	workTitle: string;
	notes: MarkingNote[];
	/** Photographed pages of the work, in page order (the ink on them is in their own records). */
	pages: WorkPhoto[];
	/** Pages whose picture is on the server only (freed, or older than the working window): placeholders. */
	pagesOnServer?: PageOnServer[];
	/** Red-pen notes no purple-pen note has replied to yet. */
	unanswered: MarkingNote[];
	lastActivity: string;
	lessonId?: string;
	exitTicketId?: string;
	hostWorkId?: string;
}

/** Which kinds each pen writes: red is staff feedback; purple is the pupil's own words. */
export const KINDS_FOR_PEN: Record<Pen, readonly NoteKind[]> = {
	red: ['feedback'],
	purple: ['response', 'self-assessment', 'redraft']
};

export function workKey(pupilId: string, workTitle: string): string {
	return `${pupilId}\u0000${workTitle.trim().replace(/\s+/g, ' ').toLowerCase()}`;
}

/** Creation order; ids (ULIDs made on the device) break ties within one millisecond. */
export function compareNotes(a: MarkingNote, b: MarkingNote): number {
	return a.createdAt === b.createdAt
		? a._id < b._id
			? -1
			: a._id > b._id
				? 1
				: 0
		: a.createdAt < b.createdAt
			? -1
			: 1;
}

/** Red-pen notes in `notes` that no purple-pen note answers (by `replyTo`). */
export function unansweredRed(notes: MarkingNote[]): MarkingNote[] {
	const live = notes.filter((n) => !n.archived);
	const answered = new Set(live.filter((n) => n.pen === 'purple' && n.replyTo).map((n) => n.replyTo));
	return live.filter((n) => n.pen === 'red' && !answered.has(n._id)).sort(compareNotes);
}

/** Pages in page order; two tablets that both added a page 2 keep both, oldest first. */
function comparePages(a: WorkPhoto, b: WorkPhoto): number {
	return a.page - b.page || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a._id < b._id ? -1 : 1);
}

/**
 * Every thread of the notes and photographed pages given, newest activity first; archived ones are
 * left out. A piece of work photographed before anyone wrote a note is a thread too (its id is then
 * the first page's id). Pages on the server only (`onServer`) are listed in their thread; a page
 * freed from this tablet keeps its thread listed, one that left with the working window only joins
 * a thread the tablet still has notes or pages of.
 */
export function buildThreads(notes: MarkingNote[], photos: WorkPhoto[] = [], onServer: PageOnServer[] = []): Thread[] {
	const groups = new Map<string, { notes: MarkingNote[]; pages: WorkPhoto[]; onServer: PageOnServer[] }>();
	const groupOf = (pupilId: string, title: string) => {
		const key = workKey(pupilId, title);
		let group = groups.get(key);
		if (!group) groups.set(key, (group = { notes: [], pages: [], onServer: [] }));
		return group;
	};
	for (const note of notes) if (!note.archived) groupOf(note.pupilId, note.workTitle).notes.push(note);
	for (const photo of photos) if (!photo.archived) groupOf(photo.pupilId, photo.workTitle).pages.push(photo);
	const held = new Set(photos.map((p) => p._id));
	for (const stub of onServer) {
		if (held.has(stub._id)) continue; // back on the tablet (synced again)
		const group =
			stub.reason === 'freed'
				? groupOf(stub.pupilId, stub.workTitle)
				: groups.get(workKey(stub.pupilId, stub.workTitle));
		group?.onServer.push(stub);
	}
	const threads = [...groups.values()].map(({ notes: group, pages, onServer: away }): Thread => {
		const ordered = group.sort(compareNotes);
		const pagesInOrder = pages.sort(comparePages);
		const awayInOrder = away.sort((a, b) => a.page - b.page || (a._id < b._id ? -1 : 1));
		const first: MarkingNote | WorkPhoto | PageOnServer = ordered[0] ?? pagesInOrder[0] ?? awayInOrder[0]!;
		const linked =
			[...ordered, ...pagesInOrder, ...awayInOrder].find((n) => n.lessonId || n.exitTicketId || n.hostWorkId) ?? first;
		const times = [...ordered, ...pagesInOrder, ...awayInOrder].map((r) => r.createdAt).sort();
		return {
			id: first._id,
			pupilId: first.pupilId,
			workTitle: first.workTitle,
			notes: ordered,
			pages: pagesInOrder,
			pagesOnServer: awayInOrder,
			unanswered: unansweredRed(ordered),
			lastActivity: times.at(-1)!,
			lessonId: linked.lessonId,
			exitTicketId: linked.exitTicketId,
			hostWorkId: linked.hostWorkId
		};
	});
	return threads.sort((a, b) =>
		a.lastActivity === b.lastActivity ? (a.id < b.id ? 1 : -1) : a.lastActivity < b.lastActivity ? 1 : -1
	);
}

/** The thread a note or page belongs to (looked up by any of their ids, so links survive a merge). */
export function findThread(threads: Thread[], id: string): Thread | undefined {
	return threads.find(
		(t) =>
			t.id === id ||
			t.notes.some((n) => n._id === id) ||
			t.pages.some((p) => p._id === id) ||
			t.pagesOnServer?.some((p) => p._id === id)
	);
}

/** What a new purple-pen note answers by default: the oldest red note still unanswered. */
export function defaultReplyTarget(thread: Pick<Thread, 'unanswered'>): MarkingNote | undefined {
	return thread.unanswered[0];
}

/** Plain-English problem with a note's pen, kind and reply, or null. */
export function noteShapeError(
	note: { pen: Pen; kind: NoteKind; replyTo?: string },
	thread?: Pick<Thread, 'notes'>
): string | null {
	if (!KINDS_FOR_PEN[note.pen].includes(note.kind)) {
		return note.pen === 'red'
			? 'Red pen is for staff feedback'
			: 'Purple pen is for the pupil’s response, self-assessment or redraft';
	}
	if (note.replyTo) {
		const target = thread?.notes.find((n) => n._id === note.replyTo);
		if (!target) return 'The note this replies to is not in this piece of work';
		if (note.pen === 'purple' && target.pen !== 'red') return 'A purple-pen reply answers a red-pen note';
	}
	return null;
}
