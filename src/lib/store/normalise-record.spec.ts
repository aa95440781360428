import { describe, expect, it } from 'vitest';
import { normaliseRecord } from './normalise-record';

describe('the stored form of a record', () => {
	it('drops empty optional fields at every level, as the replica and the server do', () => {
		const record = { _id: 'pupil:1', upn: undefined, plan: { note: undefined, keep: 'x' }, list: [{ a: undefined }] };
		const stored = normaliseRecord(record);
		expect(stored).toEqual({ _id: 'pupil:1', plan: { keep: 'x' }, list: [{}] });
		expect(Object.keys(stored)).not.toContain('upn');
		expect(JSON.parse(JSON.stringify(record))).toEqual(stored);
	});

	it('keeps nulls, zeros, empty text and false: they are values someone chose', () => {
		const record = { a: null, b: 0, c: '', d: false, e: [] };
		expect(normaliseRecord(record)).toEqual(record);
	});
});
