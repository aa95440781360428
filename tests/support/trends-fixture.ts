/**
 * A small provision whose figures were worked out by hand (see trends.spec.ts for the sums):
 * 10 pupils, P1–P6 in year 10 (KS4), P7–P10 in year 8 (KS3). Test-only.
 */
import type { Assessment } from '../../src/lib/domain/assessment';
import type { Attendance } from '../../src/lib/domain/attendance';
import type { Behaviour } from '../../src/lib/domain/behaviour';
import type { FeedbackForm } from '../../src/lib/domain/feedback-form';
import type { Intake } from '../../src/lib/domain/intake';
import type { Pupil } from '../../src/lib/domain/pupil';
import type { Reintegration } from '../../src/lib/domain/reintegration';
import { makeDoc } from './test-factories';
import type { TrendInput, TrendSettings } from '../../src/lib/domain/trends';

export const FIXTURE_SETTINGS: TrendSettings = {
	halfTerms: [
		{ name: 'T Autumn 1', start: '2026-09-01', end: '2026-10-23' },
		{ name: 'T Autumn 2', start: '2026-11-02', end: '2026-12-18' },
		{ name: 'T Spring 1', start: '2027-01-05', end: '2027-02-12' }
	],
	ks3Scale: ['Emerging', 'Developing', 'Secure', 'Mastered']
};

const SEN = [
	'ehcp',
	'ehcp',
	'sen-support',
	'sen-support',
	'none',
	'none',
	'ehcp',
	'sen-support',
	'none',
	'none'
] as const;

