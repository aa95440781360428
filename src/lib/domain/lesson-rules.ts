import type { ExitOutcome, ExitTicket, ExitTicketInput } from './exit-ticket';
import { EXIT_OUTCOMES, OUTCOME_LABELS } from './exit-ticket';
import { CORE_SUBJECTS, subjectLabel, type Lesson } from './lesson';
import { compareInstants } from './calendar-days';

/** A mark as the teacher gives it: an outcome, or a score out of the lesson's maximum. */
export type Mark = { outcome: ExitOutcome } | { score: number };

export function isOutcome(value: unknown): value is ExitOutcome {
	return typeof value === 'string' && (EXIT_OUTCOMES as readonly string[]).includes(value);
}

/** The register in group order: only pupils of the group who are marked present. */
export function presentPupils(lesson: Pick<Lesson, 'pupilIds' | 'present'>): string[] {
	return lesson.pupilIds.filter((id) => lesson.present.includes(id));
}

/** R3.2: only a pupil who was present gets an exit ticket. */
export function canHaveTicket(lesson: Pick<Lesson, 'pupilIds' | 'present'>, pupilId: string): boolean {
	return lesson.pupilIds.includes(pupilId) && lesson.present.includes(pupilId);
}

/** The register after one tap: kept in group order, never a duplicate or a stranger. */
export function withPresence(
	lesson: Pick<Lesson, 'pupilIds' | 'present'>,
	pupilId: string,
	isPresent: boolean
): string[] {
	return lesson.pupilIds.filter((id) => (id === pupilId ? isPresent : lesson.present.includes(id)));
}

/** Tickets that must be withdrawn because their pupil is (now) marked absent or left the group. */
export function ticketsToWithdraw<T extends Pick<ExitTicket, 'pupilId' | 'archived'>>(
	lesson: Pick<Lesson, 'pupilIds' | 'present'>,
	tickets: T[]
): T[] {
	return tickets.filter((t) => !t.archived && !canHaveTicket(lesson, t.pupilId));
}

/**
 * Tickets to bring back because their pupil is present again: the latest ticket withdrawn for
 * that pupil's absence, for each present pupil who has no live ticket. A ticket taken back on
 * purpose (cleared, not withdrawn for absence) stays withdrawn.
 */
export function ticketsToRestore<T extends Pick<ExitTicket, 'pupilId' | 'archived' | 'withdrawnFor' | 'updatedAt'>>(
	lesson: Pick<Lesson, 'pupilIds' | 'present'>,
	tickets: T[]
): T[] {
	const live = new Set(tickets.filter((t) => !t.archived).map((t) => t.pupilId));
	const latest = new Map<string, T>();
	for (const t of tickets) {
		if (!t.archived || t.withdrawnFor !== 'absent' || live.has(t.pupilId) || !canHaveTicket(lesson, t.pupilId))
			continue;
		const seen = latest.get(t.pupilId);
		if (!seen || seen.updatedAt < t.updatedAt) latest.set(t.pupilId, t);
	}
	return [...latest.values()];
}

/** How a mark reads in a sentence: "Secure", "17/20". */
export function markLabel(ticket: Pick<ExitTicket, 'outcome' | 'score' | 'maxScore'>): string {
	if (ticket.outcome) return OUTCOME_LABELS[ticket.outcome];
	return `${ticket.score ?? 0}/${ticket.maxScore ?? 0}`;
}

/**
 * The question asked before marking absent a pupil who already has work recorded in the lesson,
 * or null when there is nothing to lose. Nothing is withdrawn before the answer.
 */
export function absenceQuestion(
	name: string,
	ticket: Pick<ExitTicket, 'outcome' | 'score' | 'maxScore'> | undefined,
	noteCount: number
): { title: string; message: string } | null {
	const notes = noteCount === 1 ? 'a marking note' : `${noteCount} marking notes`;
	if (ticket) {
		const alsoNotes = noteCount ? ` and ${notes}` : '';
		return {
			title: `${name} has an exit ticket (${markLabel(ticket)})${alsoNotes}. Mark absent anyway?`,
			message: `The ticket is kept and comes back if ${name} is marked present again.${noteCount ? ' Marking notes stay as they are.' : ''}`
		};
	}
	if (noteCount)
		return {
			title: `${name} has ${notes} from this lesson. Mark absent anyway?`,
			message: 'The marking notes are kept as they are.'
		};
	return null;
}

