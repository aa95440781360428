import { parse } from 'acorn';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { RECORD_TYPES, schemas } from '../src/lib/domain/kinds';
import { makeDoc } from '../tests/support/test-factories';
import { buildDemoDocuments } from './seed-demo';
import { buildValidationTable, currentValidateDocUpdate, validateDocUpdateSource } from './validate-doc-update';

type Vdu = (newDoc: unknown, oldDoc: unknown, userCtx: unknown, secObj: unknown) => void;

const source = await currentValidateDocUpdate('demo');
/** Compiled as CouchDB does: the source is an expression whose value is the function. */
const vdu = vm.runInNewContext(`(${source})`) as Vdu;

const staff = { name: 'teacher1', roles: ['demo:staff'], db: 'waymark-demo' };
const visitor = { name: 'visitor1', roles: ['demo:visitor'], db: 'waymark-demo' };
const security = { members: { roles: ['demo:staff', 'demo:visitor'] }, admins: { roles: ['demo:admin'] } };

function outcome(doc: unknown, user: unknown = staff, oldDoc: unknown = null): string | null {
	try {
		vdu(doc, oldDoc, user, security);
		return null;
	} catch (e) {
		const err = e as { forbidden?: string };
		if (err && typeof err.forbidden === 'string') return err.forbidden;
		throw e;
	}
}

