/**
 * Intake from a DfE Common Transfer File (issue 13 item 9). A CTF is the XML a host school's MIS
 * exports when a pupil moves. This reads the parts Waymark keeps — pupil details, UPN, SEN status,
 * the attendance summary and assessment results — and turns the pupils into the same table the
 * CSV import reads, so both go through ONE planner (`planImport`): the same matching, the same
 * reasons for rejected pupils, the same preview-then-confirm screen. Pure: no I/O.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { planImport, type ImportContext, type ImportPlan, type PlannedRow } from './intake-import';
import type { Pupil } from './pupil';

/** CTF versions whose element names Waymark reads (docs/intake-import.md). */
export const CTF_VERSIONS = [22, 23] as const;

export type TransferRecord = NonNullable<Pupil['transferRecord']>;

/** Elements that may appear once or many times: always read as lists. */
const LISTS = new Set(['Pupil', 'SEN', 'YearData', 'KeyStage', 'StageAssessment', 'Address']);

type Node = Record<string, unknown>;

const asNode = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const asList = (v: unknown): Node[] => (Array.isArray(v) ? v.map(asNode) : v === undefined ? [] : [asNode(v)]);
/** An element's text ('' when absent; attributes and child elements are not text). */
function text(v: unknown): string {
	if (typeof v === 'string' || typeof v === 'number') return String(v).trim();
	if (v && typeof v === 'object' && '#text' in v) return String((v as Node)['#text']).trim();
	return '';
}

const SEN_CODES: Record<string, string> = { N: 'N', K: 'K', E: 'E', S: 'E' };

export interface CtfPlan extends ImportPlan {
	/** The file's version and source school, for the preview's heading. */
	ctfVersion?: string;
	sourceSchool?: string;
}

/** The newest SEN provision in the pupil's SEN history (by start date; the last listed on a tie). */
function latestSen(pupil: Node): string {
	const history = asList(asNode(pupil.SENhistory).SEN);
	const newest = history
		.map((s, i) => ({ start: text(s.StartDate), code: text(s.SENprovision).toUpperCase(), i }))
		.sort((a, b) => a.start.localeCompare(b.start) || a.i - b.i)
		.at(-1);
	if (!newest) return '';
	return SEN_CODES[newest.code] ?? newest.code;
}

const whole = (s: string) => (/^\d{1,4}$/.test(s) ? Number(s) : null);

/** Attendance years and assessment results, with a reason for each part left out. */
function transferParts(pupil: Node): Pick<TransferRecord, 'attendance' | 'assessments'> & { problems: string[] } {
	const problems: string[] = [];
	const attendance: TransferRecord['attendance'] = [];
	for (const y of asList(asNode(pupil.Attendance).YearData)) {
		const year = text(y.Year) || 'a year not named';
		const possible = whole(text(y.SessionsPossible));
		if (possible === null) {
			problems.push(`Attendance for ${year} left out: the number of possible sessions is missing or not a number`);
			continue;
		}
		const authorised = text(y.SessionsAuthorised) ? whole(text(y.SessionsAuthorised)) : undefined;
		const unauthorised = text(y.SessionsUnauthorised) ? whole(text(y.SessionsUnauthorised)) : undefined;
		if (authorised === null || unauthorised === null || (authorised ?? 0) + (unauthorised ?? 0) > possible) {
			problems.push(
				`Attendance for ${year} left out: the absence figures are not numbers or add up to more than the sessions possible`
			);
			continue;
		}
		attendance.push({
			year,
			sessionsPossible: possible,
			...(authorised !== undefined ? { sessionsAuthorised: authorised } : {}),
			...(unauthorised !== undefined ? { sessionsUnauthorised: unauthorised } : {})
		});
	}
	const assessments: TransferRecord['assessments'] = [];
	for (const stage of asList(asNode(pupil.Assessments).KeyStage)) {
		const stageName = text(stage.Stage) || 'Assessment';
		for (const a of asList(asNode(stage.StageAssessments).StageAssessment)) {
			const subject = text(a.Subject);
			const result = text(a.Result);
			if (!subject || !result) {
				problems.push(`A ${stageName} result left out: it has no ${subject ? 'result' : 'subject'}`);
				continue;
			}
			const component = text(a.Component);
			const method = text(a.Method);
			const year = text(a.Year);
			assessments.push({
				stage: stageName.slice(0, 40),
				subject: subject.slice(0, 100),
				result: result.slice(0, 40),
				...(component ? { component: component.slice(0, 100) } : {}),
				...(method ? { method: method.slice(0, 40) } : {}),
				...(year ? { year: year.slice(0, 20) } : {})
			});
		}
	}
	return { attendance, assessments, problems };
}

const TRANSFER_CHANGE = 'attendance and assessment results from the transfer file';

const failed = (message: string): CtfPlan => ({ fileErrors: [message], ignoredColumns: [], rows: [] });

