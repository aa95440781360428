import { SCHEMA_VERSION } from '../../src/lib/domain/common';
import { newId } from '../../src/lib/domain/ids';
import type { RecordOf, RecordType } from '../../src/lib/domain/kinds';
import type { PupilInput } from '../../src/lib/domain/pupil';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/settings';

const PUPIL = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9E';
const LESSON = 'lesson:01JD8Z3Q5W3M9X4K2T6B7C8D9F';
const PLAN = 'plan:01JD8Z3Q5W3M9X4K2T6B7C8D9G';
const PHOTO = 'workPhoto:01JD8Z3Q5W3M9X4K2T6B7C8D9H';
/** Not a real picture: the schema checks the form of the data, the browser decodes it. */
const TINY_IMAGE =
	'/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==';

/**
 * A valid pupil as the new-pupil form hands it to the store (Amira Khan, year 8, unless
 * overridden): the one place tests get a pupil's input from.
 */
export function pupilInput(overrides: Partial<PupilInput> = {}): PupilInput {
	return {
		givenName: 'Amira',
		familyName: 'Khan',
		dateOfBirth: '2013-03-04',
		yearGroup: 8,
		hostSchool: 'Riverside Academy',
		startDate: '2026-09-07',
		senStatus: 'none',
		status: 'active',
		...overrides
	};
}

