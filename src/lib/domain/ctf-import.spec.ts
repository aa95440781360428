import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeDoc } from '$tests/test-factories';
import { planCtfImport } from './ctf-import';
import type { ImportContext } from './intake-import';
import type { Pupil } from './pupil';
import { DEFAULT_SETTINGS } from './settings';

const fixture = (name: string) =>
	readFileSync(new URL(`../../../tests/fixtures/intake/${name}`, import.meta.url), 'utf8');

const context = (over: Partial<ImportContext> = {}): ImportContext => ({
	pupils: [],
	intakes: [],
	ks3Scale: DEFAULT_SETTINGS.ks3Scale,
	today: '2026-11-23',
	...over
});

describe('importing a Common Transfer File', () => {
	it('reads pupil details, UPN, SEN status (latest in the history), attendance and assessment results', () => {
		const plan = planCtfImport(fixture('ctf-good.xml'), context());
		expect(plan.fileErrors).toEqual([]);
		expect(plan).toMatchObject({ ctfVersion: '23.0', sourceSchool: 'Hillcrest High School', rowUnit: 'Pupil' });
		expect(plan.rows.map((r) => [r.row, r.name, r.status])).toEqual([
			[1, 'Okonkwo, Tobi', 'create'],
			[2, 'Byrne, Kayla', 'create'],
			[3, 'Marsh, Leo', 'rejected']
		]);
		const tobi = plan.rows[0]!;
		expect(tobi.status === 'create' && tobi.pupil).toEqual({
			givenName: 'Tobi',
			familyName: 'Okonkwo',
			dateOfBirth: '2012-03-14',
			yearGroup: 9,
			hostSchool: 'Hillcrest High School',
			senStatus: 'ehcp',
			upn: 'H88440011001A',
			startDate: '2026-11-23',
			transferRecord: {
				ctfVersion: '23.0',
				sourceSchool: 'Hillcrest High School',
				receivedOn: '2026-11-23',
				attendance: [{ year: '2025', sessionsPossible: 324, sessionsAuthorised: 18, sessionsUnauthorised: 41 }],
				assessments: [
					{ stage: 'KS2', subject: 'MAT', component: 'SCSC', method: 'TT', result: '104', year: '2023' },
					{ stage: 'KS2', subject: 'ENG', component: 'RD', method: 'TT', result: '98', year: '2023' }
				]
			}
		});
		const kayla = plan.rows[1]!;
		expect(kayla.status === 'create' && kayla.pupil.senStatus).toBe('none');
	});

	it('gives the reasons for a rejected pupil and for each part of an accepted pupil left out', () => {
		const plan = planCtfImport(fixture('ctf-good.xml'), context());
		const leo = plan.rows[2]!;
		expect(leo.status === 'rejected' && leo.reasons).toEqual([
			'Date of birth "2011-02-31" is not a date: write it as DD/MM/YYYY or YYYY-MM-DD',
			'Year group "X" is not a year from 1 to 14 (write 10, Y10 or Year 10)'
		]);
		expect(plan.partsLeftOut).toEqual([
			{
				row: 1,
				name: 'Okonkwo, Tobi',
				reasons: [
					'Attendance for 2024 left out: the number of possible sessions is missing or not a number',
					'A KS2 result left out: it has no result'
				]
			}
		]);
	});

	it('says clearly when the file is not complete XML, and imports nothing', () => {
		const plan = planCtfImport(fixture('ctf-malformed.xml'), context());
		expect(plan.rows).toEqual([]);
		expect(plan.fileErrors).toEqual([
			expect.stringMatching(
				/^This file is not complete, readable XML \(line \d+: .+\)\. Ask the school to export the Common Transfer File again\.$/
			)
		]);
	});

	it('names the version it cannot read and the versions it can', () => {
		expect(planCtfImport(fixture('ctf-unknown-version.xml'), context()).fileErrors).toEqual([
			'This Common Transfer File is version 17.0; Waymark reads versions 22 and 23. Ask the school to export it again from an up-to-date MIS.'
		]);
	});

	it('refuses XML that is not a CTF, and a CTF with no pupils', () => {
		expect(planCtfImport('<?xml version="1.0"?><Census><Pupil/></Census>', context()).fileErrors).toEqual([
			'This is not a Common Transfer File: it does not start with CTfile. Choose the .xml file the school’s MIS exported.'
		]);
		expect(
			planCtfImport('<CTfile><Header><CTFversion>22.1</CTFversion></Header><CTFpupilData/></CTfile>', context())
				.fileErrors
		).toEqual(['This Common Transfer File holds no pupils.']);
	});

	it('matches a pupil already on Waymark by UPN; the same file again changes nothing', () => {
		const first = planCtfImport(fixture('ctf-good.xml'), context());
		const tobi = first.rows[0]!;
		if (tobi.status !== 'create') throw new Error('expected a new pupil');
		const onRecord = makeDoc('pupil', { ...tobi.pupil, status: 'active' }) as Pupil;
		const again = planCtfImport(fixture('ctf-good.xml'), context({ pupils: [onRecord] }));
		expect(again.rows[0]).toMatchObject({ status: 'unchanged', pupilId: onRecord._id });

		// The same pupil without the transfer record yet: an update of that alone.
		const { transferRecord: _, ...withoutTransfer } = onRecord;
		const update = planCtfImport(fixture('ctf-good.xml'), context({ pupils: [withoutTransfer] }));
		expect(update.rows[0]).toMatchObject({
			status: 'update',
			pupilId: onRecord._id,
			changes: ['attendance and assessment results from the transfer file']
		});
	});
});