/** Read a CTF (as text) into an import plan: the same rows, statuses and reasons as a CSV. */
export function planCtfImport(xml: string, context: ImportContext): CtfPlan {
	const valid = XMLValidator.validate(xml);
	if (valid !== true)
		return failed(
			`This file is not complete, readable XML (line ${valid.err.line}: ${valid.err.msg}). Ask the school to export the Common Transfer File again.`
		);
	// Text stays text: a UPN or a year group must not be turned into a number ("09" → 9 is fine, but
	// not for identifiers). Entities are the five XML ones only.
	const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, isArray: (name) => LISTS.has(name) });
	let doc: Node;
	try {
		doc = asNode(parser.parse(xml));
	} catch {
		return failed('This file could not be read as a Common Transfer File. Ask the school to export it again.');
	}
	const root = asNode(doc.CTfile);
	if (!('CTfile' in doc))
		return failed(
			'This is not a Common Transfer File: it does not start with CTfile. Choose the .xml file the school’s MIS exported.'
		);
	const header = asNode(root.Header);
	const version = text(header.CTFversion);
	const major = Number(/^(\d+)/.exec(version)?.[1]);
	if (!CTF_VERSIONS.includes(major as (typeof CTF_VERSIONS)[number]))
		return failed(
			version
				? `This Common Transfer File is version ${version}; Waymark reads versions ${CTF_VERSIONS.join(' and ')}. Ask the school to export it again from an up-to-date MIS.`
				: `This Common Transfer File does not say its version (Header, CTFversion); Waymark reads versions ${CTF_VERSIONS.join(' and ')}.`
		);
	const source = asNode(header.SourceSchool);
	const sourceSchool = text(source.SchoolName) || undefined;
	const pupils = asList(asNode(root.CTFpupilData).Pupil);
	if (!pupils.length)
		return { ...failed('This Common Transfer File holds no pupils.'), ctfVersion: version, sourceSchool };

	// One table row per pupil, with the CSV import's headings.
	const table: string[][] = [
		['UPN', 'Surname', 'First name', 'Date of birth', 'Year group', 'Host school', 'SEN status']
	];
	const parts = pupils.map(transferParts);
	for (const p of pupils) {
		const details = asNode(p.BasicDetails);
		table.push([
			text(p.UPN),
			text(p.Surname),
			text(p.Forename),
			text(p.DOB),
			text(p.NCyearActual) || text(details.NCyearActual),
			sourceSchool ?? '',
			latestSen(p)
		]);
	}
	const plan = planImport(table, context);
	const byId = new Map(context.pupils.map((p) => [p._id, p]));
	const rows = plan.rows.map((row): PlannedRow => {
		const index = row.row - 2; // the headings are row 1
		const part = parts[index]!;
		const transferRecord: TransferRecord = {
			ctfVersion: version,
			...(sourceSchool ? { sourceSchool } : {}),
			receivedOn: context.today,
			attendance: part.attendance,
			assessments: part.assessments
		};
		const numbered = { ...row, row: index + 1 };
		if (numbered.status === 'rejected') return numbered;
		if (numbered.status === 'create') return { ...numbered, pupil: { ...numbered.pupil, transferRecord } };
		const onRecord = byId.get(numbered.pupilId);
		const isNew = !sameTransfer(onRecord?.transferRecord, transferRecord);
		if (numbered.status === 'update')
			return {
				...numbered,
				pupil: { ...numbered.pupil, transferRecord },
				changes: isNew ? [...numbered.changes, TRANSFER_CHANGE] : numbered.changes
			};
		// Up to date on every detail, but the transfer record is new or different: an update of it alone.
		if (!onRecord || !isNew) return numbered;
		const { givenName, familyName, dateOfBirth, yearGroup, hostSchool, upn } = onRecord;
		return {
			row: numbered.row,
			name: numbered.name,
			status: 'update',
			pupilId: numbered.pupilId,
			pupil: { givenName, familyName, dateOfBirth, yearGroup, hostSchool, ...(upn ? { upn } : {}), transferRecord },
			intakes: [],
			contacts: [],
			changes: [TRANSFER_CHANGE]
		};
	});
	const partsLeftOut = rows
		.map((row) => ({
			row: row.row,
			name: row.name,
			reasons: row.status === 'rejected' ? [] : parts[row.row - 1]!.problems
		}))
		.filter((p) => p.reasons.length);
	return { ...plan, rows, partsLeftOut, rowUnit: 'Pupil', ctfVersion: version, sourceSchool };
}

/** The same attendance and results as last time (the day it was received does not count). */
function sameTransfer(a: TransferRecord | undefined, b: TransferRecord): boolean {
	if (!a) return false;
	const strip = (t: TransferRecord) => JSON.stringify({ ...t, receivedOn: undefined });
	return strip(a) === strip(b);
}
