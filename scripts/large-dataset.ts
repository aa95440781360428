/**
 * A realistic year of a 150-pupil alternative provision, as contract documents, for benchmarks
 * (`npm run seed:large`, `npm run bench`). PURE: no I/O, no clock, no Math.random — the same
 * options always give the same documents, ids included.
 *
 * Shape of the year (defaults): the school days of the 12 months ending `endDate`, inside the
 * half terms of 2025-26 and 2026-27. Pupils join through the year and some leave; many are on
 * part-time timetables. Every school day: two attendance sessions for each pupil timetabled,
 * ~5 recorded lessons (a teaching group, a register), exit tickets for the pupils present only,
 * red-pen feedback with purple-pen replies, behaviour entries, parent calls every ~2 weeks,
 * host-school work; a feedback form per pupil every 3 weeks compiled from the lessons the pupil
 * attended; a progress report, a plan review and scheme tests every half term; baselines,
 * intake grades and a plan on entry; moderation meetings; reintegrations.
 */

export interface LargeDatasetOptions {
	/** Anything: the same seed gives the same dataset. */
	seed?: string | number;
	pupils?: number;
	/** Last day of the year of records (YYYY-MM-DD). */
	endDate?: string;
	/** Staff user names who wrote the records (the first is the bench login). */
	staff?: string[];
	/** Recorded lessons per school day. */
	lessonsPerDay?: number;
	/** The half terms school days fall in (default HALF_TERMS); the settings document lists the last 12. */
	halfTerms?: HalfTerm[];
}

export interface HalfTerm {
	name: string;
	start: string;
	end: string;
}

export type Doc = Record<string, unknown> & { _id: string; type: string };

export interface LargeDataset {
	docs: Doc[];
	/** Documents per type. */
	counts: Record<string, number>;
	/** School days in the year. */
	schoolDays: number;
}

export const DEFAULT_SEED = 'waymark-large-v1';
export const DEFAULT_END_DATE = '2026-11-20';
export const DEFAULT_STAFF = ['bench-teacher', 'j.okafor', 's.mitchell', 'r.hussain', 'l.brennan', 'm.kowalski'];

/** The school year calendars the data sits in (also written to the settings document). */
export const HALF_TERMS: HalfTerm[] = [
	{ name: '2025-26 Autumn 1', start: '2025-09-03', end: '2025-10-24' },
	{ name: '2025-26 Autumn 2', start: '2025-11-03', end: '2025-12-19' },
	{ name: '2025-26 Spring 1', start: '2026-01-05', end: '2026-02-13' },
	{ name: '2025-26 Spring 2', start: '2026-02-23', end: '2026-03-27' },
	{ name: '2025-26 Summer 1', start: '2026-04-13', end: '2026-05-22' },
	{ name: '2025-26 Summer 2', start: '2026-06-01', end: '2026-07-22' },
	{ name: '2026-27 Autumn 1', start: '2026-09-02', end: '2026-10-23' },
	{ name: '2026-27 Autumn 2', start: '2026-11-02', end: '2026-12-18' },
	{ name: '2026-27 Spring 1', start: '2027-01-05', end: '2027-02-12' },
	{ name: '2026-27 Spring 2', start: '2027-02-22', end: '2027-03-26' },
	{ name: '2026-27 Summer 1', start: '2027-04-12', end: '2027-05-28' },
	{ name: '2026-27 Summer 2', start: '2027-06-07', end: '2027-07-21' }
];

// ---------------------------------------------------------------- randomness and ids

/** mulberry32: small, fast, good enough for plausible data; seeded by a string hash. */
function makeRandom(seed: string | number) {
	let h = 1779033703 ^ String(seed).length;
	for (const ch of String(seed)) {
		h = Math.imul(h ^ ch.charCodeAt(0), 3432918353);
		h = (h << 13) | (h >>> 19);
	}
	let a = h >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		chance: (p: number) => next() < p,
		int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
		pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
		weighted: <T>(items: readonly (readonly [T, number])[]): T => {
			const total = items.reduce((s, [, w]) => s + w, 0);
			let r = next() * total;
			for (const [item, w] of items) if ((r -= w) < 0) return item;
			return items[items.length - 1]![0];
		}
	};
}
type Random = ReturnType<typeof makeRandom>;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID whose time part is the record's creation time and whose random part comes from the seed. */
function makeUlid(random: Random, ms: number): string {
	let time = '';
	let t = ms;
	for (let i = 0; i < 10; i++) {
		time = CROCKFORD[t % 32] + time;
		t = Math.floor(t / 32);
	}
	let rest = '';
	for (let i = 0; i < 16; i++) rest += CROCKFORD[Math.floor(random.next() * 32)];
	return time + rest;
}

// ---------------------------------------------------------------- dates

