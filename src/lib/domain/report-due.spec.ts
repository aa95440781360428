import { describe, expect, it } from 'vitest';
import { draftWaitingText, reportsDue, type ReportDueInput } from './report-due';
import { DEFAULT_HALF_TERMS } from './settings';

// Autumn 1 ends Fri 23 Oct 2026; Autumn 2 starts Mon 2 Nov and ends Fri 18 Dec 2026.
const pupil: ReportDueInput['pupil'] = { startDate: '2026-09-07', status: 'active' };
const report = (
	halfTerm: string,
	status: 'draft' | 'sent',
	extra: Partial<ReportDueInput['reports'][number]> = {}
) => ({
	_id: `progressReport:${halfTerm}:${status}`,
	halfTerm,
	status,
	createdAt: '2026-10-20T10:00:00.000Z',
	...extra
});
const due = (today: string, reports: ReportDueInput['reports'] = [], who = pupil) =>
	reportsDue({ pupil: who, reports, halfTerms: DEFAULT_HALF_TERMS, today }).map((d) => ({
		term: d.halfTerm.name,
		status: d.status,
		draft: d.draft?.days ?? null
	}));

describe('half-term reports due for every pupil on roll at the end of each half term', () => {
	it('falls due in the half term’s last week and is overdue once the next half term starts', () => {
		expect(due('2026-10-16')).toEqual([]);
		expect(due('2026-10-17')).toEqual([{ term: '2026-27 Autumn 1', status: 'due', draft: null }]);
		expect(due('2026-11-01')).toEqual([{ term: '2026-27 Autumn 1', status: 'due', draft: null }]);
		expect(due('2026-11-02')).toEqual([{ term: '2026-27 Autumn 1', status: 'overdue', draft: null }]);
	});

	it('a draft does not count as written: it shows how long it has waited', () => {
		expect(due('2026-10-23', [report('2026-27 Autumn 1', 'draft')])).toEqual([
			{ term: '2026-27 Autumn 1', status: 'due', draft: 3 }
		]);
		expect(due('2026-10-23', [report('2026-27 Autumn 1', 'sent')])).toEqual([]);
		expect(draftWaitingText(3)).toBe('drafted, not sent (3 days)');
		expect(draftWaitingText(1)).toBe('drafted, not sent (1 day)');
	});

	it('an unsent earlier half term stays listed after the next is due', () => {
		expect(due('2026-12-14').map((d) => `${d.term} ${d.status}`)).toEqual([
			'2026-27 Autumn 1 overdue',
			'2026-27 Autumn 2 due'
		]);
	});

	it('only for half terms the pupil was on roll at the end of', () => {
		expect(due('2026-12-14', [], { startDate: '2026-11-09', status: 'active' }).map((d) => d.term)).toEqual([
			'2026-27 Autumn 2'
		]);
		expect(
			due('2026-12-14', [], { startDate: '2026-09-07', status: 'left', endDate: '2026-11-20' }).map((d) => d.term)
		).toEqual(['2026-27 Autumn 1']);
	});
});
