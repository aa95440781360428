import { describe, expect, it } from 'vitest';
import { conflictLabel, describeValue, fieldLabel } from './field-value';

describe('describing a disputed value', () => {
	it('shows objectives by their descriptions, one per line', () => {
		expect(
			describeValue([
				{ id: 'o1', description: 'Read aloud' },
				{ id: 'o2', description: 'Times tables' }
			])
		).toBe('Read aloud\nTimes tables');
	});
	it('says when a value is empty', () => {
		expect(describeValue('')).toBe('(empty)');
		expect(describeValue(undefined)).toBe('(empty)');
	});
	it('turns field names into words', () => {
		expect(fieldLabel('assessmentArrangements')).toBe('Assessment arrangements');
	});
	it('heads a choice about one item of a list by the list', () => {
		expect(conflictLabel({ field: 'objectives', item: 'objective:01' })).toBe('One of the objectives');
		expect(conflictLabel({ field: 'reviewDate' })).toBe('Review date');
	});
});