const DAY_MS = 86_400_000;
const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => toDate(toMs(date) + days * DAY_MS);
/** 0 = Monday … 4 = Friday (5, 6 weekend). */
const weekday = (date: string) => (new Date(toMs(date)).getUTCDay() + 6) % 7;
/** `date` at `hh:mm` (UK school hours, written as UTC), plus a few seconds of jitter. */
const at = (date: string, hour: number, minute: number, random: Random) =>
	new Date(toMs(date) + ((hour * 60 + minute) * 60 + random.int(0, 59)) * 1000 + random.int(0, 999)).toISOString();

// ---------------------------------------------------------------- vocabulary (invented)

const GIVEN = [
	'Amelia',
	'Kai',
	'Ruby',
	'Tyler',
	'Leah',
	'Mason',
	'Chloe',
	'Jayden',
	'Ellie',
	'Reece',
	'Maisie',
	'Callum',
	'Aisha',
	'Logan',
	'Freya',
	'Connor',
	'Zara',
	'Ethan',
	'Skye',
	'Harvey',
	'Mia',
	'Riley',
	'Lacey',
	'Kian',
	'Jade',
	'Bailey',
	'Nia',
	'Owen',
	'Poppy',
	'Dylan',
	'Imani',
	'Lewis',
	'Holly',
	'Brandon',
	'Tia',
	'Jack',
	'Summer',
	'Declan',
	'Kacey',
	'Ibrahim'
];
const FAMILY = [
	'Hughes',
	'Robinson',
	'Patel',
	'Walsh',
	'Khan',
	'Evans',
	'Murphy',
	'Lewis',
	'Ahmed',
	'Barker',
	'Clarke',
	'Doherty',
	'Fletcher',
	'Gordon',
	'Hassan',
	'Jennings',
	'Kelly',
	'Lowe',
	'Marsh',
	'Nowak',
	'Owusu',
	'Price',
	'Quinn',
	'Rahman',
	'Shaw',
	'Turner',
	'Usman',
	'Vaughan',
	'Ward',
	'Young',
	'Bibi',
	'Carter',
	'Dawson',
	'Ellis',
	'Fox',
	'Grant',
	'Hale',
	'Iqbal',
	'Jones',
	'Kowalczyk'
];
const HOSTS = [
	'Oakfield Academy',
	"St Aidan's Church of England High School",
	'Kingsway Community School',
	'Hillcrest High School',
	'Northgate Academy',
	'Riverside Academy',
	'Beacon Hill School',
	'Marston Park High School'
];
const TOPICS: Record<string, string[]> = {
	maths: [
		'Place value',
		'Equivalent fractions',
		'Adding fractions',
		'Percentages of amounts',
		'Ratio and proportion',
		'Solving linear equations',
		'Expanding brackets',
		'Area of compound shapes',
		'Angles in triangles',
		'Probability',
		'Averages from a table',
		'Negative numbers',
		'Rounding and estimation',
		'Sequences and nth term',
		'Pythagoras',
		'Simultaneous equations',
		'Reading bar charts',
		'Time and timetables',
		'Money problems',
		'Standard form'
	],
	english: [
		'Persuasive letters',
		'Retrieval from a non-fiction text',
		'Inference in a short story',
		'Paragraphing',
		'Apostrophes',
		'An Inspector Calls: Act 1',
		'Macbeth: ambition',
		'Descriptive writing',
		'Speech writing',
		'Poetry: Power and Conflict',
		'Sentence openers',
		'Language analysis',
		'Spelling patterns',
		'Formal and informal register',
		'Summarising',
		'Writing a review'
	],
	science: [
		'Cells and microscopes',
		'Particle model',
		'Forces and motion',
		'Electric circuits',
		'Acids and alkalis',
		'Photosynthesis',
		'The periodic table',
		'Energy stores',
		'Digestion',
		'Waves',
		'Ecosystems',
		'Chemical reactions'
	],
	art: ['Observational drawing', 'Colour theory', 'Printmaking', 'Portraits'],
	pshe: ['Managing anger', 'Online safety', 'Healthy relationships', 'Budgeting', 'Careers and CVs'],
	construction: ['Measuring and marking out', 'Basic joints', 'Health and safety on site', 'Tiling'],
	'food-technology': ['Knife skills', 'Food hygiene', 'Balanced meals'],
	sport: ['Fitness circuits', 'Team games', 'Badminton']
};
const SUBJECT_WEIGHTS: readonly (readonly [string, number])[] = [
	['maths', 30],
	['english', 30],
	['science', 12],
	['pshe', 8],
	['art', 5],
	['construction', 6],
	['food-technology', 4],
	['sport', 5]
];
const RED_NOTES = [
	'Good start. Show your working for each step.',
	'Check your units in question 3.',
	'Use a connective to link these two ideas.',
	'Great effort today. Next step: explain why.',
	'Read the question again: it asks for two reasons.',
	'Well done for finishing. Try the extension task next time.',
	'Capital letters for names, please.',
	'Your method is right; recheck the final calculation.'
];
const PURPLE_NOTES = [
	'I fixed question 3, the answer is 24 cm.',
	'I added "however" to link them.',
	'I think I got better at this.',
	'I found this hard but I kept going.',
	'I redid it and showed my working.',
	'I understand it now.'
];
const POSITIVE = [
	['Effort', 'Worked hard for the whole lesson.'],
	['Kindness', 'Helped another pupil without being asked.'],
	['Focus', 'Stayed on task through a difficult activity.'],
	['Resilience', 'Kept trying after getting it wrong.'],
	['Punctuality', 'On time for every session today.']
] as const;
const NEGATIVE = [
	['Disruption', 'Shouted across the room during the starter.', 'Reminder of expectations; moved seat.'],
	['Refusal', 'Refused to start the task.', 'Time out, then restarted with support.'],
	['Language', 'Used inappropriate language towards staff.', 'Restorative conversation at break.'],
	['Phone', 'Used a phone in the lesson.', 'Phone handed in until the end of the day.'],
	['Leaving the room', 'Left the classroom without permission.', 'Followed by staff; returned after 10 minutes.']
] as const;
const CONTACTS = [
	['Mum', 'Mother'],
	['Dad', 'Father'],
	['Nan', 'Grandmother'],
	['Carer', 'Foster carer'],
	['Aunt', 'Aunt']
] as const;
const DISCUSSED = [
	'Good week: attendance up and settled in lessons.',
	'Talked about a difficult morning and a plan for tomorrow.',
	'Agreed a reward for full attendance.',
	'Update on host-school work and the next review.',
	'Concerns about sleep and mornings; agreed to keep in touch.'
];
const KS3_SCALE = ['Emerging', 'Developing', 'Secure', 'Mastered'];
const GCSE = ['1', '2-', '2', '2+', '3-', '3', '3+', '4-', '4', '4+', '5-', '5', '5+', '6', '7'];

