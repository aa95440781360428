import { describe, expect, it } from 'vitest';
import { makeDoc } from '$tests/test-factories';
import type { Behaviour } from './behaviour';
import type { HostWork } from './host-work';
import type { Lesson } from './lesson';
import type { MarkingNote } from './marking-note';
import type { ParentContact } from './parent-contact';
import type { Pupil } from './pupil';
import { excerpt, fold, MAX_HITS, queryWords, search, type SearchInput } from './search';

const zoe = makeDoc('pupil', { givenName: 'Zoë', familyName: 'Çelik', upn: 'A12345678901B' }) as Pupil;
const sam = makeDoc('pupil', { givenName: 'Sam', familyName: 'Fraction' }) as Pupil;

function input(over: Partial<SearchInput> = {}): SearchInput {
	return { pupils: [zoe, sam], lessons: [], notes: [], behaviour: [], calls: [], hostWork: [], ...over };
}

describe('search across pupils, lessons, marking and logs', () => {
	it('ignores case and accents, and needs every word typed', () => {
		expect(fold('  Zoë   ÇELIK ')).toBe('zoe celik');
		expect(queryWords('z')).toEqual([]);
		expect(search('zoe celik', input())).toEqual([
			{
				kind: 'pupils',
				title: 'Pupils',
				total: 1,
				hits: [expect.objectContaining({ title: 'Zoë Çelik', href: `/pupils/${encodeURIComponent(zoe._id)}` })]
			}
		]);
		expect(search('zoe fraction', input())).toEqual([]);
		expect(search('A12345678901B', input())[0]!.hits[0]!.title).toBe('Zoë Çelik');
	});

	it('groups pupils, lessons by topic, marking threads by title or note, and logs, each opening its place', () => {
		const lesson = makeDoc('lesson', { topic: 'Equivalent fractions', date: '2026-11-02' }) as Lesson;
		const note = makeDoc('markingNote', {
			pupilId: zoe._id,
			workTitle: 'Exit ticket: Decimals',
			text: 'Good use of fractions to check the answer'
		}) as MarkingNote;
		const behaviour = makeDoc('behaviour', {
			pupilId: zoe._id,
			date: '2026-11-05',
			description: 'Helped a friend with fractions homework'
		}) as Behaviour;
		const call = makeDoc('parentContact', {
			pupilId: zoe._id,
			date: '2026-11-06',
			discussed: 'Fractions progress and attendance'
		}) as ParentContact;
		const work = makeDoc('hostWork', { pupilId: zoe._id, description: 'Fractions booklet pages 4-9' }) as HostWork;
		const gone = makeDoc('behaviour', { pupilId: zoe._id, description: 'fractions', archived: true }) as Behaviour;
		const groups = search('fraction', {
			...input(),
			lessons: [lesson],
			notes: [note],
			behaviour: [behaviour, gone],
			calls: [call],
			hostWork: [work]
		});
		expect(groups.map((g) => [g.title, g.total])).toEqual([
			['Pupils', 1],
			['Lessons', 1],
			['Marking', 1],
			['Logs', 3]
		]);
		const [, lessons, marking, logs] = groups;
		expect(lessons!.hits[0]).toMatchObject({
			title: 'Maths: Equivalent fractions',
			href: `/lessons/${encodeURIComponent(lesson._id)}`
		});
		expect(marking!.hits[0]).toMatchObject({
			title: 'Zoë Çelik: Exit ticket: Decimals',
			detail: 'Good use of fractions to check the answer',
			href: `/pupils/${encodeURIComponent(zoe._id)}/work/${encodeURIComponent(note._id)}`
		});
		expect(logs!.hits.map((h) => h.href)).toEqual(
			expect.arrayContaining([
				`/calls?pupil=${encodeURIComponent(zoe._id)}`,
				`/pupils/${encodeURIComponent(zoe._id)}#logs-heading`,
				`/host-work?pupil=${encodeURIComponent(zoe._id)}`
			])
		);
	});

	it('shows at most 20 per group and counts the rest', () => {
		const many = Array.from({ length: 25 }, (_, i) => makeDoc('lesson', { topic: `Ratio ${i}` }) as Lesson);
		const [lessons] = search('ratio', input({ lessons: many }));
		expect(lessons).toMatchObject({ total: 25 });
		expect(lessons!.hits).toHaveLength(MAX_HITS);
	});

	it('cuts a long note to the part around the word found', () => {
		const long = `${'a '.repeat(60)}the word fractions appears here ${'b '.repeat(60)}`;
		const piece = excerpt(long, ['fractions']);
		expect(piece).toMatch(/^….*fractions.*…$/);
		expect(piece.length).toBeLessThanOrEqual(82);
	});
});
