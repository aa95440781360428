import { PROGRESS_LABELS, type ProgressIndicator } from './feedback-form';
import { formatDay } from './calendar-days';
import { periodText } from './report-format';

/**
 * The sentences a half-term report is pre-filled with, written as a teacher would write them
 * ("Sam attended 12 lessons this half term."), never as joined fragments. Each template is a
 * pure function with its wording tested in report-wording.spec.ts; report-draft.ts decides what
 * goes in, these decide how it reads.
 */

/** "Ratio", "Ratio and Fractions", "Ratio, Fractions and Area". */
export function listText(items: readonly string[]): string {
	if (items.length <= 1) return items[0] ?? '';
	return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function countText(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** "once", "twice", "3 times". */
function timesText(n: number): string {
	return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/** "Effort twice and Kindness": each category with how often, most frequent first. */
export function tallyText(items: readonly string[]): string {
	const counts = new Map<string, number>();
	for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
	return listText([...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => (n === 1 ? k : `${k} ${timesText(n)}`)));
}

/** A trimmed text ending with one full stop (or the ? or ! it already has). */
export function sentence(text: string): string {
	const t = text.trim().replace(/[\s.;:,]+$/, '');
	return /[.!?]["”’)]*$/.test(t) ? t : `${t}.`;
}

/** Text without its closing full stop, to quote inside a sentence. */
function quoted(text: string): string {
	return `“${text.trim().replace(/[\s.;:,]+$/, '')}”`;
}

export function lessonsAttendedSentence(name: string, lessons: number): string {
	return lessons
		? `${name} attended ${countText(lessons, 'lesson')} this half term.`
		: `No lessons ${name} attended have been registered this half term.`;
}

export function topicsSentence(subject: string, name: string, topics: readonly string[]): string {
	return `In ${subject}, ${name} studied ${listText(topics)}.`;
}

export function atlSentence(name: string, atl: number, label: string, start: string, end: string): string {
	return `From ${periodText(start, end)}, ${name}’s attitude to learning was graded ${atl} (${label}).`;
}

export function behaviourSentence(positive: readonly string[], negative: readonly string[]): string {
	const parts = [
		positive.length
			? `${countText(positive.length, 'positive entry', 'positive entries')} (${tallyText(positive)})`
			: '',
		negative.length ? `${countText(negative.length, 'concern')} (${tallyText(negative)})` : ''
	].filter(Boolean);
	return `The behaviour log records ${listText(parts)}.`;
}

/**
 * "From 7 Sep 2026 – 27 Sep 2026, Sam was working towards Sam’s own KS4 target (Maths 5)."
 * `basis` is what the form says the judgement is made against.
 */
export function progressSentence(
	name: string,
	progress: ProgressIndicator,
	basis: string,
	start: string,
	end: string
): string {
	const against = basis
		.trim()
		.replace(/^The pupil[’']s own/, `${name}’s own`)
		.replace(/[.\s]+$/, '');
	return `From ${periodText(start, end)}, ${name} was ${PROGRESS_LABELS[progress].toLowerCase()} ${against}.`;
}

/** "In Maths, Sam completed 3 exit tickets, averaging 60%; 2 were secure and 1 not yet." */
export function exitTicketsSentence(
	subject: string,
	name: string,
	count: number,
	averagePercent: number | null,
	outcomes: readonly string[]
): string {
	const average = averagePercent === null ? '' : `, averaging ${averagePercent}%`;
	const counts = new Map<string, number>();
	for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
	const judged = [...counts].map(([o, n], i) =>
		i === 0 ? `${n} ${n === 1 ? 'was' : 'were'} ${o.toLowerCase()}` : `${n} ${o.toLowerCase()}`
	);
	return `In ${subject}, ${name} completed ${countText(count, 'exit ticket')}${average}${judged.length ? `; ${listText(judged)}` : ''}.`;
}

/** "Plan target “Use a calm-down strategy”: achieved. Review note: uses the card unprompted." */
export function objectiveSentence(description: string, rating: string, comment?: string): string {
	const note = comment?.trim() ? ` Review note: ${sentence(comment)}` : '';
	return `Plan target ${quoted(description)}: ${rating.toLowerCase()}.${note}`;
}

export function planReviewSentence(date: string, summary: string): string {
	return `At the plan review on ${formatDay(date)}: ${sentence(summary)}`;
}

/** `figure` is the attendance as the app writes it ("67% (4 of 6 sessions)"), or null. */
export function attendanceSentence(name: string, figure: string | null): string {
	return figure
		? `${name}’s attendance this half term was ${figure}.`
		: `No registers have been recorded for ${name} this half term.`;
}

export function vocationalSentence(subject: string, name: string, sessions: number, topics: readonly string[]): string {
	return `In ${subject}, ${name} attended ${countText(sessions, 'session')}, covering ${listText(topics)}.`;
}