// ---------------------------------------------------------------- the generator

interface PupilPlan {
	id: string;
	yearGroup: number;
	start: string;
	/** Last day on roll (inclusive), or undefined when still on roll at the end. */
	leave?: string;
	status: 'active' | 'reintegrated' | 'left';
	/** Weekdays (0–4) on the pupil's timetable. */
	days: Set<number>;
	/** Chance of attending a timetabled session. */
	attendance: number;
	/** 0..1: how well the pupil does in exit tickets and tests. */
	ability: number;
	group: number;
	planId?: string;
	objectiveIds: string[];
}

export function generateLargeDataset(options: LargeDatasetOptions = {}): LargeDataset {
	const random = makeRandom(options.seed ?? DEFAULT_SEED);
	const pupilCount = options.pupils ?? 150;
	const endDate = options.endDate ?? DEFAULT_END_DATE;
	const staff = options.staff?.length ? options.staff : DEFAULT_STAFF;
	const lessonsPerDay = options.lessonsPerDay ?? 6;
	const halfTerms = options.halfTerms ?? HALF_TERMS;
	const startDate = addDays(endDate, -364);
	const docs: Doc[] = [];
	const usedIds = new Set<string>();

	const make = (type: string, createdAt: string, by: string, fields: Record<string, unknown>): Doc => {
		let id: string;
		do id = `${type}:${makeUlid(random, Date.parse(createdAt))}`;
		while (usedIds.has(id));
		usedIds.add(id);
		const doc: Doc = {
			_id: id,
			type,
			schemaVersion: 1,
			createdAt,
			updatedAt: createdAt,
			createdBy: by,
			updatedBy: by,
			...fields
		};
		docs.push(doc);
		return doc;
	};
	const teacherOf = (subject: string) =>
		staff[(['maths', 'english', 'science'].indexOf(subject) + 1 || 4 + (subject.length % 2)) % staff.length]!;

	// School days: weekdays inside a half term, inside the year.
	const schoolDays: string[] = [];
	for (let d = startDate; d <= endDate; d = addDays(d, 1)) {
		if (weekday(d) < 5 && halfTerms.some((h) => h.start <= d && d <= h.end)) schoolDays.push(d);
	}
	const halfTermsInYear = halfTerms.filter((h) => h.end >= startDate && h.start <= endDate);

	make('settings', at(startDate, 8, 0, random), staff[0]!, {
		provisionName: 'Benchmark Learning Centre',
		feedbackCycle: { mode: 'weeks', weeks: 3, lessons: 12 },
		parentCallIntervalDays: 14,
		// The contract keeps at most 12 (this school year and the next): older years' are not listed.
		halfTerms: halfTerms.slice(-12),
		ks3Scale: KS3_SCALE
	});
	// The settings document is a singleton with a fixed id.
	docs[docs.length - 1]!._id = 'settings:00000000000000000000000000';

	// ---- pupils, on entry: intake, baselines, plan
	const pupils: PupilPlan[] = [];
	const groupCount = Math.max(2, Math.round(pupilCount / 19));
	for (let i = 0; i < pupilCount; i++) {
		const yearGroup = random.weighted([
			[7, 10],
			[8, 15],
			[9, 25],
			[10, 25],
			[11, 25]
		] as const);
		// About half were on roll before the year began; the rest join through it.
		const start = random.chance(0.5)
			? addDays(startDate, -random.int(10, 300))
			: schoolDays[random.int(0, schoolDays.length - 20)]!;
		let leave: string | undefined;
		let status: PupilPlan['status'] = 'active';
		if (random.chance(0.25)) {
			const candidates = schoolDays.filter((d) => d > addDays(start, 40));
			if (candidates.length) {
				leave = random.pick(candidates);
				status = random.chance(0.6) ? 'reintegrated' : 'left';
			}
		}
		const dayCount = random.weighted([
			[5, 50],
			[4, 30],
			[3, 20]
		] as const);
		const days = new Set<number>();
		while (days.size < dayCount) days.add(random.int(0, 4));
		const dob = addDays(`${2026 - yearGroup - 5}-09-01`, random.int(0, 364));
		const senStatus = random.weighted([
			['none', 45],
			['sen-support', 35],
			['ehcp', 20]
		] as const);
		const group =
			(yearGroup >= 10 ? Math.floor(groupCount / 2) : 0) + random.int(0, Math.max(0, Math.ceil(groupCount / 2) - 1));
		const createdAt = at(start < startDate ? startDate : start, 8, random.int(0, 40), random);
		const p = make('pupil', createdAt, staff[0]!, {
			givenName: random.pick(GIVEN),
			familyName: random.pick(FAMILY),
			dateOfBirth: dob,
			yearGroup,
			hostSchool: random.pick(HOSTS),
			startDate: start,
			senStatus,
			status,
			upn: `${CROCKFORD[10 + random.int(0, 21)]}${String(random.int(0, 99_999_999_999)).padStart(11, '0')}${random.int(0, 9)}`,
			...(leave ? { endDate: leave } : {}),
			...(senStatus === 'ehcp'
				? {
						ehcpSummary: 'Social, emotional and mental health needs; small-group teaching and a key adult.',
						ehcpReviewDate: addDays(start, 300)
					}
				: {}),
			...(senStatus === 'sen-support'
				? { iepSummary: 'Literacy support: reading fluency and structured writing frames.' }
				: {})
		});
		const plan: PupilPlan = {
			id: p._id,
			yearGroup,
			start,
			leave,
			status,
			days,
			group,
			attendance: 0.55 + random.next() * 0.43,
			ability: random.next(),
			objectiveIds: []
		};
		pupils.push(plan);
		const ks4 = yearGroup >= 10;
		for (const subject of ['maths', 'english'] as const) {
			const at3 = Math.floor(plan.ability * 3.99);
			make('intake', at(start < startDate ? startDate : start, 9, random.int(0, 30), random), staff[0]!, {
				pupilId: p._id,
				subject,
				workingAt: ks4 ? GCSE[Math.floor(plan.ability * 9)]! : KS3_SCALE[at3]!,
				ks4Target: GCSE[Math.min(GCSE.length - 1, Math.floor(plan.ability * 9) + random.int(2, 5))]!,
				...(ks4
					? { examBoard: random.pick(['AQA', 'Edexcel', 'OCR'] as const) }
					: { ks3Target: KS3_SCALE[Math.min(3, at3 + 1)]! }),
				receivedDate: start < startDate ? startDate : start
			});
		}
		const entry = start < startDate ? startDate : start;
		const baselineIds: string[] = [];
		for (const domain of ['literacy', 'numeracy', 'wellbeing'] as const) {
			const b = make(
				'baseline',
				at(entry, 10, random.int(0, 50), random),
				staff[(1 + baselineIds.length) % staff.length]!,
				{
					pupilId: p._id,
					domain,
					date: entry,
					instrument: domain === 'literacy' ? 'NGRT' : domain === 'numeracy' ? 'PUMA' : 'Boxall Profile',
					...(domain === 'wellbeing'
						? {
								rawScore: random.int(20, 60),
								maxScore: 68,
								band: random.pick(['Within range', 'Some concern', 'Significant concern'])
							}
						: {
								standardisedScore: Math.round(70 + plan.ability * 45 + random.int(-5, 5)),
								...(domain === 'literacy' ? { readingAgeMonths: (yearGroup + 4) * 12 - random.int(0, 40) } : {})
							}),
					pathway: domain === 'literacy' ? 'Daily reading with a key adult; phonics catch-up if below 85.' : undefined
				}
			);
			if (b.pathway === undefined) delete b.pathway;
			baselineIds.push(b._id);
		}
		plan.objectiveIds = ['o1', 'o2', 'o3'];
		const planDoc = make('plan', at(addDays(entry, 7), 15, random.int(0, 50), random), staff[0]!, {
			pupilId: p._id,
			startDate: addDays(entry, 7),
			reviewDate: addDays(entry, 49),
			objectives: [
				{
					id: 'o1',
					area: 'literacy',
					description: 'Read a short text and answer retrieval questions',
					successCriteria: '4 of 5 questions right on three occasions',
					targetDate: addDays(entry, 120)
				},
				{
					id: 'o2',
					area: 'behaviour',
					description: 'Use the calm-down plan when frustrated',
					successCriteria: 'Fewer than 2 negative entries a week for 4 weeks',
					targetDate: addDays(entry, 90)
				},
				{
					id: 'o3',
					area: random.pick(['attendance', 'numeracy', 'wellbeing', 'vocational'] as const),
					description: 'Build towards full-time attendance',
					successCriteria: 'Attendance above 90% over a half term',
					targetDate: addDays(entry, 150)
				}
			],
			assessmentArrangements: random.chance(0.3) ? 'Reader and extra time in tests.' : undefined,
			baselineIds
		});
		if (planDoc.assessmentArrangements === undefined) delete planDoc.assessmentArrangements;
		plan.planId = planDoc._id;
	}

	const onRoll = (p: PupilPlan, date: string) => p.start <= date && (!p.leave || date <= p.leave);

	// ---- each school day: attendance, lessons, exit tickets, notes, behaviour
	/** pupilId → lessons attended (date, subject, topic) for feedback forms. */
	const attended = new Map<string, { date: string; subject: string; topic: string }[]>();
	/** `${pupilId}|${date}|${session}` → mark, for registers. */
	const marks = new Map<string, string>();
	/** pupilId → every mark, for progress reports' attendance %. */
	const marksByPupil = new Map<string, { date: string; mark: string }[]>();
	const lastCall = new Map<string, string>();
	const subjectTopicIndex = new Map<string, number>();

	for (const date of schoolDays) {
		const wd = weekday(date);
		const here = pupils.filter((p) => onRoll(p, date) && p.days.has(wd));
		for (const session of ['am', 'pm'] as const) {
			for (const p of here) {
				const mark = random.chance(p.attendance)
					? random.weighted([
							['present', 88],
							['late', 9],
							['off-site', 3]
						] as const)
					: random.weighted([
							['authorised-absence', 35],
							['unauthorised-absence', 65]
						] as const);
				marks.set(`${p.id}|${date}|${session}`, mark);
				(marksByPupil.get(p.id) ?? marksByPupil.set(p.id, []).get(p.id)!).push({ date, mark });
				make('attendance', at(date, session === 'am' ? 9 : 13, random.int(0, 15), random), staff[random.int(0, 1)]!, {
					pupilId: p.id,
					date,
					session,
					mark
				});
			}
		}
		// Lessons: the day's recorded lessons rotate round the teaching groups.
		const lessonCount = Math.max(1, lessonsPerDay + random.int(-1, 1));
		for (let period = 0; period < lessonCount; period++) {
			const session = period < 3 ? 'am' : 'pm';
			const group = (schoolDays.indexOf(date) * lessonsPerDay + period) % groupCount;
			const pupilIds = here.filter((p) => p.group === group).map((p) => p.id);
			if (pupilIds.length === 0) continue;
			const subject = random.weighted(SUBJECT_WEIGHTS);
			const topics = TOPICS[subject]!;
			const ti = subjectTopicIndex.get(`${group}|${subject}`) ?? random.int(0, topics.length - 1);
			subjectTopicIndex.set(`${group}|${subject}`, (ti + (random.chance(0.6) ? 1 : 0)) % topics.length);
			const topic = topics[ti]!;
			const teacher = teacherOf(subject);
			const present = pupilIds.filter((id) => {
				const m = marks.get(`${id}|${date}|${session}`);
				return (m === 'present' || m === 'late') && random.chance(0.95);
			});
			const hour = [9, 10, 11, 13, 14, 14][period] ?? 14;
			const scored = random.chance(0.5);
			const maxScore = random.pick([5, 10, 10, 20]);
			// A scored lesson carries its maximum (set once per lesson); others are marked with outcomes.
			const lesson = make('lesson', at(date, hour, 5, random), teacher, {
				date,
				subject,
				topic,
				teacher,
				pupilIds,
				present,
				...(scored ? { maxScore } : {})
			});
			for (const pupilId of present) {
				const p = pupils.find((x) => x.id === pupilId)!;
				(attended.get(pupilId) ?? attended.set(pupilId, []).get(pupilId)!).push({ date, subject, topic });
				const skill = Math.min(1, Math.max(0, p.ability * 0.7 + random.next() * 0.45));
				const ticket = make('exitTicket', at(date, hour, 50, random), teacher, {
					pupilId,
					lessonId: lesson._id,
					date,
					subject,
					topic,
					...(scored
						? { score: Math.min(maxScore, Math.round(skill * maxScore)), maxScore }
						: { outcome: skill > 0.66 ? 'secure' : skill > 0.33 ? 'developing' : 'not-yet' }),
					...(random.chance(0.1) ? { comment: 'Needed a prompt to start.' } : {})
				});
				if (random.chance(0.25)) {
					const red = make('markingNote', at(date, hour + 2, random.int(0, 59), random), teacher, {
						pupilId,
						pen: 'red',
						kind: 'feedback',
						text: random.pick(RED_NOTES),
						workTitle: topic,
						lessonId: lesson._id,
						exitTicketId: ticket._id
					});
					if (random.chance(0.55)) {
						make('markingNote', at(addDays(date, 1), 9, random.int(10, 50), random), teacher, {
							pupilId,
							pen: 'purple',
							kind: random.chance(0.8) ? 'response' : 'redraft',
							text: random.pick(PURPLE_NOTES),
							workTitle: topic,
							replyTo: red._id,
							lessonId: lesson._id
						});
					}
				} else if (random.chance(0.04)) {
					make('markingNote', at(date, hour, 55, random), teacher, {
						pupilId,
						pen: 'purple',
						kind: 'self-assessment',
						text: random.pick(PURPLE_NOTES),
						workTitle: topic,
						lessonId: lesson._id
					});
				}
				if (random.chance(0.07)) {
					const [category, description, actionTaken] = random.chance(0.6)
						? [...random.pick(POSITIVE), undefined]
						: random.pick(NEGATIVE);
					make('behaviour', at(date, hour, 40, random), teacher, {
						pupilId,
						date,
						polarity: actionTaken ? 'negative' : 'positive',
						category,
						description,
						lessonId: lesson._id,
						...(actionTaken ? { actionTaken } : {})
					});
				}
			}
		}
		// Outside lessons: behaviour at break, parent calls every ~2 weeks, host-school work.
		for (const p of here) {
			if (random.chance(0.035)) {
				const positive = random.chance(0.5);
				const [category, description, actionTaken] = positive
					? [...random.pick(POSITIVE), undefined]
					: random.pick(NEGATIVE);
				make('behaviour', at(date, 12, random.int(0, 40), random), staff[4 % staff.length]!, {
					pupilId: p.id,
					date,
					polarity: positive ? 'positive' : 'negative',
					category,
					description,
					...(actionTaken ? { actionTaken } : {})
				});
			}
			const last = lastCall.get(p.id);
			if (!last || toMs(date) - toMs(last) >= random.int(12, 16) * DAY_MS) {
				const [contactName, relationship] = random.pick(CONTACTS);
				const outcome = random.weighted([
					['spoke', 70],
					['no-answer', 15],
					['voicemail', 10],
					['message-left', 5]
				] as const);
				make('parentContact', at(date, 15, random.int(20, 59), random), staff[random.int(0, 2)]!, {
					pupilId: p.id,
					date,
					contactName,
					relationship,
					method: random.weighted([
						['phone', 80],
						['in-person', 12],
						['email', 8]
					] as const),
					outcome,
					...(outcome === 'spoke' ? { discussed: random.pick(DISCUSSED) } : {})
				});
				// No answer: try again on their next day in; spoke: the next call is due in ~2 weeks.
				if (outcome === 'spoke' || outcome === 'message-left') lastCall.set(p.id, date);
				else if (!last) lastCall.set(p.id, addDays(date, -13));
			}
			if (random.chance(0.05)) {
				const subject = random.pick(['maths', 'english', 'science'] as const);
				const due = addDays(date, 14);
				const status =
					due < addDays(endDate, -7)
						? random.weighted([
								['returned', 55],
								['completed', 25],
								['in-progress', 10],
								['set', 10]
							] as const)
						: random.pick(['set', 'in-progress'] as const);
				make('hostWork', at(date, 8, random.int(10, 50), random), staff[0]!, {
					pupilId: p.id,
					subject,
					description: `${random.pick(TOPICS[subject]!)}: worksheet pack from the host school`,
					receivedDate: date,
					status,
					dueDate: due,
					...(status === 'returned' ? { returnedDate: addDays(due, random.int(-3, 4)) } : {})
				});
			}
		}
	}

	// ---- every 3 weeks per pupil: a feedback form compiled from the lessons attended
	for (const p of pupils) {
		const lessons = attended.get(p.id) ?? [];
		for (let from = p.start < startDate ? startDate : p.start; ; from = addDays(from, 21)) {
			const to = addDays(from, 20);
			if (to > endDate || (p.leave && to > p.leave)) break;
			const inPeriod = lessons.filter((l) => from <= l.date && l.date <= to);
			const seen = new Set<string>();
			const topics = inPeriod
				.filter((l) => !seen.has(`${l.subject}|${l.topic}`) && seen.add(`${l.subject}|${l.topic}`))
				.map((l) => ({ subject: l.subject, topic: l.topic }));
			const sent = to < addDays(endDate, -5) || random.chance(0.3);
			const createdAt = at(addDays(to, random.int(1, 3)), 15, random.int(0, 59), random);
			make('feedbackForm', createdAt, teacherOf(random.pick(['maths', 'english'])), {
				pupilId: p.id,
				periodStart: from,
				periodEnd: to,
				lessonsAttended: inPeriod.length,
				topics: topics.slice(0, 200),
				atl: random.weighted([
					[4, 10],
					[3, 40],
					[2, 35],
					[1, 15]
				] as const),
				progress: random.weighted([
					['exceeding', 15 + p.ability * 10],
					['meeting', 45],
					['working-towards', 40 - p.ability * 10]
				] as const),
				basis: p.yearGroup >= 10 ? 'ks4-target' : 'ks3-national-curriculum',
				status: sent ? 'sent' : 'draft',
				comment: inPeriod.length
					? 'Settling well; more consistent effort in maths.'
					: 'Attendance has been low this period.',
				...(sent ? { sentAt: createdAt, sentTo: 'SENCo at the host school' } : {})
			});
		}
	}

	// ---- every half term per pupil on roll: progress report, plan review, scheme tests; moderation
	for (const h of halfTermsInYear) {
		const to = h.end > endDate ? endDate : h.end;
		const from = h.start < startDate ? startDate : h.start;
		if (h.end > endDate) continue; // the half term in progress has no report yet
		for (const p of pupils) {
			if (!onRoll(p, to) || p.start > addDays(to, -20)) continue;
			let present = 0;
			let recorded = 0;
			for (const { date, mark } of marksByPupil.get(p.id) ?? []) {
				if (date < from || date > to) continue;
				recorded++;
				if (mark === 'present' || mark === 'late' || mark === 'off-site') present++;
			}
			const reportAt = at(addDays(to, -2), 16, random.int(0, 59), random);
			make('progressReport', reportAt, staff[0]!, {
				pupilId: p.id,
				halfTerm: h.name,
				periodStart: from,
				periodEnd: to,
				workCovered: 'Maths: fractions and percentages. English: persuasive writing and retrieval.',
				attitudeEngagement: random.pick([
					'Engaged in most lessons.',
					'Variable: good mornings, harder afternoons.',
					'Much improved since the last report.'
				]),
				academicProgress: random.pick([
					'Secure with the half term’s maths topics.',
					'Developing; needs more practice with writing at length.',
					'Good progress towards the KS4 target.'
				]),
				emotionalProgress: random.pick([
					'Uses the calm-down plan independently.',
					'Still finds transitions hard.',
					'More confident speaking in the group.'
				]),
				vocationalProgress: random.pick([
					'Construction taster: safe use of hand tools.',
					'Food technology: hygiene certificate started.',
					'Not started yet.'
				]),
				status: 'sent',
				sentAt: reportAt,
				sentTo: 'Head of Year at the host school',
				...(recorded ? { attendancePercent: Math.round((present / recorded) * 1000) / 10 } : {})
			});
			if (p.planId) {
				make('planReview', at(addDays(to, -4), 14, random.int(0, 59), random), staff[0]!, {
					pupilId: p.id,
					planId: p.planId,
					date: addDays(to, -4),
					ratings: p.objectiveIds.map((objectiveId) => ({
						objectiveId,
						rating: random.weighted([
							['achieved', 30],
							['working-towards', 55],
							['not-started', 15]
						] as const)
					})),
					summary: 'Reviewed with the pupil and parent.',
					nextReviewDate: addDays(to, 45)
				});
			}
			for (const subject of ['maths', 'english'] as const) {
				const maxScore = 50;
				make('assessment', at(addDays(to, -8), 10, random.int(0, 59), random), teacherOf(subject), {
					pupilId: p.id,
					kind: 'scheme',
					subject,
					name: `${h.name} ${subject} test`,
					date: addDays(to, -8),
					rawScore: Math.round(Math.min(1, p.ability * 0.8 + random.next() * 0.3) * maxScore),
					maxScore,
					...(p.yearGroup >= 10 ? { grade: GCSE[Math.floor(p.ability * 9) + random.int(0, 2)]! } : {})
				});
			}
			if (h.name.includes('Autumn 2') || h.name.includes('Summer 1')) {
				make('assessment', at(addDays(to, -10), 11, random.int(0, 59), random), staff[2 % staff.length]!, {
					pupilId: p.id,
					kind: 'standardised',
					subject: 'english',
					name: 'NGRT form B',
					date: addDays(to, -10),
					standardisedScore: Math.round(72 + p.ability * 45 + random.int(-4, 6)),
					readingAgeMonths: (p.yearGroup + 4) * 12 - random.int(0, 36)
				});
			}
		}
		for (const subject of ['maths', 'english'] as const) {
			const sample = pupils.filter((p) => onRoll(p, to)).slice(0, 6);
			if (sample.length === 0) continue;
			make('moderation', at(addDays(to, -6), 15, 30, random), teacherOf(subject), {
				date: addDays(to, -6),
				moderatorName: random.pick(['A. Shah', 'P. Davies', 'K. Morgan']),
				moderatorOrganisation: random.pick(HOSTS),
				subject,
				samples: sample.map((p) => {
					const agreed = random.chance(0.8);
					return {
						pupilId: p.id,
						workTitle: `${subject === 'maths' ? 'Fractions' : 'Persuasive letter'} assessment`,
						internalJudgement: 'Developing',
						moderatedJudgement: agreed ? 'Developing' : 'Emerging',
						agreed
					};
				}),
				outcome: 'Most judgements agreed; marking is consistent.',
				actions: 'Share exemplars of secure work at the next staff meeting.'
			});
		}
	}

	// ---- reintegrations: planned for a few still on roll, finished (or broken down) for leavers
	for (const p of pupils) {
		if (p.status === 'reintegrated' && p.leave) {
			make('reintegration', at(addDays(p.leave, -30), 15, 0, random), staff[0]!, {
				pupilId: p.id,
				status: 'completed',
				destinationSchool: random.pick(HOSTS),
				targetDate: p.leave,
				completedDate: p.leave,
				notes: 'Phased return over four weeks.'
			});
		} else if (p.status === 'left' && random.chance(0.4)) {
			make('reintegration', at(addDays(p.leave!, -40), 15, 0, random), staff[0]!, {
				pupilId: p.id,
				status: 'broken-down',
				destinationSchool: random.pick(HOSTS),
				targetDate: addDays(p.leave!, -10),
				notes: 'Placement broke down after two weeks.'
			});
		} else if (p.status === 'active' && random.chance(0.12)) {
			make('reintegration', at(addDays(endDate, -random.int(5, 60)), 15, 0, random), staff[0]!, {
				pupilId: p.id,
				status: random.pick(['planned', 'in-progress'] as const),
				destinationSchool: random.pick(HOSTS),
				targetDate: addDays(endDate, random.int(20, 90))
			});
		}
	}

	// Drop keys set to undefined (zod and CouchDB would keep them out anyway; keep JSON tidy).
	for (const d of docs) for (const k of Object.keys(d)) if (d[k] === undefined) delete d[k];
	const counts: Record<string, number> = {};
	for (const d of docs) counts[d.type] = (counts[d.type] ?? 0) + 1;
	return { docs, counts, schoolDays: schoolDays.length };
}

