import { describe, expect, it } from 'vitest';
import { describeLostRecords } from './lost-records';

describe('telling a teacher which records were lost', () => {
	it('names each record and says since when', () => {
		const saved = new Date(2026, 10, 30, 9, 14);
		const words = describeLostRecords({
			count: 2,
			since: saved.toISOString(),
			names: ['Edna Smith (pupil)', 'exit ticket for Edna Smith']
		});
		expect(words.title).toBe(
			'This tablet’s storage was cleared before 2 records saved since 09:14 on Mon 30 Nov reached the server.'
		);
		expect(words.detail).toBe(
			'They are no longer on this tablet or the server: Edna Smith (pupil); exit ticket for Edna Smith. Please enter them again.'
		);
	});

	it('counts the ones it could not name', () => {
		const words = describeLostRecords({ count: 1 + 60, since: null, names: ['Edna Smith (pupil)'] });
		expect(words.title).toBe('This tablet’s storage was cleared before 61 records reached the server.');
		expect(words.detail).toContain('Edna Smith (pupil), and 60 more.');
	});
});
