/**
 * One search box across pupils, lessons (topic), marking threads and logs (issue 13 item 10). Pure:
 * the store hands over the records; this finds those whose words contain every word typed
 * (ignoring case and accents: "zoe" finds Zoë), groups them and says where each one opens.
 */
import { formatDay, localToday } from './calendar-days';
import type { Behaviour } from './behaviour';
import type { HostWork } from './host-work';
import { lessonTitle, subjectLabel, type Lesson } from './lesson';
import type { MarkingNote } from './marking-note';
import { buildThreads } from './marking-threads';
import type { ParentContact } from './parent-contact';
import { fullName, type Pupil } from './pupil';

export type SearchGroupKind = 'pupils' | 'lessons' | 'marking' | 'logs';

export interface SearchHit {
	key: string;
	title: string;
	detail: string;
	href: string;
}

export interface SearchGroup {
	kind: SearchGroupKind;
	title: string;
	hits: SearchHit[];
	/** How many matched (more than `hits` when the list was cut short). */
	total: number;
}

export interface SearchInput {
	pupils: readonly Pupil[];
	lessons: readonly Lesson[];
	notes: readonly MarkingNote[];
	behaviour: readonly Behaviour[];
	calls: readonly ParentContact[];
	hostWork: readonly HostWork[];
}

/** Results shown per group; the rest are counted. */
export const MAX_HITS = 20;
/** Fewer letters than this find too much to be useful. */
export const MIN_QUERY = 2;

/** Lower case without accents or repeated spaces. */
export function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The typed words, folded; empty when too short to search. */
export function queryWords(query: string): string[] {
	const folded = fold(query);
	return folded.length < MIN_QUERY ? [] : folded.split(' ');
}

const matches = (words: readonly string[], ...texts: (string | undefined)[]) => {
	const hay = fold(texts.filter(Boolean).join(' '));
	return words.every((w) => hay.includes(w));
};

/** A short piece of `text` around the first typed word (or its start). */
export function excerpt(text: string, words: readonly string[], width = 80): string {
	const clean = text.replace(/\s+/g, ' ').trim();
	const at = Math.max(0, ...[fold(clean).indexOf(words[0] ?? '')].filter((i) => i >= 0));
	const start = Math.max(0, at - 20);
	const piece = clean.slice(start, start + width);
	return `${start > 0 ? '…' : ''}${piece}${start + width < clean.length ? '…' : ''}`;
}

function group(kind: SearchGroupKind, title: string, hits: SearchHit[]): SearchGroup {
	return { kind, title, hits: hits.slice(0, MAX_HITS), total: hits.length };
}

const newestFirst = <T extends { date: string }>(rows: T[]) => rows.sort((a, b) => b.date.localeCompare(a.date));

/** Every group with something in it, in a fixed order: pupils, lessons, marking, logs. */
export function search(query: string, input: SearchInput): SearchGroup[] {
	const words = queryWords(query);
	if (!words.length) return [];
	const names = new Map(input.pupils.map((p) => [p._id, fullName(p)]));
	const nameOf = (id: string) => names.get(id) ?? 'A pupil';
	const pupilHref = (id: string) => `/pupils/${encodeURIComponent(id)}`;

	const pupils = input.pupils
		.filter((p) => !p.archived && matches(words, fullName(p), p.upn, p.hostSchool))
		.map((p) => ({
			key: p._id,
			title: fullName(p),
			detail: `Year ${p.yearGroup} · ${p.hostSchool}${p.status === 'active' ? '' : ` · ${p.status === 'left' ? 'left' : 'reintegrated'}`}`,
			href: pupilHref(p._id)
		}));

	const lessons = newestFirst(
		input.lessons.filter((l) => !l.archived && matches(words, l.topic, l.subject, subjectLabel(l.subject)))
	).map((l) => ({
		key: l._id,
		title: lessonTitle(l),
		detail: `${formatDay(l.date)} · ${l.teacher} · ${l.pupilIds.length} ${l.pupilIds.length === 1 ? 'pupil' : 'pupils'}`,
		href: `/lessons/${encodeURIComponent(l._id)}`
	}));

	const marking = buildThreads([...input.notes])
		.filter((t) => matches(words, t.workTitle, ...t.notes.map((n) => n.text)))
		.map((t) => {
			const hit = t.notes.find((n) => matches(words, n.text));
			return {
				key: t.id,
				title: `${nameOf(t.pupilId)}: ${t.workTitle}`,
				detail: hit ? excerpt(hit.text, words) : `${t.notes.length} ${t.notes.length === 1 ? 'note' : 'notes'}`,
				href: `${pupilHref(t.pupilId)}/work/${encodeURIComponent(t.id)}`
			};
		});

	const logs: (SearchHit & { date: string })[] = [
		...input.behaviour
			.filter((b) => !b.archived && matches(words, b.category, b.description, b.actionTaken))
			.map((b) => ({
				key: b._id,
				date: b.date,
				title: `${nameOf(b.pupilId)}: ${b.polarity === 'positive' ? 'positive' : 'behaviour'} note, ${formatDay(b.date)}`,
				detail: excerpt(`${b.category}: ${b.description}${b.actionTaken ? ` ${b.actionTaken}` : ''}`, words),
				href: `${pupilHref(b.pupilId)}#logs-heading`
			})),
		...input.calls
			.filter((c) => !c.archived && matches(words, c.contactName, c.discussed, c.relationship))
			.map((c) => ({
				key: c._id,
				date: c.date,
				title: `${nameOf(c.pupilId)}: call with ${c.contactName}, ${formatDay(c.date)}`,
				detail: excerpt(c.discussed ?? c.contactName, words),
				href: `/calls?pupil=${encodeURIComponent(c.pupilId)}`
			})),
		...input.hostWork
			.filter((w) => !w.archived && matches(words, w.description))
			.map((w) => ({
				key: w._id,
				date: w.dueDate ?? localToday(new Date(w.createdAt)),
				title: `${nameOf(w.pupilId)}: host-school work`,
				detail: excerpt(w.description, words),
				href: `/host-work?pupil=${encodeURIComponent(w.pupilId)}`
			}))
	];

	return [
		group('pupils', 'Pupils', pupils),
		group('lessons', 'Lessons', lessons),
		group('marking', 'Marking', marking),
		group(
			'logs',
			'Logs',
			newestFirst(logs).map(({ date: _, ...hit }) => hit)
		)
	].filter((g) => g.total > 0);
}
