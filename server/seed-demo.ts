/**
 * The demo organisation, created on first start through the HTTP API like any client:
 * `_bulk_docs` as a staff member, every document checked against the zod schema first.
 *
 * Demo logins (documented in the README; demo data only, never real pupils):
 *   teacher1 / waymark-demo-1   staff
 *   teacher2 / waymark-demo-2   staff
 *   visitor1 / waymark-demo-v   visitor (reads only what is shared for a visit: SEN team, moderator)
 *   head1    / waymark-demo-h   head of centre (staff and organisation admin: arranges visits)
 */
import { ulid } from 'ulid';
import type { z } from 'zod';
import { intakeSchema, type Intake } from '../src/lib/domain/intake';
import { pupilSchema, type Pupil } from '../src/lib/domain/pupil';
import { DEFAULT_SETTINGS, SETTINGS_ID, settingsSchema } from '../src/lib/domain/settings';
import { describeIssues } from '../src/lib/domain/common';
import { randomBytes } from 'node:crypto';
import { addDays, localToday } from '../src/lib/domain/calendar-days';
import { DEFAULT_VISIT_GROUPS } from '../src/lib/domain/visit';
import { createVisitDb } from './visits';
import { couchRequest, createOrganisation, createStaff, orgDbName, type AdminCredentials } from './provision';

export const DEMO_ORG = { slug: 'demo', name: 'Riverside Learning Centre' } as const;

export const DEMO_LOGINS = [
	{ name: 'teacher1', password: 'waymark-demo-1', role: 'staff', fullName: 'Sarah Mitchell' },
	{ name: 'teacher2', password: 'waymark-demo-2', role: 'staff', fullName: 'Daniel Okafor' },
	{ name: 'visitor1', password: 'waymark-demo-v', role: 'visitor', fullName: 'Helen Price (SEN team)' },
	{ name: 'dsl1', password: 'waymark-demo-d', role: 'dsl', fullName: 'Amira Shah (safeguarding lead)' },
	{ name: 'head1', password: 'waymark-demo-h', role: 'admin', fullName: 'Joanne Clarke (head of centre)' }
] as const;

/** The demo visit: visitor1 sees these pupils (the first three) for a year from the seeding. */
export const DEMO_VISIT_PUPILS = 3;

type SenStatus = Pupil['senStatus'];

interface DemoPupil {
	givenName: string;
	familyName: string;
	dateOfBirth: string;
	yearGroup: number;
	hostSchool: string;
	startDate: string;
	senStatus: SenStatus;
	upn: string;
	ehcpSummary?: string;
	iepSummary?: string;
	ehcpReviewDate?: string;
	maths: IntakeLine;
	english: IntakeLine;
}

interface IntakeLine {
	workingAt: string;
	ks4Target: string;
	ks3Target?: string;
	examBoard?: Intake['examBoard'];
	specificWork?: string;
}

const HOST = {
	oakfield: 'Oakfield Academy',
	stAidans: "St Aidan's Church of England High School",
	kingsway: 'Kingsway Community School',
	hillcrest: 'Hillcrest High School'
};

