import { describe, expect, it } from 'vitest';
import { FIXTURE_SETTINGS, trendFixture } from '$tests/trends-fixture';
import { computeDashboard } from './trends';
import { FIGURE_NOTES, scopeLine } from './trends-notes';
import { dashboardTables } from './trends-tables';

describe('what each Trends figure counts', () => {
	it('every table on the page has one sentence saying what it counts', () => {
		const tables = dashboardTables(computeDashboard(trendFixture(), {}, FIXTURE_SETTINGS));
		for (const table of tables) {
			const note = FIGURE_NOTES[table.id];
			expect(note, table.id).toBeTruthy();
			// One sentence: a single full stop, at the end.
			expect(note!.split(/\.(\s|$)/).filter((s) => s.trim()).length, table.id).toBe(1);
			expect(note!.endsWith('.'), table.id).toBe(true);
		}
	});

	it('the scope line has no stray separators', () => {
		expect(scopeLine(12, 'All records', [])).toBe('12 pupils · All records');
		// The half term chosen and nothing else: not "12 pupils · T Autumn 1 · ".
		expect(scopeLine(12, 'T Autumn 1', ['T Autumn 1'])).toBe('12 pupils · T Autumn 1');
		expect(scopeLine(1, 'T Autumn 1', ['T Autumn 1', 'KS4', '', 'Hillcrest'])).toBe(
			'1 pupil · T Autumn 1 · KS4 · Hillcrest'
		);
	});
});