/** The records as documents (what a tablet stores), so tests can put them in a database too. */
export function trendFixture(): TrendInput & { p: Pupil[]; attendance: Attendance[] } {
	const p = SEN.map((senStatus, i) =>
		makeDoc('pupil', {
			givenName: `P${i + 1}`,
			familyName: 'Fixture',
			yearGroup: i < 6 ? 10 : 8,
			senStatus,
			hostSchool: i < 5 ? 'Alpha School' : 'Beta School'
		})
	) as Pupil[];
	const id = (n: number) => p[n - 1]!._id;

	const form = (
		n: number,
		periodEnd: string,
		progress: FeedbackForm['progress'],
		atl: FeedbackForm['atl'],
		extra: Record<string, unknown> = {}
	) =>
		makeDoc('feedbackForm', {
			pupilId: id(n),
			periodStart: '2026-09-01',
			periodEnd,
			progress,
			atl,
			status: 'sent',
			...extra
		}) as FeedbackForm;
	const A1 = '2026-10-09';
	const A2 = '2026-11-20';
	const feedbackForms = [
		form(1, A1, 'working-towards', 2),
		form(1, A2, 'meeting', 3),
		form(2, A1, 'exceeding', 4),
		form(3, A2, 'meeting', 3),
		form(4, A2, 'working-towards', 2),
		form(5, A1, 'meeting', 3),
		form(5, A2, 'working-towards', 1, { status: 'draft' }), // drafts are not judgements yet
		form(6, A2, 'exceeding', 4),
		form(7, A2, 'meeting', 3),
		form(8, A2, 'working-towards', 2),
		form(9, A1, 'working-towards', 1),
		form(9, A2, 'meeting', 3, { archived: true }), // withdrawn
		form(10, A2, 'working-towards', 1)
	];

	const intake = (n: number, subject: string, workingAt: string, ks4Target: string, ks3Target?: string) =>
		makeDoc('intake', {
			pupilId: id(n),
			subject,
			workingAt,
			ks4Target,
			// Received from the host school before the year began: known in every half term.
			receivedDate: '2026-08-28',
			...(ks3Target ? { ks3Target } : {})
		}) as Intake;
	const intakes = [
		intake(1, 'maths', '4', '5'),
		intake(2, 'maths', '6', '5'),
		intake(3, 'maths', '5-', '5'),
		intake(4, 'maths', '5', '5'),
		intake(5, 'maths', '3', '4'),
		intake(6, 'maths', 'Secure', '5'), // not a GCSE grade: cannot be compared
		intake(7, 'maths', 'Developing', '5', 'Secure'),
		intake(8, 'maths', 'Secure', '5', 'Secure'),
		intake(9, 'maths', 'Mastered', '5', 'Secure'),
		intake(10, 'maths', 'Emerging', '4'), // KS3 without a KS3 target
		intake(1, 'english', '5', '5'),
		intake(2, 'english', '4', '6'),
		intake(3, 'english', '6', '6'),
		intake(4, 'english', '7', '6')
	];

	const assessments = [
		makeDoc('assessment', {
			pupilId: id(1),
			subject: 'maths',
			kind: 'teacher',
			name: 'Term test',
			date: '2026-11-10',
			grade: '5'
		}),
		makeDoc('assessment', {
			pupilId: id(2),
			subject: 'english',
			kind: 'teacher',
			name: 'Essay',
			date: '2026-11-01',
			grade: 'Developing'
		}) // off the GCSE scale: ignored
	] as Assessment[];

	const marks: Attendance[] = [];
	const mark = (
		n: number,
		date: string,
		session: 'am' | 'pm',
		m: Attendance['mark'],
		extra: Record<string, unknown> = {}
	) => marks.push(makeDoc('attendance', { pupilId: id(n), date, session, mark: m, ...extra }));
	// Autumn 1: P1 9 of 10; P7 7 of 10 (present 5, late 1, off-site 1; 3 authorised absences) → 16/20.
	const a1Days = ['2026-09-07', '2026-09-08', '2026-09-09', '2026-09-10', '2026-09-11'];
	a1Days.forEach((d, i) => {
		mark(1, d, 'am', 'present');
		mark(1, d, 'pm', i === 4 ? 'unauthorised-absence' : 'present');
	});
	const p7 = [
		'present',
		'present',
		'present',
		'present',
		'present',
		'late',
		'off-site',
		'authorised-absence',
		'authorised-absence',
		'authorised-absence'
	] as const;
	p7.forEach((m, i) => mark(7, a1Days[i >> 1]!, i % 2 ? 'pm' : 'am', m));
	// Autumn 2: P1 4 of 4 (an archived absence does not count); P2 2 of 4 → 6/8.
	['2026-11-03', '2026-11-04'].forEach((d) => {
		mark(1, d, 'am', 'present');
		mark(1, d, 'pm', 'present');
		mark(2, d, 'am', 'present');
		mark(2, d, 'pm', 'unauthorised-absence');
	});
	mark(1, '2026-11-05', 'am', 'unauthorised-absence', { archived: true });
	// Half-term holiday: in no half term, but in "all records".
	mark(1, '2026-10-28', 'am', 'present');

	const entry = (n: number, date: string, polarity: 'positive' | 'negative') =>
		makeDoc('behaviour', { pupilId: id(n), date, polarity }) as Behaviour;
	const behaviour = [
		entry(1, '2026-09-10', 'positive'),
		entry(1, '2026-10-01', 'positive'),
		entry(4, '2026-10-02', 'negative'),
		entry(1, '2026-11-10', 'negative'),
		entry(7, '2026-11-11', 'positive'),
		entry(7, '2026-11-12', 'positive'),
		entry(7, '2026-11-13', 'positive'),
		entry(8, '2026-11-12', 'negative'),
		entry(8, '2026-11-13', 'negative')
	];

	const reintegrations = [
		makeDoc('reintegration', { pupilId: id(9), status: 'completed', completedDate: '2026-12-01' }),
		makeDoc('reintegration', {
			pupilId: id(10),
			status: 'broken-down',
			targetDate: '2026-12-01',
			brokenDownDate: '2027-01-20'
		}),
		makeDoc('reintegration', { pupilId: id(5), status: 'completed', completedDate: '2027-02-01' }),
		makeDoc('reintegration', { pupilId: id(6), status: 'planned', targetDate: '2027-02-01' })
	] as Reintegration[];

	return { p, pupils: p, intakes, assessments, feedbackForms, attendance: marks, behaviour, reintegrations };
}