/** 12 pupils, years 7–11; names, schools and numbers are invented. */
export const DEMO_PUPILS: DemoPupil[] = [
	{
		givenName: 'Amelia',
		familyName: 'Hughes',
		dateOfBirth: '2014-03-14',
		yearGroup: 7,
		hostSchool: HOST.oakfield,
		startDate: '2026-09-14',
		senStatus: 'sen-support',
		upn: 'A820123456712',
		iepSummary: 'Reading comprehension below age-related expectations; short, structured tasks with visual prompts.',
		maths: {
			workingAt: 'Developing',
			ks4Target: '4',
			ks3Target: 'Secure',
			specificWork: 'Place value and the four operations with whole numbers.'
		},
		english: {
			workingAt: 'Emerging',
			ks4Target: '4',
			ks3Target: 'Developing',
			specificWork: 'Sentence structure; reading a short story and answering retrieval questions.'
		}
	},
	{
		givenName: 'Kai',
		familyName: 'Robinson',
		dateOfBirth: '2013-11-02',
		yearGroup: 7,
		hostSchool: HOST.kingsway,
		startDate: '2026-10-05',
		senStatus: 'none',
		upn: 'B820123456723',
		maths: {
			workingAt: 'Secure',
			ks4Target: '5',
			ks3Target: 'Secure',
			specificWork: 'Fractions, decimals and percentages.'
		},
		english: { workingAt: 'Developing', ks4Target: '5', ks3Target: 'Secure' }
	},
	{
		givenName: 'Ruby',
		familyName: 'Patel',
		dateOfBirth: '2012-06-21',
		yearGroup: 8,
		hostSchool: HOST.stAidans,
		startDate: '2026-09-07',
		senStatus: 'ehcp',
		upn: 'C820123456734',
		ehcpSummary:
			'Autism spectrum condition; needs predictable routines, a quiet workspace and advance warning of changes.',
		ehcpReviewDate: '2027-03-12',
		maths: { workingAt: 'Developing', ks4Target: '4', ks3Target: 'Developing' },
		english: {
			workingAt: 'Secure',
			ks4Target: '5',
			ks3Target: 'Secure',
			specificWork: 'Persuasive writing unit from the host school.'
		}
	},
	{
		givenName: 'Tyler',
		familyName: 'Walsh',
		dateOfBirth: '2012-09-30',
		yearGroup: 8,
		hostSchool: HOST.oakfield,
		startDate: '2026-11-02',
		senStatus: 'sen-support',
		upn: 'D820123456745',
		iepSummary: 'Social, emotional and mental health needs; check-in with key worker at the start of each day.',
		maths: {
			workingAt: 'Emerging',
			ks4Target: '3',
			ks3Target: 'Developing',
			specificWork: 'Times tables and written multiplication.'
		},
		english: { workingAt: 'Developing', ks4Target: '4', ks3Target: 'Developing' }
	},
	{
		givenName: 'Grace',
		familyName: "O'Brien",
		dateOfBirth: '2011-12-08',
		yearGroup: 9,
		hostSchool: HOST.hillcrest,
		startDate: '2026-09-21',
		senStatus: 'none',
		upn: 'E820123456756',
		maths: {
			workingAt: 'Secure',
			ks4Target: '6',
			ks3Target: 'Mastering',
			specificWork: 'Linear equations and graphs.'
		},
		english: { workingAt: 'Secure', ks4Target: '6', ks3Target: 'Mastering' }
	},
	{
		givenName: 'Mohammed',
		familyName: 'Hussain',
		dateOfBirth: '2011-04-17',
		yearGroup: 9,
		hostSchool: HOST.kingsway,
		startDate: '2026-10-12',
		senStatus: 'sen-support',
		upn: 'F820123456767',
		iepSummary: 'Dyslexia; coloured overlays, extra time and a reader for longer texts.',
		maths: { workingAt: 'Developing', ks4Target: '5', ks3Target: 'Secure' },
		english: {
			workingAt: 'Emerging',
			ks4Target: '4',
			ks3Target: 'Developing',
			specificWork: 'Of Mice and Men, chapters 1–3, with the host school booklet.'
		}
	},
	{
		givenName: 'Ellie',
		familyName: 'Thompson',
		dateOfBirth: '2010-07-09',
		yearGroup: 10,
		hostSchool: HOST.stAidans,
		startDate: '2026-09-14',
		senStatus: 'none',
		upn: 'G820123456778',
		maths: {
			workingAt: '4',
			ks4Target: '5',
			examBoard: 'AQA',
			specificWork: 'Foundation tier: ratio and proportion past papers.'
		},
		english: {
			workingAt: '4-',
			ks4Target: '5',
			examBoard: 'AQA',
			specificWork: 'An Inspector Calls: character essays.'
		}
	},
	{
		givenName: 'Jayden',
		familyName: 'Clarke',
		dateOfBirth: '2010-10-23',
		yearGroup: 10,
		hostSchool: HOST.hillcrest,
		startDate: '2026-10-05',
		senStatus: 'ehcp',
		upn: 'H820123456789',
		ehcpSummary:
			'ADHD and speech, language and communication needs; movement breaks and instructions given one step at a time.',
		ehcpReviewDate: '2027-01-22',
		maths: { workingAt: '3', ks4Target: '4', examBoard: 'Edexcel' },
		english: { workingAt: '3+', ks4Target: '4', examBoard: 'AQA' }
	},
	{
		givenName: 'Freya',
		familyName: 'Davies',
		dateOfBirth: '2011-02-11',
		yearGroup: 10,
		hostSchool: HOST.oakfield,
		startDate: '2026-11-09',
		senStatus: 'none',
		upn: 'J820123456790',
		maths: {
			workingAt: '5-',
			ks4Target: '6',
			examBoard: 'Edexcel',
			specificWork: 'Higher tier: quadratics and simultaneous equations.'
		},
		english: { workingAt: '5', ks4Target: '6', examBoard: 'WJEC-Eduqas' }
	},
	{
		givenName: 'Callum',
		familyName: 'Murphy',
		dateOfBirth: '2009-05-28',
		yearGroup: 11,
		hostSchool: HOST.kingsway,
		startDate: '2026-09-07',
		senStatus: 'sen-support',
		upn: 'K820123456701',
		iepSummary: 'Anxiety about attendance; a phased timetable building to full days by half term.',
		maths: {
			workingAt: '3',
			ks4Target: '4',
			examBoard: 'AQA',
			specificWork: 'Foundation revision: number and algebra topics from the mock paper.'
		},
		english: {
			workingAt: '4',
			ks4Target: '4',
			examBoard: 'AQA',
			specificWork: 'Language Paper 1 practice, question 5.'
		}
	},
	{
		givenName: 'Chloe',
		familyName: 'Bennett',
		dateOfBirth: '2009-12-03',
		yearGroup: 11,
		hostSchool: HOST.stAidans,
		startDate: '2026-09-28',
		senStatus: 'none',
		upn: 'L820123456712',
		maths: { workingAt: '5', ks4Target: '6', examBoard: 'OCR' },
		english: {
			workingAt: '6-',
			ks4Target: '7',
			examBoard: 'AQA',
			specificWork: 'Macbeth and the power and conflict poetry anthology.'
		}
	},
	{
		givenName: 'Reece',
		familyName: 'Edwards',
		dateOfBirth: '2010-01-19',
		yearGroup: 11,
		hostSchool: HOST.hillcrest,
		startDate: '2026-10-19',
		senStatus: 'ehcp',
		upn: 'M820123456723',
		ehcpSummary: 'Moderate learning difficulties; small-group teaching, concrete resources and regular overlearning.',
		ehcpReviewDate: '2027-02-05',
		maths: {
			workingAt: '2',
			ks4Target: '3',
			examBoard: 'AQA',
			specificWork: 'Entry-level certificate units alongside GCSE foundation.'
		},
		english: { workingAt: '2+', ks4Target: '3', examBoard: 'AQA' }
	}
];

