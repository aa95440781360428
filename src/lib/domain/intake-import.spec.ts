import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Intake } from './intake';
import {
	countByStatus,
	decodeCsvBytes,
	describeRow,
	headerKey,
	IMPORT_COLUMNS,
	planImport,
	readCsvTable,
	readDate,
	readYearGroup,
	templateCsv,
	type ImportContext,
	type ImportPlan,
	type PlannedRow
} from './intake-import';
import type { Pupil } from './pupil';
import { DEFAULT_SETTINGS } from './settings';
import { makeDoc } from '$tests/test-factories';

const fixture = (name: string) => readFileSync(new URL(`../../../tests/fixtures/intake/${name}`, import.meta.url));

const context = (over: Partial<ImportContext> = {}): ImportContext => ({
	pupils: [],
	intakes: [],
	ks3Scale: DEFAULT_SETTINGS.ks3Scale,
	today: '2026-11-23',
	...over
});

async function planFile(name: string, over: Partial<ImportContext> = {}): Promise<ImportPlan> {
	return planImport(await readCsvTable(decodeCsvBytes(fixture(name))), context(over));
}

async function planText(text: string, over: Partial<ImportContext> = {}): Promise<ImportPlan> {
	return planImport(await readCsvTable(text), context(over));
}

const row = (plan: ImportPlan, n: number): PlannedRow => {
	const found = plan.rows.find((r) => r.row === n);
	if (!found) throw new Error(`no row ${n} in the plan`);
	return found;
};

const reasonsOf = (plan: ImportPlan, n: number): string[] => {
	const r = row(plan, n);
	return r.status === 'rejected' ? r.reasons : [];
};

describe('reading a clean file', () => {
	it('creates a pupil for every row, with the intake for each subject the row fills in', async () => {
		const plan = await planFile('good.csv');
		expect(plan.fileErrors).toEqual([]);
		expect(countByStatus(plan)).toEqual({ create: 3, update: 0, unchanged: 0, rejected: 0 });
		const ellis = row(plan, 2);
		expect(ellis).toMatchObject({
			status: 'create',
			name: 'Ellis, Jordan',
			pupil: {
				upn: 'T900123456712',
				givenName: 'Jordan',
				familyName: 'Ellis',
				dateOfBirth: '2011-04-11',
				yearGroup: 10,
				hostSchool: 'Riverside Academy',
				startDate: '2026-09-07',
				senStatus: 'sen-support'
			},
			intakes: [
				{
					subject: 'maths',
					workingAt: '3',
					ks4Target: '5',
					examBoard: 'AQA',
					specificWork: 'Fractions and percentages'
				},
				{
					subject: 'english',
					workingAt: '4-',
					ks4Target: '5',
					examBoard: 'AQA',
					specificWork: 'An Inspector Calls essay, first draft'
				}
			]
		});
	});

	it('writes grades as the scale spells them and fills in defaults for a new pupil', async () => {
		const plan = await planFile('good.csv');
		expect(row(plan, 3)).toMatchObject({
			status: 'create',
			pupil: { yearGroup: 9, startDate: '2026-11-23', senStatus: 'none' },
			intakes: [
				{ subject: 'maths', workingAt: 'Developing', ks4Target: '5', ks3Target: 'Secure', examBoard: 'Edexcel' },
				{ subject: 'english', workingAt: 'Emerging', ks4Target: '4', ks3Target: 'Developing' }
			]
		});
		expect(row(plan, 4)).toMatchObject({
			pupil: { dateOfBirth: '2010-01-05', yearGroup: 11, senStatus: 'ehcp' },
			intakes: [{ workingAt: '5+' }, { workingAt: '6-', examBoard: 'WJEC-Eduqas' }]
		});
	});
});

