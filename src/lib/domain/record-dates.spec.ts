import { describe, expect, it } from 'vitest';
import { ageOn, dateOfBirthError, futureDateErrors } from './record-dates';

describe('dates that cannot be right', () => {
	it('counts age in whole years, the birthday itself included', () => {
		expect(ageOn('2012-03-04', '2026-03-03')).toBe(13);
		expect(ageOn('2012-03-04', '2026-03-04')).toBe(14);
	});

	it('refuses a date of birth in the future or making the pupil under 4 or over 25', () => {
		expect(dateOfBirthError('2030-01-01', '2026-11-30')).toBe('Date of birth cannot be in the future: check the year');
		expect(dateOfBirthError('2023-01-01', '2026-11-30')).toBe(
			'That date of birth makes the pupil 3, under 4: check the year'
		);
		expect(dateOfBirthError('2000-11-29', '2026-11-30')).toBe(
			'That date of birth makes the pupil 26, over 25: check the year'
		);
		expect(dateOfBirthError('2012-03-04', '2026-11-30')).toBeNull();
		expect(dateOfBirthError('2022-11-30', '2026-11-30')).toBeNull(); // 4 today
	});

	it('refuses a record of something that happened dated after today, and allows today', () => {
		const fields = { date: 'The date of the baseline' };
		expect(futureDateErrors({ date: '2031-01-01' }, fields, '2026-11-30')).toEqual({
			date: 'The date of the baseline cannot be after today: it records something that has happened'
		});
		expect(futureDateErrors({ date: '2026-11-30' }, fields, '2026-11-30')).toEqual({});
	});
});
