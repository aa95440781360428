import { describe, expect, it } from 'vitest';
import { nameRecord } from './record-labels';

describe('naming a record for a teacher', () => {
	const edna = { givenName: 'Edna', familyName: 'Smith' };
	it('names a pupil by name', () => expect(nameRecord('pupil', edna, edna)).toBe('Edna Smith (pupil)'));
	it('names a pupil’s record by kind and pupil', () =>
		expect(nameRecord('exitTicket', {}, edna)).toBe('exit ticket for Edna Smith'));
	it('names a lesson by its topic', () =>
		expect(nameRecord('lesson', { topic: 'Fractions' }, undefined)).toBe('lesson: Fractions'));
	it('falls back to the kind when nothing else is known', () =>
		expect(nameRecord('behaviour', undefined, undefined)).toBe('behaviour note'));
});