describe('what spreadsheets do to files', () => {
	it('reads a file with a byte-order mark, semicolons, Windows line endings and odd heading case', async () => {
		const plan = await planFile('messy.csv');
		expect(plan.fileErrors).toEqual([]);
		expect(plan.ignoredColumns).toEqual(['Form tutor']);
		expect(row(plan, 2)).toMatchObject({
			status: 'create',
			pupil: { upn: 'T900123456701', familyName: 'Adebayo', yearGroup: 11, senStatus: 'sen-support' },
			intakes: [
				{ subject: 'maths', workingAt: '4', examBoard: 'AQA' },
				{ subject: 'english', workingAt: '5-', examBoard: 'Edexcel', specificWork: 'Macbeth essay; two drafts' }
			]
		});
		expect(row(plan, 3)).toMatchObject({
			status: 'create',
			pupil: { familyName: 'Brennan', yearGroup: 8 },
			intakes: [{ workingAt: 'Developing', ks3Target: 'Secure' }, { workingAt: 'Emerging' }]
		});
		expect(row(plan, 9)).toMatchObject({ status: 'create', name: 'Çelik, Zoë', pupil: { senStatus: 'ehcp' } });
		expect(plan.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]); // trailing blank lines are not rows
		expect(countByStatus(plan)).toEqual({ create: 3, update: 0, unchanged: 0, rejected: 5 });
	});

	it('reads a tab-separated file saved by Excel in Windows-1252 without mangling accents', async () => {
		const plan = await planFile('windows-1252.tsv');
		expect(row(plan, 2)).toMatchObject({
			status: 'create',
			name: 'Müller, Zoë',
			pupil: { givenName: 'Zoë', familyName: 'Müller' }
		});
	});

	it('matches headings ignoring case, spaces and punctuation, and knows common alternatives', () => {
		expect(headerKey('\uFEFF Maths_KS4 Target ')).toBe('mathsks4target');
		const text =
			'Legal Surname,FORENAME,dob,NC Year,School,Mathematics Current Grade,Maths GCSE Target\nEllis,Jordan,11/04/2011,10,Riverside,4,5\n';
		return planText(text).then((plan) =>
			expect(row(plan, 2)).toMatchObject({
				status: 'create',
				intakes: [{ subject: 'maths', workingAt: '4', ks4Target: '5' }]
			})
		);
	});

	it('keeps row numbers as the spreadsheet shows them even with blank lines between pupils', async () => {
		const plan = await planText(
			'Surname,First name,Date of birth,Year group,Host school\n\nEllis,Jordan,11/04/2011,10,Riverside\n\n,Sam,11/04/2011,10,Riverside\n'
		);
		expect(plan.rows.map((r) => [r.row, r.status])).toEqual([
			[3, 'create'],
			[5, 'rejected']
		]);
	});

	it('accepts a minus sign typed as an en dash and dates with a time, as Excel exports them', async () => {
		const plan = await planText(
			'Surname,First name,Date of birth,Year group,Host school,Maths working at,Maths KS4 target\nEllis,Jordan,2011-04-11 00:00:00,10,Riverside,5\u2013,6\n'
		);
		expect(row(plan, 2)).toMatchObject({
			status: 'create',
			pupil: { dateOfBirth: '2011-04-11' },
			intakes: [{ workingAt: '5-' }]
		});
	});
});