function parseOrThrow<S extends z.ZodType>(schema: S, doc: unknown, what: string): z.infer<S> {
	const r = schema.safeParse(doc);
	if (!r.success) throw new Error(`demo ${what} breaks the schema: ${describeIssues(r.error).join('; ')}`);
	return r.data;
}

/** The demo documents (12 pupils, then 24 intake records), each checked against its zod schema. */
export function buildDemoDocuments(author = 'teacher1', now = new Date()): Record<string, unknown>[] {
	const stamp = now.toISOString();
	const common = { schemaVersion: 1, createdAt: stamp, updatedAt: stamp, createdBy: author, updatedBy: author };
	const pupils: Record<string, unknown>[] = [];
	const intakes: Record<string, unknown>[] = [];
	for (const p of DEMO_PUPILS) {
		const { maths, english, ...fields } = p;
		const pupil = parseOrThrow(
			pupilSchema,
			{ _id: `pupil:${ulid()}`, type: 'pupil', ...common, ...fields, status: 'active' },
			`pupil ${p.givenName} ${p.familyName}`
		);
		pupils.push(pupil);
		for (const [subject, line] of [
			['maths', maths],
			['english', english]
		] as const) {
			intakes.push(
				parseOrThrow(
					intakeSchema,
					{
						_id: `intake:${ulid()}`,
						type: 'intake',
						...common,
						pupilId: pupil._id,
						subject,
						...line,
						receivedDate: p.startDate
					},
					`intake ${subject} for ${p.givenName}`
				)
			);
		}
	}
	const settings = parseOrThrow(
		settingsSchema,
		{ _id: SETTINGS_ID, type: 'settings', ...common, ...DEFAULT_SETTINGS, provisionName: DEMO_ORG.name },
		'settings'
	);
	return [settings, ...pupils, ...intakes];
}