/**
 * One ticket per pupil: the most recently updated. Two tablets marking the same pupil while
 * offline both sync; the later mark is the one shown (the other stays in history).
 */
export function latestTicketPerPupil<T extends Pick<ExitTicket, 'pupilId' | 'updatedAt' | '_id' | 'archived'>>(
	tickets: T[]
): Map<string, T> {
	const latest = new Map<string, T>();
	for (const t of tickets) {
		if (t.archived) continue;
		const seen = latest.get(t.pupilId);
		const order = seen ? compareInstants(seen.updatedAt, t.updatedAt) : -1;
		if (order < 0 || (order === 0 && seen!._id < t._id)) latest.set(t.pupilId, t);
	}
	return latest;
}

/** Plain-English problem with a lesson's maximum, or null. */
export function maxScoreError(max: number | null | undefined): string | null {
	if (max === null || max === undefined || Number.isNaN(max)) return 'Enter the maximum score for this lesson';
	if (!Number.isInteger(max)) return 'Maximum must be a whole number';
	if (max < 1) return 'Maximum must be at least 1';
	if (max > 1000) return 'Maximum must be 1000 or less';
	return null;
}

/** A score may be a whole or a half mark (14.5 of 20); nothing finer. */
export function isWholeOrHalf(score: number): boolean {
	return Number.isFinite(score) && Number.isInteger(score * 2);
}

/** Plain-English problem with a score, or null. */
export function scoreError(score: number | null | undefined, max: number): string | null {
	if (score === null || score === undefined || Number.isNaN(score)) return 'Enter a score';
	if (!isWholeOrHalf(score)) return 'Score must be a whole or half mark (like 14.5)';
	if (score < 0) return 'Score cannot be negative';
	if (score > max) return `Score cannot be more than the maximum (${max})`;
	return null;
}

/**
 * The exit ticket to store for one pupil, or a sentence saying why not. The lesson decides the
 * kind of mark: with a maximum, a score out of it; without, an outcome.
 */
export function ticketFor(
	lesson: Pick<Lesson, '_id' | 'date' | 'subject' | 'topic' | 'pupilIds' | 'present' | 'maxScore'>,
	pupilId: string,
	mark: Mark,
	comment?: string
): { ok: true; input: ExitTicketInput } | { ok: false; field: 'score' | 'outcome' | 'pupilId'; message: string } {
	if (!canHaveTicket(lesson, pupilId))
		return { ok: false, field: 'pupilId', message: 'Only pupils marked present get an exit ticket' };
	const base = {
		pupilId,
		lessonId: lesson._id,
		date: lesson.date,
		subject: lesson.subject,
		topic: lesson.topic,
		comment: comment?.trim() || undefined
	};
	if (lesson.maxScore !== undefined) {
		if (!('score' in mark)) return { ok: false, field: 'score', message: 'This lesson is marked with a score' };
		const problem = scoreError(mark.score, lesson.maxScore);
		return problem
			? { ok: false, field: 'score', message: problem }
			: { ok: true, input: { ...base, score: mark.score, maxScore: lesson.maxScore } };
	}
	if (!('outcome' in mark) || !isOutcome(mark.outcome))
		return { ok: false, field: 'outcome', message: 'Choose secure, developing or not yet' };
	return { ok: true, input: { ...base, outcome: mark.outcome } };
}

/** The group last used by this teacher for this subject (their newest lesson of it), or []. */
export function lastGroup(
	lessons: Pick<Lesson, 'teacher' | 'subject' | 'date' | 'createdAt' | 'pupilIds' | 'archived'>[],
	teacher: string,
	subject: string
): string[] {
	const mine = lessons
		.filter((l) => !l.archived && l.teacher === teacher && l.subject === subject)
		.sort((a, b) => (a.date === b.date ? a.createdAt.localeCompare(b.createdAt) : a.date.localeCompare(b.date)));
	return mine.at(-1)?.pupilIds.slice() ?? [];
}

/** Subject choices: the policy's three, then any other slug already used, as label pairs. */
export function subjectChoices(used: string[] = []): { value: string; label: string }[] {
	const extra = [...new Set(used)].filter((s) => !(CORE_SUBJECTS as readonly string[]).includes(s)).sort();
	return [...CORE_SUBJECTS, ...extra].map((value) => ({ value, label: subjectLabel(value) }));
}

/** "Food Tech" → "food-tech": what a teacher types for another subject, as the contract's slug. */
export function subjectSlugFrom(text: string): string {
	return text
		.trim()
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40);
}