describe('the validate_doc_update source', () => {
	it('is plain ES5 (what CouchDB 3 runs): no arrow functions, let/const or template strings', () => {
		expect(() => parse(`(${source})`, { ecmaVersion: 5 })).not.toThrow();
	});

	it('knows every type in the domain registry', () => {
		const table = buildValidationTable(schemas);
		expect(table.types.sort()).toEqual([...RECORD_TYPES].sort());
	});

	it('accepts a valid example of every type (never stricter than the zod schemas)', () => {
		for (const type of RECORD_TYPES) {
			const doc = makeDoc(type);
			expect(schemas[type].safeParse(doc).success, `${type} example passes zod`).toBe(true);
			expect(outcome(doc), type).toBeNull();
		}
	});

	it('accepts half-mark exit-ticket scores (14.5 of 20) and older whole-number scores', () => {
		for (const score of [14.5, 14, 0.5]) {
			const doc = makeDoc('exitTicket', { score, maxScore: 20, outcome: undefined });
			expect(schemas.exitTicket.safeParse(doc).success, String(score)).toBe(true);
			expect(outcome(doc), String(score)).toBeNull();
		}
	});

	it('accepts every demo document', () => {
		for (const doc of buildDemoDocuments()) expect(outcome(doc), String(doc._id)).toBeNull();
	});

	it('accepts documents carrying fields added by other clients, and archived records', () => {
		expect(outcome(makeDoc('pupil', { localAuthorityRef: 'LA-123', archived: true }))).toBeNull();
	});

	it('refuses writes by visitors, by the anonymous and by other organisations', () => {
		expect(outcome(makeDoc('pupil'), visitor)).toMatch(/only staff can save/);
		expect(outcome(makeDoc('pupil'), { name: null, roles: [] })).toMatch(/only staff/);
		expect(outcome(makeDoc('pupil'), { name: 'x', roles: ['other:staff'], db: 'waymark-demo' })).toMatch(/only staff/);
	});

	it('uses the organisation baked in when userCtx.db is missing (the embedded server)', () => {
		expect(outcome(makeDoc('pupil'), { name: 'teacher1', roles: ['demo:staff'] })).toBeNull();
		expect(outcome(makeDoc('pupil'), { name: 'x', roles: ['other:staff'] })).toMatch(/only staff/);
	});

	it('refuses deletions, except by server admins', () => {
		const doc = makeDoc('pupil');
		expect(outcome({ _id: doc._id, _rev: '1-a', _deleted: true }, staff, doc)).toMatch(/archived, never deleted/);
		expect(
			outcome({ _id: doc._id, _rev: '1-a', _deleted: true }, { name: 'admin', roles: ['_admin'] }, doc)
		).toBeNull();
	});

	// Whether the tombstone closes a LOSING branch (another version stays) needs the other leaves,
	// which this function never sees: the server checks it in front of the store
	// (tests/integration/server-tombstones.test.ts). Here, only what one revision can show.
	it('lets staff write a mergedInto tombstone on an existing record, and visitors not even that', () => {
		const doc = makeDoc('plan');
		const tombstone = { _id: doc._id, _rev: '2-b', _deleted: true, mergedInto: '3-c' };
		expect(outcome(tombstone, staff, doc)).toBeNull();
		expect(outcome(tombstone, visitor, doc)).toMatch(/only staff can save/);
		expect(outcome({ ...tombstone, mergedInto: '' }, staff, doc)).toMatch(/archived, never deleted/);
		expect(outcome({ ...tombstone, mergedInto: 'the other one' }, staff, doc)).toMatch(/archived, never deleted/);
		expect(outcome({ ...tombstone, mergedInto: '2-b' }, staff, doc)).toMatch(/archived, never deleted/);
		expect(outcome(tombstone, staff, null)).toMatch(/archived, never deleted/);
	});

	it('lets org admins change design documents and nobody else', () => {
		expect(outcome({ _id: '_design/x', views: {} })).toMatch(/administrators/);
		expect(
			outcome({ _id: '_design/x', views: {} }, { name: 'boss', roles: ['demo:admin'], db: 'waymark-demo' })
		).toBeNull();
	});

	const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
		['an unknown type', { ...makeDoc('pupil'), type: 'gossip' }, /Unknown record type/],
		['an id of the wrong type', makeDoc('pupil', { _id: 'intake:01JD8Z3Q5W3M9X4K2T6B7C8D9E' }), /must be "pupil:"/],
		['a short id', makeDoc('pupil', { _id: 'pupil:123' }), /ULID/],
		['schemaVersion "1"', makeDoc('pupil', { schemaVersion: '1' }), /schemaVersion must be 1/],
		['no updatedBy', makeDoc('pupil', { updatedBy: undefined }), /updatedBy/],
		['archived "yes"', makeDoc('pupil', { archived: 'yes' }), /archived must be true or false/],
		['a missing required field', makeDoc('attendance', { mark: undefined }), /mark is required/],
		['a bad enumeration', makeDoc('attendance', { mark: 'skiving' }), /mark must be one of: present, late/],
		[
			'a bad enumeration in an array item',
			makeDoc('plan', {
				objectives: [{ id: 'o1', area: 'gardening', description: 'd', successCriteria: 's', targetDate: '2026-12-01' }]
			}),
			/objectives\[0\]\.area must be one of/
		],
		['an ATL grade of 5', makeDoc('feedbackForm', { atl: 5 }), /atl must be one of: 1, 2, 3, 4/],
		['a number out of range', makeDoc('pupil', { yearGroup: 15 }), /yearGroup must be at most 14/],
		[
			'an exit-ticket score finer than a half mark',
			makeDoc('exitTicket', { score: 14.25, maxScore: 20, outcome: undefined }),
			/score must be a multiple of 0.5/
		],
		['text where a list belongs', makeDoc('lesson', { present: 'everyone' }), /present must be a list/],
		['a bad date', makeDoc('attendance', { date: '05/10/2026' }), /date is not in the expected form/],
		[
			'a pupilId that is not a pupil id',
			makeDoc('behaviour', { pupilId: 'lesson:01JD8Z3Q5W3M9X4K2T6B7C8D9E' }),
			/pupilId/
		]
	];
	for (const [what, doc, reason] of invalid) {
		it(`refuses ${what}`, () => {
			const r = outcome(doc);
			expect(r).toMatch(reason);
			expect(schemas[(doc.type as (typeof RECORD_TYPES)[number]) ?? 'pupil']?.safeParse(doc).success ?? false).toBe(
				false
			);
		});
	}

	it('refuses a document that changes its type', () => {
		const doc = makeDoc('pupil');
		expect(outcome(doc, staff, { ...doc, type: 'intake' })).toMatch(/cannot change its type/);
	});

	it('lets staff create an audit record but not change, archive or delete it (nor an admin of the organisation)', () => {
		const admin = { name: 'head', roles: ['demo:admin'], db: 'waymark-demo' };
		const line = { ...makeDoc('auditRecord'), _rev: '1-abc' };
		expect(outcome(makeDoc('auditRecord'))).toBeNull();
		for (const user of [staff, admin]) {
			expect(outcome({ ...line, summary: 'something else' }, user, line)).toMatch(/Audit records are never changed/);
			expect(outcome({ ...line, archived: true }, user, line)).toMatch(/Audit records are never changed/);
			expect(outcome({ _id: line._id, _rev: line._rev, _deleted: true, mergedInto: '2-def' }, user, line)).toMatch(
				/Audit records are never changed/
			);
		}
		// Another kind's record still changes as before.
		const pupil = { ...makeDoc('pupil'), _rev: '1-abc' };
		expect(outcome({ ...pupil, givenName: 'Sami' }, staff, pupil)).toBeNull();
		// The server admin (repairs) is not held to it.
		expect(outcome({ ...line, archived: true }, { name: 'admin', roles: ['_admin'] }, line)).toBeNull();
	});

	it('embeds the organisation slug safely', () => {
		expect(validateDocUpdateSource({ types: [], rules: {} }, 'a"b')).toContain('var ORG = "a\\"b";');
	});
});
