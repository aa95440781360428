import { describe, expect, it } from 'vitest';
import { RECORD_TYPES, schemas, typeOfId, validateDocument, type RecordType } from './kinds';
import { makeDoc } from '$tests/test-factories';

const P = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9E';

/** For each type: overrides that break it, and the message a person would see. */
const INVALID: Record<RecordType, [string, Record<string, unknown>, RegExp][]> = {
	pupil: [
		['a blank surname', { familyName: '  ' }, /familyName: Surname is required/],
		['year group 15', { yearGroup: 15 }, /Year group must be from 1 to 14/],
		['an unknown SEN status', { senStatus: 'EHC plan' }, /SEN status must be none, SEN support or EHCP/],
		[
			'a date of birth in the wrong format',
			{ dateOfBirth: '11/04/2012' },
			/dateOfBirth: must be a date written as YYYY-MM-DD/
		],
		['a malformed UPN', { upn: 'ABC' }, /UPN must be 13 characters/]
	],
	intake: [
		['the subject science', { subject: 'science' }, /Subject must be maths or english/],
		['no KS4 target', { ks4Target: '' }, /KS4 target is required/],
		['an unknown exam board', { examBoard: 'Pearson' }, /Exam board must be AQA, Edexcel, OCR, WJEC-Eduqas or other/],
		['a pupil id that is not one', { pupilId: 'Jordan' }, /must be a pupil id/]
	],
	baseline: [
		['domain maths', { domain: 'maths' }, /Domain must be literacy, numeracy or wellbeing/],
		['standardised score 200', { standardisedScore: 200 }, /Standardised score must be from 40 to 160/],
		['a raw score above the maximum', { rawScore: 30, maxScore: 20 }, /Raw score cannot be more than the maximum/],
		['no instrument', { instrument: '' }, /Instrument is required/]
	],
	plan: [
		['no objectives', { objectives: [] }, /A plan needs at least one objective/],
		[
			'an objective with an unknown area',
			{ objectives: [{ id: 'o1', area: 'maths', description: 'd', successCriteria: 's', targetDate: '2026-12-01' }] },
			/Area must be literacy/
		],
		[
			'an objective without success criteria',
			{ objectives: [{ id: 'o1', area: 'other', description: 'd', successCriteria: '', targetDate: '2026-12-01' }] },
			/Success criteria is required/
		],
		['a review date that is not a date', { reviewDate: 'next term' }, /reviewDate: must be a date/]
	],
	planReview: [
		[
			'a rating outside the scale',
			{ ratings: [{ objectiveId: 'o1', rating: 'done' }] },
			/Rating must be not started, working towards or achieved/
		],
		['a plan id of the wrong type', { planId: P }, /must be a plan id/],
		['no date', { date: undefined }, /date: must be a date/]
	],
	lesson: [
		['an empty topic', { topic: '' }, /Topic is required/],
		['a subject with capitals and spaces', { subject: 'Design Tech' }, /Subject must be lower-case letters/],
		[
			'someone present who is not in the group',
			{ pupilIds: [], present: [P] },
			/Everyone marked present must be in the lesson’s group/
		],
		['no teacher', { teacher: '' }, /must name the staff member/]
	],
	exitTicket: [
		[
			'a score above the maximum',
			{ outcome: undefined, score: 11, maxScore: 10 },
			/Score cannot be more than the maximum/
		],
		['a negative maximum', { outcome: undefined, score: 0, maxScore: -1 }, /Maximum must be at least 1/],
		['an outcome off the list', { outcome: 'excellent' }, /Outcome must be secure, developing or not yet/],
		['neither score nor outcome', { outcome: undefined }, /Give a score or an outcome/],
		['both a score and an outcome', { score: 3, maxScore: 5 }, /Give either a score or an outcome, not both/]
	],
	markingNote: [
		['a green pen', { pen: 'green' }, /Pen must be red or purple/],
		['an unknown kind', { kind: 'praise' }, /Kind must be feedback, self-assessment, response or redraft/],
		['an empty note', { text: ' ' }, /Note is required/],
		['a reply to something that is not a note', { replyTo: P }, /must be a markingNote id/]
	],
	feedbackForm: [
		['ATL 5', { atl: 5 }, /ATL must be 1, 2, 3 or 4/],
		['progress "good"', { progress: 'good' }, /Progress must be exceeding, meeting or working towards/],
		['an unknown basis', { basis: 'gcse' }, /Basis must be ks3-national-curriculum or ks4-target/],
		[
			'a period that ends before it starts',
			{ periodStart: '2026-10-09', periodEnd: '2026-09-21' },
			/The period must start before it ends/
		]
	],
	progressReport: [
		['no work covered', { workCovered: '' }, /Work covered is required/],
		['attendance above 100', { attendancePercent: 120 }, /Attendance must be from 0 to 100/],
		['status "final"', { status: 'final' }, /Status must be draft or sent/]
	],
	parentContact: [
		['method "text"', { method: 'text' }, /Method must be phone, in person, email or other/],
		['outcome "busy"', { outcome: 'busy' }, /Outcome must be spoke, no answer, voicemail or message left/],
		['nobody named', { contactName: '' }, /Who was contacted is required/]
	],
	hostWork: [
		['status "lost"', { status: 'lost' }, /Status must be set, in progress, completed or returned/],
		['no description', { description: '' }, /Description is required/],
		['a due date that is not a date', { dueDate: 'Friday' }, /dueDate: must be a date/]
	],
	assessment: [
		['kind "exam"', { kind: 'exam' }, /Kind must be standardised, scheme or teacher/],
		['standardised score 20', { standardisedScore: 20 }, /Standardised score must be from 40 to 160/],
		['no name', { name: '' }, /Name of the assessment is required/]
	],
	moderation: [
		['no samples', { samples: [] }, /Record at least one sample/],
		[
			'a sample without "agreed"',
			{ samples: [{ pupilId: P, workTitle: 'w', internalJudgement: 'a', moderatedJudgement: 'b' }] },
			/Agreed must be yes or no/
		],
		['no moderator', { moderatorName: '' }, /Moderator is required/]
	],
	behaviour: [
		['polarity "neutral"', { polarity: 'neutral' }, /Entry must be positive or negative/],
		['no category', { category: '' }, /Category is required/],
		['no description', { description: '' }, /Description is required/],
		['a time of "10am"', { time: '10am' }, /Time must be written as HH:MM/],
		['severity "extreme"', { severity: 'extreme' }, /Severity must be low, medium or high/],
		[
			'a suspension ending before it starts',
			{ suspension: { type: 'suspension', startDate: '2026-10-07', endDate: '2026-10-06' } },
			/The suspension must end on or after the day it starts/
		]
	],
	attendance: [
		['session "eve"', { session: 'eve' }, /Session must be am or pm/],
		[
			'mark "absent"',
			{ mark: 'absent' },
			/Mark must be present, late, authorised absence, unauthorised absence or off site/
		],
		['no date', { date: '' }, /must be a date/],
		['code "A"', { code: 'A' }, /Code must be one of the DfE attendance codes/]
	],
	reintegration: [
		['status "done"', { status: 'done' }, /Status must be planned, in progress, completed or broken down/],
		['a target date that is not a date', { targetDate: 'June' }, /targetDate: must be a date/],
		['no pupil', { pupilId: undefined }, /pupilId/]
	],
	settings: [
		[
			'a feedback cycle of 0 weeks',
			{ feedbackCycle: { mode: 'weeks', weeks: 0, lessons: 12 } },
			/Weeks must be at least 1/
		],
		['a call interval of 2 days', { parentCallIntervalDays: 2 }, /Call interval must be at least 7 days/],
		['a one-step KS3 scale', { ks3Scale: ['Only'] }, /A scale needs at least two steps/],
		['an absence notice time of 9am', { absenceNoticeBy: '9am' }, /Time must be written as HH:MM/]
	],
	workPhoto: [
		['no work title', { workTitle: ' ' }, /workTitle: Title of the work is required/],
		['a PNG', { mediaType: 'image/png' }, /The picture must be JPEG or WebP/],
		['a picture that is not base64', { image: 'data:image/jpeg;base64,AAA' }, /The page picture is not a picture/],
		['page 0', { page: 0 }, /page/]
	],
	inkLayer: [
		['a highlighter in green', { pen: 'green' }, /Pen must be red or purple/],
		[
			'a stroke with unreadable points',
			{ strokes: [{ id: 'a1', tool: 'pen', width: 3, points: '1;2' }] },
			/stroke points are not readable/
		],
		['ink on a pupil record', { photoId: 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9E' }, /must be a workPhoto id/]
	],
	carerContact: [
		['no name', { name: '' }, /Name is required/],
		['parental responsibility not said', { parentalResponsibility: undefined }, /parental responsibility/],
		[
			'a preferred contact of "letter"',
			{ preferredContact: 'letter' },
			/Preferred contact must be phone, text or email/
		]
	],
	hostSchool: [
		['no name', { name: ' ' }, /School name is required/],
		['a URN of "12AB"', { urn: '12AB' }, /URN must be the school’s 6 or 7 digit reference number/],
		['a contact without a name', { contacts: [{ name: '' }] }, /Contact name is required/]
	],
	timetableSlot: [
		['a Saturday', { weekday: 6 }, /Choose a day from Monday to Friday/],
		['an end before the start', { start: '11:00', end: '10:00' }, /The lesson must end after it starts/],
		['no pupils', { pupilIds: [] }, /Choose at least one pupil for the group/]
	],
	absenceNotice: [
		['no pupils', { pupilIds: [] }, /A notice names at least one pupil/],
		['a method of "letter"', { method: 'letter' }, /Say whether the notice went by phone or email/],
		['no host school', { hostSchool: ' ' }, /Host school is required/]
	],
	trendAction: [
		['no action written', { action: ' ' }, /What we are doing about it is required/],
		['about a pupil without the pupil', { pupilId: undefined }, /Choose the pupil this is about/],
		['a topic of "weather"', { topic: 'weather' }, /Choose which trend this is about/]
	],
	auditRecord: [
		['a kind of "shredded"', { kind: 'shredded' }, /Say what kind of export or change this was/],
		['no summary', { summary: ' ' }, /What was exported is required/],
		['a pupil id that is not one', { pupilIds: ['lesson:01JD8Z3Q5W3M9X4K2T6B7C8D9E'] }, /must be a pupil id/]
	]
};

/** A copy with `addedElsewhere` set on every object below the top level (list items too). */
function withNestedAdditions<T>(value: T, depth = 0): T {
	if (Array.isArray(value)) return value.map((v) => withNestedAdditions(v, depth + 1)) as T;
	if (!value || typeof value !== 'object') return value;
	const out: Record<string, unknown> = depth > 0 ? { addedElsewhere: `kept at ${depth}` } : {};
	for (const [k, v] of Object.entries(value)) out[k] = withNestedAdditions(v, depth + 1);
	return { ...out } as T;
}

/** Every path at which `addedElsewhere` appears. */
function nestedAdditions(value: unknown, path = ''): string[] {
	if (Array.isArray(value)) return value.flatMap((v, i) => nestedAdditions(v, `${path}[${i}]`));
	if (!value || typeof value !== 'object') return [];
	return Object.entries(value).flatMap(([k, v]) =>
		k === 'addedElsewhere' ? [`${path}.${k}=${String(v)}`] : nestedAdditions(v, `${path}.${k}`)
	);
}

describe.each(RECORD_TYPES)('the %s schema', (type) => {
	it('accepts a valid document', () => {
		const result = validateDocument(makeDoc(type));
		expect(result.ok ? 'valid' : result.reason).toBe('valid');
	});

	it('keeps fields another client added', () => {
		const parsed = schemas[type].parse(makeDoc(type, { addedByTheOffice: 'kept' }));
		expect((parsed as Record<string, unknown>).addedByTheOffice).toBe('kept');
	});

	it('keeps fields another client added inside nested objects and list items', () => {
		const doc = withNestedAdditions(makeDoc(type));
		const parsed = schemas[type].parse(doc);
		expect(nestedAdditions(parsed)).toEqual(nestedAdditions(doc));
	});

	it.each(INVALID[type])('rejects %s with a plain-English reason', (_what, overrides, message) => {
		const result = validateDocument(makeDoc(type, overrides));
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toMatch(message);
	});
});

describe('validateDocument on anything that arrives', () => {
	it.each([
		['null', null, /Not a document/],
		['an array', [1, 2], /Not a document/],
		['a string', '<script>alert(1)</script>', /Not a document/],
		['an unknown type', { _id: 'invoice:1', type: 'invoice' }, /unknown document type "invoice"/],
		[
			'an id whose prefix is not its type',
			{ ...makeDoc('pupil'), _id: 'lesson:01JD8Z3Q5W3M9X4K2T6B7C8D9E' },
			/the id must start with "pupil:"/
		],
		['a document with a huge string', makeDoc('pupil', { familyName: 'x'.repeat(1_000_000) }), /Surname is too long/],
		['schemaVersion 2', makeDoc('pupil', { schemaVersion: 2 }), /schemaVersion must be 1/]
	])('answers %s with a reason instead of throwing', (_what, doc, reason) => {
		const result = validateDocument(doc);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toMatch(reason);
	});

	it('reads the type from an id', () => {
		expect(typeOfId('exitTicket:01JD8Z3Q5W3M9X4K2T6B7C8D9E')).toBe('exitTicket');
		expect(typeOfId('_design/waymark')).toBeUndefined();
	});
});
