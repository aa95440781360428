import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newContacts, readYesNo } from './intake-contacts';
import { decodeCsvBytes, planImport, readCsvTable, type ImportContext } from './intake-import';
import { DEFAULT_SETTINGS } from './settings';
import { makeDoc } from '$tests/test-factories';

const context = (over: Partial<ImportContext> = {}): ImportContext => ({
	pupils: [],
	intakes: [],
	ks3Scale: DEFAULT_SETTINGS.ks3Scale,
	today: '2026-11-23',
	...over
});
const plan = async (over: Partial<ImportContext> = {}) =>
	planImport(
		await readCsvTable(
			decodeCsvBytes(readFileSync(new URL('../../../tests/fixtures/intake/contacts.csv', import.meta.url)))
		),
		context(over)
	);

describe('parents and carers in the intake CSV', () => {
	it('reads up to two contacts a row, with their flags and restriction, under the headings schools use', async () => {
		const { rows, ignoredColumns } = await plan();
		expect(ignoredColumns).toEqual([]);
		const okoro = rows[0]!;
		expect(okoro.status).toBe('create');
		expect(okoro.status === 'create' && okoro.contacts).toEqual([
			{
				name: 'Ada Okoro',
				relationship: 'Mother',
				phones: [{ number: '07700 900111' }],
				email: 'ada@example.org',
				parentalResponsibility: true,
				livesWithPupil: true
			},
			{
				name: 'Sam Okoro',
				relationship: 'Father',
				phones: [{ number: '07700 900222' }],
				parentalResponsibility: false,
				livesWithPupil: false,
				doNotContact: true,
				restriction: 'Court order 2025: no information about school'
			}
		]);
		expect(rows[1]!.status === 'create' && rows[1]!.contacts.map((c) => c.name)).toEqual(['Jo Quinn']);
	});

	it('rejects a row whose contact cannot be used, saying why in plain English', async () => {
		const lowe = (await plan()).rows[2]!;
		expect(lowe.status).toBe('rejected');
		expect(lowe.status === 'rejected' && lowe.reasons).toEqual([
			'Contact 1 parental responsibility "maybe" is not Yes or No',
			'Contact 1: Relationship is required',
			'Contact 1: Phone number must be digits (spaces, + and brackets allowed), e.g. 07700 900123',
			'Contact 1: Email must be an address like name@example.org'
		]);
	});

	it('on a re-import adds only the contacts not yet on the record', async () => {
		const pupil = makeDoc('pupil', {
			givenName: 'Femi',
			familyName: 'Okoro',
			dateOfBirth: '2011-02-14',
			yearGroup: 10,
			hostSchool: 'Castle Hill School'
		});
		const mum = makeDoc('carerContact', { pupilId: pupil._id, name: 'ada  OKORO' });
		const row = (await plan({ pupils: [pupil], carerContacts: [mum] })).rows[0]!;
		expect(row.status).toBe('update');
		expect(row.status === 'update' && row.changes).toEqual(['contact Sam Okoro (new)']);
		expect(row.status === 'update' && row.contacts.map((c) => c.name)).toEqual(['Sam Okoro']);
		// A contact withdrawn from the record is added again.
		const ada = { name: 'Ada Okoro', relationship: 'Mother', parentalResponsibility: true, livesWithPupil: true };
		expect(newContacts([ada], [{ ...mum, archived: true }])).toEqual([ada]);
	});

	it('reads yes and no as spreadsheets write them', () => {
		expect(['Yes', 'y', 'TRUE', '1'].map(readYesNo)).toEqual([true, true, true, true]);
		expect(['No', 'n', 'false', '0'].map(readYesNo)).toEqual([false, false, false, false]);
		expect(readYesNo(' ')).toBeUndefined();
		expect(readYesNo('maybe')).toBeNull();
	});
});