/**
 * Creates the demo organisation when `waymark-demo` does not exist yet. Returns whether it seeded.
 * Documents are written by teacher1 through `_bulk_docs`, so validation runs as for any client.
 */
export async function seedDemo(
	couchUrl: string,
	admin: AdminCredentials,
	opts: { log?: (line: string) => void } = {}
): Promise<boolean> {
	const db = orgDbName(DEMO_ORG.slug);
	const exists = await couchRequest(couchUrl, admin, 'GET', `/${db}`);
	if (exists.status === 200) return false;
	if (exists.status !== 404) throw new Error(`checking ${db}: HTTP ${exists.status}`);

	const docs = buildDemoDocuments(DEMO_LOGINS[0].name);
	await createOrganisation(couchUrl, admin, DEMO_ORG);
	for (const login of DEMO_LOGINS) {
		await createStaff(couchUrl, admin, { ...login, org: DEMO_ORG.slug });
	}
	const teacher = DEMO_LOGINS[0];
	const res = await fetch(`${couchUrl.replace(/\/+$/, '')}/${db}/_bulk_docs`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			Accept: 'application/json',
			Authorization: 'Basic ' + Buffer.from(`${teacher.name}:${teacher.password}`).toString('base64')
		},
		body: JSON.stringify({ docs })
	});
	const body = (await res.json()) as Array<{ id: string; ok?: boolean; error?: string; reason?: string }>;
	if (res.status !== 201 || !Array.isArray(body))
		throw new Error(`seeding ${db}: HTTP ${res.status} ${JSON.stringify(body)}`);
	const failed = body.filter((r) => !r.ok);
	if (failed.length) {
		throw new Error(
			`seeding ${db}: ${failed.length} documents refused, e.g. ${failed[0]!.id}: ${failed[0]!.reason ?? failed[0]!.error}`
		);
	}
	const shared = docs.filter((d) => d.type === 'pupil').slice(0, DEMO_VISIT_PUPILS);
	const now = new Date();
	await createVisitDb(couchUrl, admin, {
		id: randomBytes(6).toString('hex'),
		org: DEMO_ORG.slug,
		orgName: DEMO_ORG.name,
		visitor: 'visitor1',
		pupilIds: shared.map((p) => p._id as string),
		// The demo has intake records only: shared so the visitor sees something of each pupil.
		groups: [...DEFAULT_VISIT_GROUPS, 'plans'],
		endsOn: addDays(localToday(now), 365),
		createdBy: 'head1',
		createdAt: now.toISOString()
	});
	opts.log?.(
		`[waymark] seeded organisation "${DEMO_ORG.name}" (${db}): ${DEMO_PUPILS.length} pupils, ${docs.length - DEMO_PUPILS.length} intake records`
	);
	return true;
}
