/**
 * Dates that cannot be right, caught when a person saves (never when a record arrives by sync:
 * another tablet's "today" may differ). Records of something that happened — a baseline, an
 * assessment, a behaviour entry, a call, work received — cannot be dated after today; a date of
 * birth must make the pupil between 4 and 25, the ages an alternative provision takes.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole years between a date of birth and a day (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, day: string): number {
	const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export const MIN_PUPIL_AGE = 4;
export const MAX_PUPIL_AGE = 25;

/** Why a date of birth cannot be right, or null. */
export function dateOfBirthError(dateOfBirth: string, today: string): string | null {
	if (!ISO_DATE.test(dateOfBirth)) return null; // the schema says so
	if (dateOfBirth > today) return 'Date of birth cannot be in the future: check the year';
	const age = ageOn(dateOfBirth, today);
	if (age < MIN_PUPIL_AGE) return `That date of birth makes the pupil ${age}, under ${MIN_PUPIL_AGE}: check the year`;
	if (age > MAX_PUPIL_AGE) return `That date of birth makes the pupil ${age}, over ${MAX_PUPIL_AGE}: check the year`;
	return null;
}

/**
 * For each named date field of a record of something that happened: an error when it is after
 * today. `fields`: field → what it is in a sentence ("The date of the call").
 */
export function futureDateErrors(
	input: Record<string, unknown>,
	fields: Record<string, string>,
	today: string
): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const [field, what] of Object.entries(fields)) {
		const value = input[field];
		if (typeof value === 'string' && ISO_DATE.test(value) && value > today)
			errors[field] = `${what} cannot be after today: it records something that has happened`;
	}
	return errors;
}