/** The fields each type needs beyond the common ones: a plausible, valid example. */
const EXAMPLES: { [T in RecordType]: Record<string, unknown> } = {
	pupil: {
		givenName: 'Jordan',
		familyName: 'Ellis',
		dateOfBirth: '2012-04-11',
		yearGroup: 9,
		hostSchool: 'Riverside Academy',
		startDate: '2026-09-07',
		senStatus: 'sen-support',
		status: 'active'
	},
	intake: { pupilId: PUPIL, subject: 'maths', workingAt: '3', ks4Target: '5', examBoard: 'AQA' },
	baseline: {
		pupilId: PUPIL,
		domain: 'literacy',
		date: '2026-09-08',
		instrument: 'NGRT',
		standardisedScore: 86,
		readingAgeMonths: 130
	},
	plan: {
		pupilId: PUPIL,
		startDate: '2026-09-15',
		reviewDate: '2026-12-08',
		objectives: [
			{
				id: 'o1',
				area: 'literacy',
				description: 'Read aloud with fluency',
				successCriteria: 'Reads a KS3 passage with under 5 errors',
				targetDate: '2026-12-01'
			}
		]
	},
	planReview: {
		pupilId: PUPIL,
		planId: PLAN,
		date: '2026-12-08',
		ratings: [{ objectiveId: 'o1', rating: 'working-towards' }]
	},
	lesson: {
		date: '2026-10-05',
		subject: 'maths',
		topic: 'Equivalent fractions',
		teacher: 'teacher1',
		pupilIds: [PUPIL],
		present: [PUPIL]
	},
	exitTicket: {
		pupilId: PUPIL,
		lessonId: LESSON,
		date: '2026-10-05',
		subject: 'maths',
		topic: 'Equivalent fractions',
		outcome: 'secure'
	},
	markingNote: {
		pupilId: PUPIL,
		pen: 'red',
		kind: 'feedback',
		text: 'Show your working for question 3.',
		workTitle: 'Fractions worksheet'
	},
	feedbackForm: {
		pupilId: PUPIL,
		periodStart: '2026-09-21',
		periodEnd: '2026-10-09',
		lessonsAttended: 12,
		topics: [{ subject: 'maths', topic: 'Equivalent fractions' }],
		atl: 3,
		progress: 'meeting',
		basis: 'ks3-national-curriculum',
		status: 'draft'
	},
	progressReport: {
		pupilId: PUPIL,
		halfTerm: '2026-27 Autumn 1',
		periodStart: '2026-09-02',
		periodEnd: '2026-10-23',
		workCovered: 'Fractions, persuasive writing.',
		attitudeEngagement: 'Settled well.',
		academicProgress: 'Secure with fractions.',
		emotionalProgress: 'Calmer in transitions.',
		vocationalProgress: 'Started construction taster.',
		status: 'draft'
	},
	parentContact: {
		pupilId: PUPIL,
		date: '2026-10-02',
		contactName: 'Ms Ellis',
		method: 'phone',
		outcome: 'spoke',
		relationship: 'Mother'
	},
	hostWork: {
		pupilId: PUPIL,
		subject: 'english',
		description: 'An Inspector Calls essay',
		receivedDate: '2026-09-20',
		status: 'set',
		dueDate: '2026-10-20'
	},
	assessment: {
		pupilId: PUPIL,
		kind: 'standardised',
		subject: 'english',
		name: 'NGRT form B',
		date: '2026-12-01',
		standardisedScore: 91
	},
	moderation: {
		date: '2026-11-10',
		moderatorName: 'A. Shah',
		moderatorOrganisation: 'Hillside High School',
		subject: 'english',
		samples: [
			{
				pupilId: PUPIL,
				workTitle: 'Persuasive letter',
				internalJudgement: 'Developing',
				moderatedJudgement: 'Developing',
				agreed: true
			}
		],
		outcome: 'Judgements agreed.'
	},
	behaviour: {
		pupilId: PUPIL,
		date: '2026-10-05',
		polarity: 'positive',
		category: 'Effort',
		description: 'Stayed on task all lesson.'
	},
	attendance: { pupilId: PUPIL, date: '2026-10-05', session: 'am', mark: 'present' },
	reintegration: { pupilId: PUPIL, status: 'planned', destinationSchool: 'Riverside Academy' },
	settings: { ...DEFAULT_SETTINGS },
	workPhoto: {
		pupilId: PUPIL,
		workTitle: 'Fractions worksheet',
		page: 1,
		mediaType: 'image/jpeg',
		image: TINY_IMAGE,
		thumbnail: TINY_IMAGE,
		width: 1,
		height: 1,
		lessonId: LESSON
	},
	inkLayer: {
		pupilId: PUPIL,
		photoId: PHOTO,
		pen: 'red',
		strokes: [{ id: 'k1a2b', tool: 'pen', width: 4, points: '1e,1e,1e,5,2,0,5,1,0' }]
	},
	carerContact: {
		pupilId: PUPIL,
		name: 'Dana Ellis',
		relationship: 'Mother',
		phones: [{ label: 'Mobile', number: '07700 900123' }],
		email: 'dana.ellis@example.org',
		parentalResponsibility: true,
		livesWithPupil: true,
		preferredContact: 'phone'
	},
	hostSchool: {
		name: 'Riverside Academy',
		urn: '123456',
		address: '1 River Road, Hereford HR1 1AA',
		contacts: [{ name: 'Ada Shah', role: 'SENCo', email: 'ada.shah@riverside.sch.uk' }]
	},
	timetableSlot: {
		weekday: 1,
		start: '09:50',
		end: '10:50',
		period: 'Period 2',
		subject: 'maths',
		group: 'Year 9 group',
		pupilIds: [PUPIL],
		teacher: 'teacher1',
		room: 'Room 3',
		from: '2026-09-02',
		to: '2026-10-23'
	},
	trendAction: {
		about: 'pupil',
		topic: 'attendance',
		direction: 'negative',
		pupilId: PUPIL,
		observed: 'Attendance down to 78% this half term',
		action: 'Key worker calls home each Monday; review at the next half term',
		reviewDate: '2026-12-01'
	},
	auditRecord: {
		kind: 'evidence-pack',
		pupilIds: [PUPIL],
		summary: 'evidence-pack-sam-patel.pdf',
		deviceId: '7a1c6f3e-2b64-4d55-9e0f-1f2a3b4c5d6e'
	},
	absenceNotice: {
		date: '2026-10-05',
		hostSchool: 'Riverside Academy',
		pupilIds: [PUPIL],
		method: 'phone',
		sentTo: 'Mrs Okafor, attendance officer',
		sentAt: '2026-10-05T09:40:00.000Z'
	}
};

/** A valid document of any type for tests; `overrides` replace fields (use to make it invalid). */
export function makeDoc<T extends RecordType>(
	type: T,
	overrides: Record<string, unknown> = {}
): RecordOf<T> & { _id: string } {
	const now = new Date().toISOString();
	return {
		_id: newId(type),
		type,
		schemaVersion: SCHEMA_VERSION,
		createdAt: now,
		updatedAt: now,
		createdBy: 'teacher1',
		updatedBy: 'teacher1',
		...structuredClone(EXAMPLES[type]),
		...overrides
	} as unknown as RecordOf<T> & { _id: string };
}
