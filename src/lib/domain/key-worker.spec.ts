import { describe, expect, it } from 'vitest';
import { onlyMyPupils, staffChoices } from './key-worker';
import type { TodaySection } from './today';

const item = (key: string, pupilId?: string) => ({
	key,
	title: key,
	detail: '',
	href: '/',
	tone: 'warning' as const,
	...(pupilId ? { pupilId } : {})
});

const sections: TodaySection[] = [
	{ kind: 'register', title: 'Attendance', href: '/attendance', items: [item('am')] },
	{ kind: 'call', title: 'Calls', href: '/calls', items: [item('call-a', 'pupil:A'), item('call-b', 'pupil:B')] },
	{ kind: 'review', title: 'Plans', href: '/plans', items: [item('review-b', 'pupil:B')] }
];

describe('Today for my pupils', () => {
	it('keeps my pupils’ calls, forms and plans and what belongs to nobody, and drops sections left empty', () => {
		const mine = onlyMyPupils(sections, new Set(['pupil:A']));
		expect(mine.map((s) => [s.kind, s.items.map((i) => i.key)])).toEqual([
			['register', ['am']],
			['call', ['call-a']]
		]);
	});

	it('shows only the shared duties when I am key worker to nobody', () => {
		expect(onlyMyPupils(sections, new Set()).map((s) => s.kind)).toEqual(['register']);
	});
});

describe('staff offered as key worker', () => {
	it('lists each name once, alphabetically, with the person signed in', () => {
		expect(staffChoices(['teacher2', undefined, ' teacher2', 'amy'], 'teacher1')).toEqual([
			'amy',
			'teacher1',
			'teacher2'
		]);
		expect(staffChoices([], null)).toEqual([]);
	});
});