describe('rows that are rejected, each with its row number and a plain-English reason', () => {
	const expected: [number, string][] = [
		[3, 'Surname is missing'],
		[4, 'First name is missing'],
		[5, 'Date of birth is missing'],
		[6, 'Date of birth "31/02/2011" is not a date: write it as DD/MM/YYYY or YYYY-MM-DD'],
		[7, 'Date of birth 2099-01-01 is in the future'],
		[8, 'Year group "Year Ten" is not a year from 1 to 14 (write 10, Y10 or Year 10)'],
		[9, 'Year group "15" is not a year from 1 to 14 (write 10, Y10 or Year 10)'],
		[10, 'Host school is missing'],
		[11, 'Maths working-at grade: "B" is not a GCSE grade: use 9 to 1 (or U), optionally with + or -, e.g. 5 or 5-'],
		[
			12,
			'Maths working-at grade: "Excellent" is not on the KS3 working-at scale: use one of Emerging, Developing, Secure, Mastered'
		],
		[13, 'Maths KS4 target is missing'],
		[14, 'Maths KS4 target: "10" is not a GCSE grade: use 9 to 1 (or U), optionally with + or -, e.g. 5 or 5-'],
		[15, 'Maths exam board "Cambridge" is not one of AQA, Edexcel, OCR, WJEC-Eduqas or other'],
		[16, 'UPN "12345" is not a UPN: 13 characters, a letter, 11 digits, then a digit or letter'],
		[17, 'SEN status "maybe" is not one of none, SEN support or EHCP'],
		[18, 'Start date "next week" is not a date: write it as DD/MM/YYYY or YYYY-MM-DD'],
		[19, 'Same pupil as row 2 (same UPN): only row 2 is imported'],
		[21, 'Same pupil as row 20 (same name and date of birth): only row 20 is imported'],
		[
			22,
			'Maths KS3 target: "Grade 7" is not on the KS3 working-at scale: use one of Emerging, Developing, Secure, Mastered'
		]
	];

	it.each(expected)('row %i: %s', async (n, reason) => {
		const plan = await planFile('bad-rows.csv');
		expect(reasonsOf(plan, n)).toEqual([reason]);
	});

	it('accepts the good rows of the same file', async () => {
		const plan = await planFile('bad-rows.csv');
		expect(plan.rows.filter((r) => r.status === 'create').map((r) => r.row)).toEqual([2, 20]);
		expect(plan.rows).toHaveLength(21);
	});

	it('lists every problem of a row, not just the first', async () => {
		const plan = await planText('Surname,First name,Date of birth,Year group,Host school\n,,tomorrow,Reception,\n');
		expect(reasonsOf(plan, 2)).toEqual([
			'Surname is missing',
			'First name is missing',
			'Date of birth "tomorrow" is not a date: write it as DD/MM/YYYY or YYYY-MM-DD',
			'Year group "Reception" is not a year from 1 to 14 (write 10, Y10 or Year 10)',
			'Host school is missing'
		]);
		expect(describeRow(row(plan, 2))).toBe(
			'Row 2: Surname is missing; First name is missing; Date of birth "tomorrow" is not a date: write it as DD/MM/YYYY or YYYY-MM-DD; Year group "Reception" is not a year from 1 to 14 (write 10, Y10 or Year 10); Host school is missing'
		);
	});

	it('refuses a name longer than the pupil record allows', async () => {
		const plan = await planText(
			`Surname,First name,Date of birth,Year group,Host school\n${'x'.repeat(101)},Jo,11/04/2011,10,Riverside\n`
		);
		expect(reasonsOf(plan, 2)).toEqual(['Surname is too long (at most 100 characters)']);
	});

	it('uses the organisation’s own KS3 scale', async () => {
		const text =
			'Surname,First name,Date of birth,Year group,Host school,Maths working at,Maths KS4 target\nEllis,Jordan,11/04/2013,8,Riverside,Working towards,4\n';
		expect((await planText(text)).rows[0]?.status).toBe('rejected');
		const plan = await planText(text, { ks3Scale: ['Working towards', 'Expected', 'Greater depth'] });
		expect(row(plan, 2)).toMatchObject({ status: 'create', intakes: [{ workingAt: 'Working towards' }] });
	});
});