/** 52 weeks: a school year moved back by it keeps its weekdays. */
const SCHOOL_YEAR_DAYS = 364;

/**
 * The half terms of `years` school years ending with HALF_TERMS' last: the earlier years are the
 * 2025-26 calendar moved back a whole number of 52-week years (same weekdays), named by their year.
 */
export function halfTermsOfYears(years: number): HalfTerm[] {
	const firstYear = HALF_TERMS.slice(0, 6);
	const earlier: HalfTerm[] = [];
	for (let k = Math.max(0, years - 1); k >= 1; k--) {
		const from = 2025 - k;
		for (const h of firstYear)
			earlier.push({
				name: h.name.replace('2025-26', `${from}-${String(from + 1).slice(2)}`),
				start: addDays(h.start, -SCHOOL_YEAR_DAYS * k),
				end: addDays(h.end, -SCHOOL_YEAR_DAYS * k)
			});
	}
	return [...earlier, ...HALF_TERMS];
}

/**
 * `years` consecutive years of records ending on `endDate` (default one year, exactly
 * generateLargeDataset's). Each earlier year is a year of its own (its own seed, its own pupils,
 * who have all left by its end, since they are not on roll now); ONE settings document, the
 * current year's. Deterministic like the one year.
 */
export function generateYears(options: LargeDatasetOptions & { years?: number } = {}): LargeDataset {
	const years = Math.max(1, Math.floor(options.years ?? 1));
	if (years === 1) return generateLargeDataset(options);
	const seed = options.seed ?? DEFAULT_SEED;
	const endDate = options.endDate ?? DEFAULT_END_DATE;
	const halfTerms = halfTermsOfYears(years);
	const docs: Doc[] = [];
	let schoolDays = 0;
	for (let k = years - 1; k >= 0; k--) {
		const yearEnd = addDays(endDate, -SCHOOL_YEAR_DAYS * k);
		const year = generateLargeDataset({
			...options,
			seed: k === 0 ? seed : `${seed}/year-${k}`,
			endDate: yearEnd,
			halfTerms
		});
		schoolDays += year.schoolDays;
		for (const d of year.docs) {
			if (k > 0 && d.type === 'settings') continue;
			if (k > 0 && d.type === 'pupil' && d.status === 'active') {
				d.status = 'left';
				d.endDate = yearEnd;
			}
			docs.push(d);
		}
	}
	const counts: Record<string, number> = {};
	for (const d of docs) counts[d.type] = (counts[d.type] ?? 0) + 1;
	return { docs, counts, schoolDays };
}
