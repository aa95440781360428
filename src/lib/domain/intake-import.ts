/**
 * Importing host-school intake data from a spreadsheet (R1.3). Pure: text in, a plan out. The plan
 * says, for every row of the file, which pupil it creates or updates, or why it is rejected; the
 * store writes only the accepted rows, and only after a person has confirmed the preview.
 *
 * Tolerates what spreadsheets do: header case, spacing and punctuation ("Maths_KS4 target"), a
 * byte-order mark, Windows line endings, `;` or tab separators, Windows-1252 files, UK dates
 * (DD/MM/YYYY), "Year 9" / "Y9", blank lines. Column layout: docs/intake-import.md.
 */
import type { CarerContact } from './carer-contact';
import type { Intake } from './intake';
import { CONTACT_IMPORT_COLUMNS, newContacts, readContacts, type ImportedContact } from './intake-contacts';
import { EXAM_BOARDS } from './intake';
import { canonicalGrade, GCSE_SCALE, gradeError, ks3Scale, scaleForYear, type GradeScale } from './grade-scale';
import { pupilSchema, SEN_STATUSES, type Pupil } from './pupil';
import { compareInstants } from './calendar-days';

type Subject = Intake['subject'];
type SenStatus = (typeof SEN_STATUSES)[number];
type ExamBoard = (typeof EXAM_BOARDS)[number];

// ---------------------------------------------------------------- columns

export interface ImportColumn {
	key: string;
	/** The heading written in the template. */
	header: string;
	required: boolean;
	/** Other headings host schools use for the same thing. */
	aliases: string[];
	description: string;
	example: string;
}

const SUBJECTS: { subject: Subject; label: string; words: string[] }[] = [
	{ subject: 'maths', label: 'Maths', words: ['maths', 'math', 'mathematics'] },
	{ subject: 'english', label: 'English', words: ['english'] }
];

const INTAKE_FIELDS = [
	{
		field: 'workingAt',
		header: 'working at',
		words: ['working at', 'working at grade', 'current grade', 'current'],
		description:
			'Grade the pupil is working at now: GCSE 9–1 (optionally + or −) for years 10 and up, the KS3 scale for years 9 and below. Required when any other column of the subject is filled.'
	},
	{
		field: 'ks4Target',
		header: 'KS4 target',
		words: ['ks4 target', 'end of ks4 target', 'gcse target', 'target'],
		description:
			'End-of-KS4 target, a GCSE grade (9–1, optionally + or −). Required when any other column of the subject is filled.'
	},
	{
		field: 'ks3Target',
		header: 'KS3 target',
		words: ['ks3 target', 'end of ks3 target'],
		description: 'End-of-KS3 target on the KS3 scale (optional).'
	},
	{
		field: 'examBoard',
		header: 'exam board',
		words: ['exam board', 'board'],
		description: 'AQA, Edexcel, OCR, WJEC-Eduqas or other (optional).'
	},
	{
		field: 'specificWork',
		header: 'specific work',
		words: ['specific work', 'work', 'work requested'],
		description: 'Work the host school wants completed (optional).'
	}
] as const;

type IntakeField = (typeof INTAKE_FIELDS)[number]['field'];

const EXAMPLES: Record<string, string> = {
	'maths.workingAt': '3',
	'maths.ks4Target': '5',
	'maths.ks3Target': '',
	'maths.examBoard': 'AQA',
	'maths.specificWork': 'Fractions and percentages',
	'english.workingAt': '4-',
	'english.ks4Target': '5',
	'english.ks3Target': '',
	'english.examBoard': 'AQA',
	'english.specificWork': 'An Inspector Calls essay'
};

