import { describe, expect, it } from 'vitest';
import { refusalOf } from './refusals';

describe('reading a refusal from PouchDB’s denied event', () => {
	const error = { id: 'pupil:1', error: 'forbidden', name: 'forbidden', reason: 'Only staff can save.', status: 403 };

	it('reads the document and the server’s reason from a two-way sync’s push', () => {
		expect(refusalOf({ direction: 'push', doc: error })).toEqual({ docId: 'pupil:1', reason: 'Only staff can save.' });
	});

	it('reads a one-way replication’s event as it is', () => {
		expect(refusalOf(error)).toEqual({ docId: 'pupil:1', reason: 'Only staff can save.' });
	});

	it('ignores refusals on the pull side and events without a document', () => {
		expect(refusalOf({ direction: 'pull', doc: error })).toBeNull();
		expect(refusalOf({ status: 403 })).toBeNull();
		expect(refusalOf(null)).toBeNull();
	});
});