describe('problems with the whole file', () => {
	it('names each required column that is missing and imports nothing', async () => {
		const plan = await planFile('missing-column.csv');
		expect(plan.fileErrors).toEqual(['The file has no "Year group" column.']);
		expect(plan.rows).toEqual([]);
	});

	it('says when the first row does not name the columns at all', async () => {
		const plan = await planFile('not-intake.csv');
		expect(plan.fileErrors).toEqual([
			'The first row does not name the columns Waymark needs. Download the template to see them.'
		]);
	});

	it('says when the file is empty', async () => {
		expect((await planText('\r\n\r\n')).fileErrors).toEqual([
			'The file is empty. Use the template: its first row names the columns.'
		]);
	});

	it('refuses a file with the same column twice', async () => {
		const plan = await planText('Surname,First name,DOB,Date of birth,Year group,Host school\n');
		expect(plan.fileErrors).toEqual([
			'Two columns are both "Date of birth" ("Date of birth" is the second). Keep one.'
		]);
	});
});

describe('matching pupils already on Waymark, so a re-import adds no one twice', () => {
	const ellis = makeDoc('pupil', {
		givenName: 'Jordan',
		familyName: 'Ellis',
		dateOfBirth: '2011-04-11',
		yearGroup: 10,
		hostSchool: 'Riverside Academy',
		startDate: '2026-09-07',
		senStatus: 'sen-support',
		upn: 'T900123456712'
	}) as Pupil;
	const okoro = makeDoc('pupil', {
		givenName: 'Dami',
		familyName: 'Okoro',
		dateOfBirth: '2012-10-02',
		yearGroup: 9,
		hostSchool: 'Hillside High School',
		startDate: '2026-11-23',
		senStatus: 'none'
	}) as Pupil;
	const intake = (pupil: Pupil, fields: Record<string, unknown>) =>
		makeDoc('intake', { pupilId: pupil._id, ...fields }) as Intake;
	const ellisIntakes = [
		intake(ellis, {
			subject: 'maths',
			workingAt: '3',
			ks4Target: '5',
			examBoard: 'AQA',
			specificWork: 'Fractions and percentages'
		}),
		intake(ellis, {
			subject: 'english',
			workingAt: '4-',
			ks4Target: '5',
			examBoard: 'AQA',
			specificWork: 'An Inspector Calls essay, first draft'
		})
	];

	it('finds a pupil by UPN even when their name has changed, and says what changes', async () => {
		const renamed = { ...ellis, familyName: 'Ellis-Brown' };
		const plan = await planFile('good.csv', { pupils: [renamed], intakes: ellisIntakes });
		expect(row(plan, 2)).toMatchObject({ status: 'update', pupilId: ellis._id, changes: ['surname'] });
	});

	it('finds a pupil by UPN when their date of birth was corrected', async () => {
		const plan = await planFile('good.csv', {
			pupils: [{ ...ellis, dateOfBirth: '2011-11-04' }],
			intakes: ellisIntakes
		});
		expect(row(plan, 2)).toMatchObject({ status: 'update', pupilId: ellis._id, changes: ['date of birth'] });
	});

	it('refuses a UPN that belongs to a pupil with another name and date of birth (a mistyped UPN)', async () => {
		const other = { ...ellis, givenName: 'Priya', familyName: 'Shah', dateOfBirth: '2010-02-02' };
		const plan = await planFile('good.csv', { pupils: [other] });
		expect(reasonsOf(plan, 2)).toEqual([
			'UPN T900123456712 belongs to Priya Shah (born 2010-02-02) on Waymark, but this row has another name and date of birth: check the UPN'
		]);
	});

	it('finds a pupil without a UPN by name and date of birth, ignoring case and spacing', async () => {
		const shouty = { ...okoro, givenName: 'DAMI', familyName: ' okoro ' };
		const plan = await planFile('good.csv', { pupils: [shouty] });
		const r = row(plan, 3);
		expect(r).toMatchObject({ status: 'update', pupilId: okoro._id });
		expect(r.status === 'update' && r.changes).toEqual([
			'first name',
			'surname',
			'Maths intake (new)',
			'English intake (new)'
		]);
	});

	it('reports a row that matches and changes nothing as already up to date', async () => {
		const plan = await planFile('good.csv', { pupils: [ellis], intakes: ellisIntakes });
		expect(row(plan, 2)).toEqual({ row: 2, name: 'Ellis, Jordan', status: 'unchanged', pupilId: ellis._id });
		expect(describeRow(row(plan, 2))).toBe('Row 2: Ellis, Jordan is already up to date');
	});

	it('updates only the subjects whose grades changed', async () => {
		const older = [ellisIntakes[0]!, { ...ellisIntakes[1]!, workingAt: '3' }];
		const plan = await planFile('good.csv', { pupils: [ellis], intakes: older });
		const r = row(plan, 2);
		expect(r).toMatchObject({ status: 'update', changes: ['English working-at grade'] });
		expect(r.status === 'update' && r.intakes.map((i) => i.subject)).toEqual(['english']);
	});

	it('never matches an archived pupil', async () => {
		const plan = await planFile('good.csv', { pupils: [{ ...ellis, archived: true }] });
		expect(row(plan, 2).status).toBe('create');
	});

	it('refuses a row whose name and date of birth match a pupil with a different UPN', async () => {
		const plan = await planText(
			'UPN,Surname,First name,Date of birth,Year group,Host school\nZ820123456799,Ellis,Jordan,11/04/2011,10,Riverside Academy\n',
			{ pupils: [ellis] }
		);
		expect(reasonsOf(plan, 2)).toEqual([
			'A pupil with this name and date of birth is on Waymark with UPN T900123456712, not Z820123456799: check the UPN'
		]);
	});

	it('refuses to guess between two pupils with the same name and date of birth', async () => {
		const twin = makeDoc('pupil', { ...okoro, _id: undefined }) as Pupil;
		const plan = await planFile('good.csv', { pupils: [okoro, { ...twin, _id: 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8DAA' }] });
		expect(reasonsOf(plan, 3)).toEqual([
			'More than one pupil on Waymark has this name and date of birth: add their UPN to say which'
		]);
	});

	it('leaves SEN status and start date alone when the file leaves them blank', async () => {
		const ehcp = { ...okoro, senStatus: 'ehcp' as const, startDate: '2026-09-01' };
		const plan = await planText(
			'Surname,First name,Date of birth,Year group,Host school,SEN status,Start date\nOkoro,Dami,02/10/2012,9,Hillside High School,,\n',
			{ pupils: [ehcp] }
		);
		expect(row(plan, 2).status).toBe('unchanged');
	});
});

describe('reading cells', () => {
	it.each([
		['11/04/2011', '2011-04-11'],
		['1/4/2011', '2011-04-01'],
		['11-04-2011', '2011-04-11'],
		['11.04.2011', '2011-04-11'],
		['2011-04-11', '2011-04-11'],
		['29/02/2012', '2012-02-29'],
		['29/02/2011', null],
		['2011/13/01', null],
		['11/04/11', null],
		['', null]
	])('date %s → %s', (cell, expected) => expect(readDate(cell)).toBe(expected));

	it.each([
		['10', 10],
		['Y10', 10],
		['yr 7', 7],
		['Year 09', 9],
		[' year 11 ', 11],
		['0', null],
		['15', null],
		['Year Ten', null],
		['R', null]
	])('year group %s → %s', (cell, expected) => expect(readYearGroup(cell)).toBe(expected));
});

describe('the template', () => {
	it('names every column and its example pupil imports cleanly', async () => {
		const csv = templateCsv();
		expect(csv.split('\r\n')[0]).toBe(IMPORT_COLUMNS.map((c) => c.header).join(','));
		const plan = await planText(csv);
		expect(plan.fileErrors).toEqual([]);
		expect(plan.ignoredColumns).toEqual([]);
		expect(plan.rows).toHaveLength(1);
		expect(plan.rows[0]?.status).toBe('create');
	});
});