/** Every column Waymark reads, in template order. Headings are matched ignoring case, spaces and punctuation. */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
	{
		key: 'upn',
		header: 'UPN',
		required: false,
		aliases: ['unique pupil number'],
		description:
			'Unique pupil number: a letter, 11 digits, then a digit or letter. Used first to find the pupil on a re-import.',
		example: 'T900123456799'
	},
	{
		key: 'familyName',
		header: 'Surname',
		required: true,
		aliases: ['family name', 'last name', 'legal surname'],
		description: 'Required.',
		example: 'Ellis'
	},
	{
		key: 'givenName',
		header: 'First name',
		required: true,
		aliases: ['forename', 'given name', 'first names', 'legal forename'],
		description: 'Required.',
		example: 'Jordan'
	},
	{
		key: 'dateOfBirth',
		header: 'Date of birth',
		required: true,
		aliases: ['dob', 'birth date', 'date of birth dd mm yyyy'],
		description: 'Required. DD/MM/YYYY (also D/M/YYYY, with - or .) or YYYY-MM-DD.',
		example: '11/04/2011'
	},
	{
		key: 'yearGroup',
		header: 'Year group',
		required: true,
		aliases: ['year', 'nc year', 'national curriculum year', 'yr'],
		description: 'Required. 1 to 14, written 10, Y10 or Year 10.',
		example: '10'
	},
	{
		key: 'hostSchool',
		header: 'Host school',
		required: true,
		aliases: ['school', 'home school', 'referring school'],
		description: 'Required: the school the pupil is on roll at.',
		example: 'Riverside Academy'
	},
	{
		key: 'startDate',
		header: 'Start date',
		required: false,
		aliases: ['ap start date', 'start', 'date started'],
		description: 'First day at the provision; a new pupil without one starts on the day of the import.',
		example: '07/09/2026'
	},
	{
		key: 'senStatus',
		header: 'SEN status',
		required: false,
		aliases: ['sen', 'send', 'sen provision'],
		description:
			'None, SEN support (or K) or EHCP (or E); blank means none for a new pupil and no change for one already on Waymark.',
		example: 'SEN support'
	},
	...SUBJECTS.flatMap(({ subject, label, words }) =>
		INTAKE_FIELDS.map((f) => ({
			key: `${subject}.${f.field}`,
			header: `${label} ${f.header}`,
			required: false,
			aliases: words.flatMap((w) => f.words.map((fw) => `${w} ${fw}`)),
			description: f.description,
			example: EXAMPLES[`${subject}.${f.field}`] ?? ''
		}))
	),
	...CONTACT_IMPORT_COLUMNS
];

/** Lower case, letters and digits only: "Maths_KS4 Target " → "mathsks4target". */
export function headerKey(heading: string): string {
	return heading
		.replace(/^\uFEFF/, '')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
}

const COLUMN_BY_HEADER = new Map<string, ImportColumn>();
for (const column of IMPORT_COLUMNS) {
	for (const name of [column.header, ...column.aliases]) COLUMN_BY_HEADER.set(headerKey(name), column);
}

// ---------------------------------------------------------------- template

function csvCell(value: string): string {
	return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The downloadable template: every column's heading and one example pupil. */
export function templateCsv(): string {
	const lines = [IMPORT_COLUMNS.map((c) => csvCell(c.header)), IMPORT_COLUMNS.map((c) => csvCell(c.example))];
	return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------- reading the file

/** At most this many pupils per file: a provision has tens, a whole LA a few thousand. */
export const MAX_ROWS = 5000;

/**
 * Bytes to text. UTF-8 (with or without a byte-order mark) when the bytes are valid UTF-8, else
 * Windows-1252, which is what Excel's plain "CSV" format writes on Windows (so "Zoë" survives).
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		text = new TextDecoder('windows-1252').decode(bytes);
	}
	return text.replace(/^\uFEFF/, '');
}

/** The file's rows as cells. papaparse is loaded only when a file is read (not in first-load JS). */
export async function readCsvTable(text: string): Promise<string[][]> {
	const { default: Papa } = await import('papaparse');
	const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
		delimitersToGuess: [',', ';', '\t', '|'],
		skipEmptyLines: false
	});
	return result.data.map((row) => row.map((cell) => String(cell ?? '')));
}

