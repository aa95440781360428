import type { InputOf } from '$lib/domain/common';
import type { ExitTicket } from '$lib/domain/exit-ticket';
import type { Lesson, LessonInput } from '$lib/domain/lesson';
import type { MarkingNote } from '$lib/domain/marking-note';
import { lastGroup, ticketsToRestore, ticketsToWithdraw, withPresence } from '$lib/domain/lesson-rules';
import { db } from './db';
import { repository, withReopenedDatabase, type SaveResult } from './repository';

const repo = repository('lesson');
const tickets = repository('exitTicket');

export const { get } = repo;

const lessonTable = () => db.records<Lesson>('lesson');
const ticketTable = () => db.records<ExitTicket>('exitTicket');

/** The lessons of one day (YYYY-MM-DD), earliest started first. For the lesson list and Today. */
export async function lessonsOn(date: string): Promise<Lesson[]> {
	const rows = await lessonTable().where('date').equals(date).toArray();
	return rows.filter((l) => !l.archived).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Days that have lessons, newest first (for jumping back to a recent day). */
export async function recentDays(limit = 10): Promise<{ date: string; count: number }[]> {
	const dates = (
		await lessonTable()
			.orderBy('date')
			.reverse()
			.filter((l) => !l.archived)
			.toArray()
	).map((l) => l.date);
	const counts = new Map<string, number>();
	for (const d of dates) counts.set(d, (counts.get(d) ?? 0) + 1);
	return [...counts.entries()].slice(0, limit).map(([date, count]) => ({ date, count }));
}

/** Every lesson this pupil was in the group for (present or not), newest first. */
export async function forPupil(pupilId: string): Promise<Lesson[]> {
	const rows = await lessonTable().where('pupilIds').equals(pupilId).toArray();
	return rows
		.filter((l) => !l.archived)
		.sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
}

/** Subjects already used at this provision (so "another subject" is offered next time). */
export async function usedSubjects(): Promise<string[]> {
	const keys = await lessonTable().orderBy('[subject+date]').uniqueKeys();
	return [...new Set(keys.map((k) => String((k as unknown as [string, string])[0])))];
}

/** The group this teacher last taught this subject to: the new lesson's starting group. */
export async function lastGroupFor(teacher: string, subject: string): Promise<string[]> {
	return lastGroup(await lessonTable().where('teacher').equals(teacher).toArray(), teacher, subject);
}

/** A new lesson; nobody is marked present until the register is taken. */
export function create(input: LessonInput): Promise<SaveResult<Lesson>> {
	return repo.create(input);
}

/**
 * One tap on the register. Read and write in one transaction: two quick taps on different
 * tiles must both land (a read-modify-write outside it would let the second undo the first).
 * Marking a pupil absent withdraws their exit ticket (absent pupils have none); marking them
 * present again brings it back. The screen asks before an absence withdraws anything.
 */
export function setPresent(lessonId: string, pupilIds: string[], isPresent: boolean): Promise<SaveResult<Lesson>> {
	return withReopenedDatabase(() =>
		db.transaction('rw', lessonTable(), ticketTable(), db.outbox, async () => {
			const lesson = await lessonTable().get(lessonId);
			if (!lesson) return { ok: false as const, message: 'That lesson is not on this tablet.', errors: {} };
			let present = lesson.present;
			for (const id of pupilIds) present = withPresence({ pupilIds: lesson.pupilIds, present }, id, isPresent);
			return saveWithTickets(lesson, { present });
		})
	);
}

/**
 * Correct a lesson's details (date, subject, topic, group, maximum). Its exit tickets carry the
 * lesson's date, subject and topic, so they are corrected with it; tickets of pupils no longer in
 * the group are withdrawn. A new maximum below a score already given is refused.
 */
export function correct(lessonId: string, patch: Partial<InputOf<Lesson>>, base?: Lesson): Promise<SaveResult<Lesson>> {
	return withReopenedDatabase(() =>
		db.transaction('rw', lessonTable(), ticketTable(), db.outbox, async () => {
			const lesson = await lessonTable().get(lessonId);
			if (!lesson) return { ok: false as const, message: 'That lesson is not on this tablet.', errors: {} };
			const next = { ...lesson, ...patch };
			next.present = next.present.filter((id) => next.pupilIds.includes(id));
			const marked = (await ticketTable().where('lessonId').equals(lessonId).toArray()).filter((t) => !t.archived);
			if (marked.length && (next.maxScore === undefined) !== (lesson.maxScore === undefined)) {
				const message = 'Clear the marks already given before changing how this lesson is marked.';
				return { ok: false as const, message, errors: { maxScore: message } };
			}
			const highest = Math.max(0, ...marked.filter((t) => next.pupilIds.includes(t.pupilId)).map((t) => t.score ?? 0));
			if (next.maxScore !== undefined && next.maxScore >= 1 && highest > next.maxScore) {
				const message = `A pupil already scored ${highest}: the maximum cannot be lower than that.`;
				return { ok: false as const, message, errors: { maxScore: message } };
			}
			return saveWithTickets(lesson, { ...patch, present: next.present }, base);
		})
	);
}

/** Inside a transaction: write the lesson, then bring its tickets in line with it. */
async function saveWithTickets(
	lesson: Lesson,
	patch: Partial<InputOf<Lesson>>,
	base?: Lesson
): Promise<SaveResult<Lesson>> {
	// `base`: the lesson as the form loaded it (see repository `update`): a register taken meanwhile stays.
	const saved = await repo.update(lesson._id, patch, { base, current: lesson });
	if (!saved.ok) return saved;
	const l = saved.record;
	const all = await ticketTable().where('lessonId').equals(l._id).toArray();
	for (const t of ticketsToWithdraw(l, all)) {
		// Absent (still in the group): kept aside to come back if they are marked present again.
		const withdrawnFor = l.pupilIds.includes(t.pupilId) ? ('absent' as const) : undefined;
		await tickets.update(t._id, { archived: true, withdrawnFor }, { current: t });
	}
	for (const t of ticketsToRestore(l, all)) {
		const back = await tickets.update(t._id, { archived: undefined, withdrawnFor: undefined }, { current: t });
		if (back.ok) Object.assign(t, back.record);
	}
	for (const t of all.filter((t) => !t.archived && l.present.includes(t.pupilId))) {
		const copies = {
			date: l.date,
			subject: l.subject,
			topic: l.topic,
			...(t.maxScore !== undefined && l.maxScore ? { maxScore: l.maxScore } : {})
		};
		if (Object.entries(copies).some(([k, v]) => t[k as keyof ExitTicket] !== v)) await tickets.update(t._id, copies);
	}
	return saved;
}

/** What marking this pupil absent would set aside: their live ticket and their notes from the lesson. */
export async function recordedFor(
	lessonId: string,
	pupilId: string
): Promise<{ ticket?: ExitTicket; noteCount: number }> {
	const [rows, notes] = await Promise.all([
		ticketTable().where('lessonId').equals(lessonId).toArray(),
		db.records<MarkingNote>('markingNote').where('lessonId').equals(lessonId).toArray()
	]);
	const ticket = rows
		.filter((t) => t.pupilId === pupilId && !t.archived)
		.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
	return { ticket, noteCount: notes.filter((n) => n.pupilId === pupilId && !n.archived).length };
}

/** Withdraw a lesson started by mistake (and its tickets). Nothing is hard-deleted. */
export function archive(lessonId: string): Promise<SaveResult<Lesson>> {
	return withReopenedDatabase(() =>
		db.transaction('rw', lessonTable(), ticketTable(), db.outbox, async () => {
			for (const t of await ticketTable().where('lessonId').equals(lessonId).toArray())
				if (!t.archived) await tickets.archive(t._id);
			return repo.archive(lessonId);
		})
	);
}