// ---------------------------------------------------------------- cell readers

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(y: number, m: number, d: number): boolean {
	if (m < 1 || m > 12 || d < 1) return false;
	const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
	return d <= (m === 2 && !leap ? 28 : (MONTH_DAYS[m - 1] ?? 0));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "11/04/2011", "11-4-2011", "2011-04-11" (with an optional time, as Excel exports) → "2011-04-11"; null when not a real date. */
export function readDate(cell: string): string | null {
	const s = cell.trim().replace(/[T ]\d{1,2}:\d{2}(:\d{2})?$/, '');
	let y: number, m: number, d: number;
	const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
	const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
	if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
	else if (uk) [d, m, y] = [Number(uk[1]), Number(uk[2]), Number(uk[3])];
	else return null;
	if (y < 1900 || y > 2200 || !isRealDate(y, m, d)) return null;
	return `${y}-${pad(m)}-${pad(d)}`;
}

/** "10", "Y10", "Yr 10", "Year 10" → 10; null otherwise (including years outside 1–14). */
export function readYearGroup(cell: string): number | null {
	const match = /^(?:y|yr|year)?\s*0?(\d{1,2})$/i.exec(cell.trim());
	if (!match) return null;
	const year = Number(match[1]);
	return year >= 1 && year <= 14 ? year : null;
}

/** SEN status words and the census codes (N, K, E). */
export function readSenStatus(cell: string): SenStatus | null {
	const key = headerKey(cell);
	if (['', 'none', 'no', 'n'].includes(key)) return 'none';
	if (['sensupport', 'sen', 'k', 'support'].includes(key)) return 'sen-support';
	if (['ehcp', 'e', 'ehcplan', 'ehc', 'statement'].includes(key)) return 'ehcp';
	return null;
}

export function readExamBoard(cell: string): ExamBoard | null {
	const key = headerKey(cell);
	if (key === 'aqa') return 'AQA';
	if (['edexcel', 'pearson', 'pearsonedexcel'].includes(key)) return 'Edexcel';
	if (['ocr'].includes(key)) return 'OCR';
	if (['wjec', 'eduqas', 'wjeceduqas'].includes(key)) return 'WJEC-Eduqas';
	if (key === 'other') return 'other';
	return null;
}

/** Upper case without spaces, as UPNs are printed in groups. */
export function readUpn(cell: string): string {
	return cell.replace(/\s+/g, '').toUpperCase();
}

// ---------------------------------------------------------------- planning

export interface ImportContext {
	/** Pupils already on this tablet (archived ones are never matched). */
	pupils: readonly Pupil[];
	/** Their intake records, for "updates" vs "no change". */
	intakes: readonly Intake[];
	/** The organisation's KS3 working-at scale, lowest first. */
	ks3Scale: readonly string[];
	/** YYYY-MM-DD: start date of new pupils without one, and the limit for dates of birth. */
	today: string;
	/** Parents and carers already on pupil records (a contact in the file already there is not added again). */
	carerContacts?: readonly CarerContact[];
}

/** Pupil fields the file sets. */
export interface ImportedPupil {
	givenName: string;
	familyName: string;
	dateOfBirth: string;
	yearGroup: number;
	hostSchool: string;
	startDate?: string;
	senStatus?: SenStatus;
	upn?: string;
	/** From a Common Transfer File (ctf-import.ts): attendance summary and assessment results. */
	transferRecord?: Pupil['transferRecord'];
}

export interface ImportedIntake {
	subject: Subject;
	workingAt: string;
	ks4Target: string;
	ks3Target?: string;
	examBoard?: ExamBoard;
	specificWork?: string;
}

interface RowBase {
	/** Row number as the spreadsheet shows it: the headings are row 1. */
	row: number;
	/** "Ellis, Jordan", or what the row has of a name. */
	name: string;
}

export type PlannedRow =
	| (RowBase & { status: 'create'; pupil: ImportedPupil; intakes: ImportedIntake[]; contacts: ImportedContact[] })
	| (RowBase & {
			status: 'update';
			pupilId: string;
			pupil: ImportedPupil;
			intakes: ImportedIntake[];
			/** Parents and carers to add to the record (those not on it yet). */
			contacts: ImportedContact[];
			changes: string[];
	  })
	| (RowBase & { status: 'unchanged'; pupilId: string })
	| (RowBase & { status: 'rejected'; reasons: string[] });

export type AcceptedRow = Extract<PlannedRow, { status: 'create' | 'update' }>;

export interface ImportPlan {
	/** Problems with the whole file (no headings, a required column missing…): nothing can be imported. */
	fileErrors: string[];
	/** Headings Waymark does not use (they are ignored). */
	ignoredColumns: string[];
	rows: PlannedRow[];
	/** Parts of accepted rows left out, with why (a CTF's unreadable attendance year, say). */
	partsLeftOut?: { row: number; name: string; reasons: string[] }[];
	/** What a row is called in the preview: a spreadsheet "Row", or a transfer file's "Pupil". */
	rowUnit?: 'Row' | 'Pupil';
}

export const isAccepted = (row: PlannedRow): row is AcceptedRow => row.status === 'create' || row.status === 'update';

export function countByStatus(plan: ImportPlan): Record<PlannedRow['status'], number> {
	const counts = { create: 0, update: 0, unchanged: 0, rejected: 0 };
	for (const row of plan.rows) counts[row.status]++;
	return counts;
}

const nameKey = (givenName: string, familyName: string, dateOfBirth: string) =>
	`${givenName.trim().toLowerCase().replace(/\s+/g, ' ')}|${familyName.trim().toLowerCase().replace(/\s+/g, ' ')}|${dateOfBirth}`;

const PUPIL_LABELS: Record<keyof ImportedPupil, string> = {
	givenName: 'first name',
	familyName: 'surname',
	dateOfBirth: 'date of birth',
	yearGroup: 'year group',
	hostSchool: 'host school',
	startDate: 'start date',
	senStatus: 'SEN status',
	upn: 'UPN',
	transferRecord: 'attendance and assessment results from the transfer file'
};

const INTAKE_LABELS: Record<IntakeField, string> = {
	workingAt: 'working-at grade',
	ks4Target: 'KS4 target',
	ks3Target: 'KS3 target',
	examBoard: 'exam board',
	specificWork: 'specific work'
};

/** Read the whole table (headings first) into a plan. */
export function planImport(table: readonly (readonly string[])[], context: ImportContext): ImportPlan {
	const plan: ImportPlan = { fileErrors: [], ignoredColumns: [], rows: [] };
	const headerIndex = table.findIndex((cells) => cells.some((c) => c.trim() !== ''));
	if (headerIndex === -1) {
		plan.fileErrors.push('The file is empty. Use the template: its first row names the columns.');
		return plan;
	}

	// Which column of the file holds what.
	const columnAt = new Map<string, number>();
	(table[headerIndex] ?? []).forEach((heading, index) => {
		if (heading.trim() === '') return;
		const column = COLUMN_BY_HEADER.get(headerKey(heading));
		if (!column) plan.ignoredColumns.push(heading.trim());
		else if (columnAt.has(column.key))
			plan.fileErrors.push(`Two columns are both "${column.header}" ("${heading.trim()}" is the second). Keep one.`);
		else columnAt.set(column.key, index);
	});
	const missing = IMPORT_COLUMNS.filter((c) => c.required && !columnAt.has(c.key));
	if (missing.length === IMPORT_COLUMNS.filter((c) => c.required).length) {
		plan.fileErrors.push('The first row does not name the columns Waymark needs. Download the template to see them.');
		return plan;
	}
	for (const column of missing) plan.fileErrors.push(`The file has no "${column.header}" column.`);
	const dataRows = table.length - headerIndex - 1;
	if (dataRows > MAX_ROWS)
		plan.fileErrors.push(
			`The file has ${dataRows} rows; at most ${MAX_ROWS} can be imported at once. Split it into smaller files.`
		);
	if (plan.fileErrors.length) return plan;

	// Pupils on Waymark by UPN and by name + date of birth: one pass, not one per row.
	const known: KnownPupils = { byUpn: new Map(), byName: new Map() };
	for (const p of context.pupils) {
		if (p.archived) continue;
		if (p.upn && !known.byUpn.has(p.upn)) known.byUpn.set(p.upn, p);
		const key = nameKey(p.givenName, p.familyName, p.dateOfBirth);
		known.byName.set(key, [...(known.byName.get(key) ?? []), p]);
	}
	const intakesByPupil = new Map<string, Intake[]>();
	for (const i of context.intakes) intakesByPupil.set(i.pupilId, [...(intakesByPupil.get(i.pupilId) ?? []), i]);
	const seenUpn = new Map<string, number>();
	const seenName = new Map<string, number>();

	for (let i = headerIndex + 1; i < table.length; i++) {
		const cells = table[i] ?? [];
		if (cells.every((c) => c.trim() === '')) continue; // blank lines at the end, or between blocks
		const cell = (key: string) => {
			const index = columnAt.get(key);
			return index === undefined ? '' : (cells[index] ?? '').trim();
		};
		const row = i + 1;
		const planned = planRow(row, cell, context, known, intakesByPupil);
		if (planned.status === 'rejected') {
			plan.rows.push(planned);
			continue;
		}

		// The same pupil twice in one file: the first row wins, the later one is refused.
		const pupil = 'pupil' in planned ? planned.pupil : rowIdentity(cell, context);
		const upnRow = pupil.upn ? seenUpn.get(pupil.upn) : undefined;
		const key = nameKey(pupil.givenName, pupil.familyName, pupil.dateOfBirth);
		const nameRow = seenName.get(key);
		if (upnRow !== undefined || nameRow !== undefined) {
			const first = upnRow ?? nameRow;
			const how = upnRow !== undefined ? 'same UPN' : 'same name and date of birth';
			plan.rows.push({
				row,
				name: planned.name,
				status: 'rejected',
				reasons: [`Same pupil as row ${first} (${how}): only row ${first} is imported`]
			});
			continue;
		}
		if (pupil.upn) seenUpn.set(pupil.upn, row);
		seenName.set(key, row);
		plan.rows.push(planned);
	}
	return plan;
}

/** Identity fields of a row already known to be valid (used for in-file duplicates of unchanged rows). */
function rowIdentity(cell: (key: string) => string, context: ImportContext): ImportedPupil {
	return {
		givenName: cell('givenName'),
		familyName: cell('familyName'),
		dateOfBirth: readDate(cell('dateOfBirth')) ?? '',
		yearGroup: readYearGroup(cell('yearGroup')) ?? 0,
		hostSchool: cell('hostSchool'),
		upn: cell('upn') ? readUpn(cell('upn')) : undefined,
		startDate: readDate(cell('startDate')) ?? context.today
	};
}

interface KnownPupils {
	byUpn: Map<string, Pupil>;
	byName: Map<string, Pupil[]>;
}

function planRow(
	row: number,
	cell: (key: string) => string,
	context: ImportContext,
	known: KnownPupils,
	intakesByPupil: ReadonlyMap<string, Intake[]>
): PlannedRow {
	const reasons: string[] = [];
	const familyName = cell('familyName');
	const givenName = cell('givenName');
	const name = [familyName, givenName].filter(Boolean).join(', ') || '(no name)';

	if (!familyName) reasons.push('Surname is missing');
	if (!givenName) reasons.push('First name is missing');

	const dobCell = cell('dateOfBirth');
	const dateOfBirth = readDate(dobCell);
	if (!dobCell) reasons.push('Date of birth is missing');
	else if (!dateOfBirth) reasons.push(`Date of birth "${dobCell}" is not a date: write it as DD/MM/YYYY or YYYY-MM-DD`);
	else if (dateOfBirth > context.today) reasons.push(`Date of birth ${dateOfBirth} is in the future`);

	const yearCell = cell('yearGroup');
	const yearGroup = readYearGroup(yearCell);
	if (!yearCell) reasons.push('Year group is missing');
	else if (yearGroup === null)
		reasons.push(`Year group "${yearCell}" is not a year from 1 to 14 (write 10, Y10 or Year 10)`);

	const hostSchool = cell('hostSchool');
	if (!hostSchool) reasons.push('Host school is missing');

	const startCell = cell('startDate');
	const startDate = startCell ? readDate(startCell) : null;
	if (startCell && !startDate)
		reasons.push(`Start date "${startCell}" is not a date: write it as DD/MM/YYYY or YYYY-MM-DD`);

	const senCell = cell('senStatus');
	const senStatus = readSenStatus(senCell);
	if (senStatus === null) reasons.push(`SEN status "${senCell}" is not one of none, SEN support or EHCP`);

	const upnCell = cell('upn');
	const upn = upnCell ? readUpn(upnCell) : undefined;
	if (upn && !/^[A-Z]\d{11}[0-9A-Z]$/.test(upn))
		reasons.push(`UPN "${upnCell}" is not a UPN: 13 characters, a letter, 11 digits, then a digit or letter`);

	const imported: ImportedPupil = {
		givenName,
		familyName,
		dateOfBirth: dateOfBirth ?? '',
		yearGroup: yearGroup ?? 0,
		hostSchool,
		...(startDate ? { startDate } : {}),
		...(senCell && senStatus ? { senStatus } : {}),
		...(upn ? { upn } : {})
	};

	const intakes: ImportedIntake[] = [];
	for (const { subject, label } of SUBJECTS) {
		const intake = readIntake(subject, label, cell, yearGroup, context.ks3Scale, reasons);
		if (intake) intakes.push(intake);
	}
	const contacts = readContacts(cell, reasons);

	if (reasons.length === 0) reasons.push(...schemaProblems(imported, context.today));
	if (reasons.length) return { row, name, status: 'rejected', reasons };

	// Which pupil on Waymark this row is: by UPN first, else by name and date of birth.
	const byUpn = upn ? known.byUpn.get(upn) : undefined;
	// A name can change and a date of birth be corrected, but not both at once: that is another child
	// (a mistyped UPN), and their record must not be overwritten.
	if (
		byUpn &&
		byUpn.dateOfBirth !== imported.dateOfBirth &&
		nameKey(byUpn.givenName, byUpn.familyName, '') !== nameKey(givenName, familyName, '')
	) {
		return {
			row,
			name,
			status: 'rejected',
			reasons: [
				`UPN ${upn} belongs to ${byUpn.givenName} ${byUpn.familyName} (born ${byUpn.dateOfBirth}) on Waymark, but this row has another name and date of birth: check the UPN`
			]
		};
	}
	let existing = byUpn;
	if (!existing) {
		const key = nameKey(givenName, familyName, imported.dateOfBirth);
		const byName = known.byName.get(key) ?? [];
		if (byName.length > 1) {
			return {
				row,
				name,
				status: 'rejected',
				reasons: ['More than one pupil on Waymark has this name and date of birth: add their UPN to say which']
			};
		}
		const match = byName[0];
		if (match && upn && match.upn && match.upn !== upn) {
			return {
				row,
				name,
				status: 'rejected',
				reasons: [
					`A pupil with this name and date of birth is on Waymark with UPN ${match.upn}, not ${upn}: check the UPN`
				]
			};
		}
		existing = match;
	}

	if (!existing) {
		return {
			row,
			name,
			status: 'create',
			pupil: { ...imported, startDate: imported.startDate ?? context.today, senStatus: imported.senStatus ?? 'none' },
			intakes,
			contacts
		};
	}

	const changes: string[] = [];
	for (const field of Object.keys(imported) as (keyof ImportedPupil)[]) {
		if (imported[field] !== existing[field]) changes.push(PUPIL_LABELS[field]);
	}
	const changedIntakes = intakes.filter((intake) => {
		const current = latestIntake(intakesByPupil.get(existing._id) ?? [], existing._id, intake.subject);
		const differs = (Object.keys(INTAKE_LABELS) as IntakeField[]).filter(
			(f) => intake[f] !== undefined && intake[f] !== current?.[f]
		);
		const label = SUBJECTS.find((s) => s.subject === intake.subject)?.label ?? intake.subject;
		if (!current) changes.push(`${label} intake (new)`);
		else for (const f of differs) changes.push(`${label} ${INTAKE_LABELS[f]}`);
		return !current || differs.length > 0;
	});
	const addedContacts = newContacts(
		contacts,
		(context.carerContacts ?? []).filter((c) => c.pupilId === existing._id)
	);
	for (const c of addedContacts) changes.push(`contact ${c.name} (new)`);
	if (changes.length === 0) return { row, name, status: 'unchanged', pupilId: existing._id };
	return {
		row,
		name,
		status: 'update',
		pupilId: existing._id,
		pupil: imported,
		intakes: changedIntakes,
		contacts: addedContacts,
		changes
	};
}

function latestIntake(intakes: readonly Intake[], pupilId: string, subject: Subject): Intake | undefined {
	return intakes
		.filter((i) => i.pupilId === pupilId && i.subject === subject && !i.archived)
		.sort((a, b) => compareInstants(a.updatedAt, b.updatedAt))
		.at(-1);
}

function readIntake(
	subject: Subject,
	label: string,
	cell: (key: string) => string,
	yearGroup: number | null,
	ks3Steps: readonly string[],
	reasons: string[]
): ImportedIntake | null {
	const value = (field: IntakeField) => cell(`${subject}.${field}`);
	if (INTAKE_FIELDS.every((f) => value(f.field) === '')) return null;

	const grade = (field: IntakeField, scale: GradeScale | null): string | undefined => {
		const raw = value(field);
		if (!raw) {
			if (field === 'workingAt' || field === 'ks4Target') reasons.push(`${label} ${INTAKE_LABELS[field]} is missing`);
			return undefined;
		}
		if (!scale) return raw; // year group unknown: already reported
		const error = gradeError(raw, scale);
		if (error) {
			reasons.push(`${label} ${INTAKE_LABELS[field]}: ${error}`);
			return undefined;
		}
		return canonicalGrade(raw, scale) ?? raw;
	};

	const workingAt = grade('workingAt', yearGroup === null ? null : scaleForYear(yearGroup, ks3Steps));
	const ks4Target = grade('ks4Target', GCSE_SCALE);
	const ks3Target = grade('ks3Target', ks3Scale(ks3Steps));
	const boardCell = value('examBoard');
	const examBoard = boardCell ? readExamBoard(boardCell) : undefined;
	if (examBoard === null)
		reasons.push(`${label} exam board "${boardCell}" is not one of AQA, Edexcel, OCR, WJEC-Eduqas or other`);
	const specificWork = value('specificWork');
	if (specificWork.length > 10_000) reasons.push(`${label} specific work is too long (at most 10,000 characters)`);

	if (workingAt === undefined || ks4Target === undefined) return null;
	return {
		subject,
		workingAt,
		ks4Target,
		...(ks3Target ? { ks3Target } : {}),
		...(examBoard ? { examBoard } : {}),
		...(specificWork ? { specificWork } : {})
	};
}

/** The contract's own checks (lengths and the like), so an accepted row always saves. */
function schemaProblems(pupil: ImportedPupil, today: string): string[] {
	const candidate = {
		_id: 'pupil:00000000000000000000000000',
		type: 'pupil',
		schemaVersion: 1,
		createdAt: '2026-01-01T00:00:00Z',
		updatedAt: '2026-01-01T00:00:00Z',
		createdBy: 'import',
		updatedBy: 'import',
		status: 'active',
		senStatus: 'none',
		startDate: today,
		...pupil
	};
	const parsed = pupilSchema.safeParse(candidate);
	return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

/** "Row 5: Surname is missing; Year group "Ten" is not…" for lists and screen readers. */
export function describeRow(row: PlannedRow): string {
	switch (row.status) {
		case 'create':
			return `Row ${row.row}: adds ${row.name}`;
		case 'update':
			return `Row ${row.row}: updates ${row.name} (${row.changes.join(', ')})`;
		case 'unchanged':
			return `Row ${row.row}: ${row.name} is already up to date`;
		case 'rejected':
			return `Row ${row.row}: ${row.reasons.join('; ')}`;
	}
}
