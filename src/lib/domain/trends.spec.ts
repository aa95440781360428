import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Intake } from './intake';
import type { Pupil } from './pupil';
import {
	computeDashboard,
	onRollIn,
	percent,
	pupilAttainment,
	withOlderTrendRecords,
	type TrendFilter
} from './trends';
import { makeDoc } from '$tests/test-factories';
import { FIXTURE_SETTINGS, trendFixture } from '$tests/trends-fixture';
import { findPeriod, formCountsOn } from './trends-period';
import { readinessFromFigures } from './readiness';
import { csvData, csvFilename, dashboardTables, readinessTable, targetsTable } from './trends-tables';

const input = trendFixture();
const dash = (filter: TrendFilter = {}) => computeDashboard(input, filter, FIXTURE_SETTINGS);
const period = (id: string) => findPeriod(id, FIXTURE_SETTINGS.halfTerms);
const labels = (rows: { period: { label: string } }[]) => rows.map((r) => r.period.label);

describe('% of pupils meeting or exceeding their targets (latest sent progress indicator)', () => {
	it('counts each pupil once, by their latest sent form: 6 of 10 → 60%', () => {
		// P1 (latest meeting), P2 exceeding, P3 meeting, P5 meeting (its later form is a draft),
		// P6 exceeding, P7 meeting; P4, P8, P9 (later form archived), P10 working towards.
		expect(dash().progress).toEqual({
			exceeding: 2,
			meeting: 4,
			workingTowards: 4,
			noJudgement: 0,
			judged: 10,
			percent: 60
		});
	});

	it('uses only forms whose period ends inside the chosen half term', () => {
		// Autumn 1: P1 WT, P2 exceeding, P5 meeting, P9 WT → 2 of 4.
		expect(dash({ period: period('half:T Autumn 1') }).progress).toMatchObject({
			judged: 4,
			noJudgement: 6,
			percent: 50
		});
		// Autumn 2: P1, P3, P7 meeting, P6 exceeding; P4, P8, P10 WT → 4 of 7.
		expect(dash({ period: period('half:T Autumn 2') }).progress).toMatchObject({ judged: 7, percent: 57.1 });
	});

	it('filters by key stage, year group, SEN status and host school', () => {
		expect(dash({ keyStage: 'KS4' }).progress.percent).toBe(83.3); // 5 of 6
		expect(dash({ keyStage: 'KS3' }).progress.percent).toBe(25); // 1 of 4
		expect(dash({ yearGroup: 8 }).progress.percent).toBe(25);
		expect(dash({ senStatus: 'ehcp' }).progress.percent).toBe(100); // P1, P2, P7
		expect(dash({ senStatus: 'sen-support' }).progress.percent).toBe(33.3); // P3 of P3, P4, P8
		expect(dash({ hostSchool: 'Beta School' }).progress.percent).toBe(40); // P6, P7 of P6–P10
		expect(dash({ keyStage: 'KS3', senStatus: 'ehcp' }).pupils.map((p) => p.givenName)).toEqual(['P7']);
	});

	it('says "no figure" rather than 0% when nobody has been judged', () => {
		expect(dash({ period: period('half:T Spring 1') }).progress).toMatchObject({ judged: 0, percent: null });
		expect(percent(0, 0)).toBeNull();
	});
});

describe('attainment against target per subject (working-at vs target)', () => {
	it('compares the latest working-at grade with the key stage target: maths 5 of 8 → 62.5%', () => {
		const maths = dash().attainment.find((a) => a.subject === 'maths');
		// above P2, P9; at P1 (a later assessment graded 5), P4, P8; below P3 (5- < 5), P5, P7;
		// P6 ("Secure" is not a GCSE grade) and P10 (year 8, no KS3 target) cannot be compared.
		expect(maths).toEqual({
			subject: 'maths',
			above: 2,
			at: 3,
			below: 3,
			notComparable: 2,
			compared: 8,
			percent: 62.5
		});
	});

	it('does not judge a period with an intake received after it ended (the same as-of rule for every source)', () => {
		const pupil = makeDoc('pupil', { yearGroup: 10 }) as Pupil;
		const late = makeDoc('intake', {
			pupilId: pupil._id,
			subject: 'maths',
			workingAt: '4',
			ks4Target: '5',
			receivedDate: '2026-11-05'
		}) as Intake;
		expect(pupilAttainment(pupil, [late], [], 'maths', [], '2026-10-23')).toBeNull();
		expect(pupilAttainment(pupil, [late], [], 'maths', [], '2026-12-18')).toMatchObject({ comparison: 'below' });
	});

	it('counts a feedback form whose period ends in a holiday in the half term it covers', () => {
		const halfTerms = [
			{ start: '2026-09-01', end: '2026-10-23' },
			{ start: '2026-11-02', end: '2026-12-18' }
		];
		expect(formCountsOn({ periodStart: '2026-10-05', periodEnd: '2026-10-25' }, halfTerms)).toBe('2026-10-23');
		expect(formCountsOn({ periodStart: '2026-10-19', periodEnd: '2026-11-06' }, halfTerms)).toBe('2026-11-06');
		expect(formCountsOn({ periodStart: '2026-10-26', periodEnd: '2026-10-30' }, halfTerms)).toBe('2026-10-30');
	});

	it('counts the pupils on roll in the period: a leaver or a later joiner does not fill "No judgement"', () => {
		const joiner = makeDoc('pupil', { givenName: 'Late', startDate: '2026-11-10' }) as Pupil;
		const leaver = makeDoc('pupil', {
			givenName: 'Gone',
			startDate: '2026-09-01',
			status: 'left',
			endDate: '2026-10-02'
		}) as Pupil;
		const withThem = { ...input, pupils: [...input.pupils, joiner, leaver] };
		const at = (id: string) => computeDashboard(withThem, { period: period(id) }, FIXTURE_SETTINGS);
		expect(at('half:T Autumn 1').pupils.map((p) => p.givenName)).toContain('Gone');
		expect(at('half:T Autumn 1').pupils.map((p) => p.givenName)).not.toContain('Late');
		expect(at('half:T Autumn 2').pupils.map((p) => p.givenName)).not.toContain('Gone');
		const before = dash({ period: period('half:T Autumn 2') }).progress.noJudgement;
		// Autumn 2: the joiner is on roll without a form (one more "No judgement"); the leaver is not counted.
		expect(at('half:T Autumn 2').progress.noJudgement).toBe(before + 1);
		expect(onRollIn(leaver, { start: '2026-10-05', end: '2026-10-23' })).toBe(false);
		expect(onRollIn(leaver, { start: '2026-10-02', end: '2026-10-23' })).toBe(true);
	});

	it('uses the grade the pupil had at the end of the period', () => {
		// At the end of Autumn 1, P1's assessment (10 Nov) had not happened: still 4 against 5.
		const maths = dash({ period: period('half:T Autumn 1') }).attainment.find((a) => a.subject === 'maths');
		expect(maths).toMatchObject({ above: 2, at: 2, below: 4, percent: 50 });
	});

	it('ignores an assessment grade that is not on the pupil’s scale; filtering by subject keeps only that subject', () => {
		// English: P1 at, P3 at, P4 above, P2 below (its "Developing" assessment is not a GCSE grade).
		expect(dash({ subject: 'english' }).attainment).toEqual([
			{ subject: 'english', above: 1, at: 2, below: 1, notComparable: 0, compared: 4, percent: 75 }
		]);
		// The progress indicator covers every subject: the subject filter does not change it.
		expect(dash({ subject: 'english' }).progress.percent).toBe(60);
	});
});

describe('trends over time', () => {
	it('buckets by the half terms in settings, and only those in the chosen period', () => {
		expect(labels(dash().atl)).toEqual(['T Autumn 1', 'T Autumn 2', 'T Spring 1']);
		expect(labels(dash({ period: period('term:T Autumn') }).atl)).toEqual(['T Autumn 1', 'T Autumn 2']);
		// Half terms and terms yet to start are not drawn as zeros.
		expect(labels(dash({ today: '2026-11-23' }).attendanceTrend)).toEqual(['T Autumn 1', 'T Autumn 2']);
		expect(labels(dash({ today: '2026-11-23' }).reintegrations)).toEqual(['T Autumn']);
	});

	it('ATL distribution counts sent forms by grade in each half term', () => {
		const [a1, a2, s1] = dash().atl;
		expect(a1).toMatchObject({ counts: { 4: 1, 3: 1, 2: 1, 1: 1 }, forms: 4 });
		expect(a2).toMatchObject({ counts: { 4: 1, 3: 3, 2: 2, 1: 1 }, forms: 7 });
		expect(s1).toMatchObject({ forms: 0 });
	});

	it('attendance % per half term follows the contract (late and off-site count as present)', () => {
		const [a1, a2, s1] = dash().attendanceTrend;
		expect(a1).toMatchObject({ present: 16, recorded: 20, percent: 80 });
		expect(a2).toMatchObject({ present: 6, recorded: 8, percent: 75 });
		expect(s1).toMatchObject({ recorded: 0, percent: null });
		// All records, including the half-term holiday session: 23 of 29.
		expect(dash().attendance).toMatchObject({ present: 23, recorded: 29, percent: 79 });
		expect(dash({ keyStage: 'KS3' }).attendance).toMatchObject({ present: 7, recorded: 10, percent: 70 });
	});

	it('behaviour: positive and negative entries per half term', () => {
		expect(dash().behaviourTrend.map((b) => [b.positive, b.negative])).toEqual([
			[2, 1],
			[3, 3],
			[0, 0]
		]);
		expect(dash().behaviour).toEqual({ positive: 5, negative: 4 });
		expect(dash({ senStatus: 'sen-support' }).behaviour).toEqual({ positive: 0, negative: 3 });
	});

	it('reintegrations dated when they happened, a holiday with the term before, a half term on its own', () => {
		const extra = [
			// Broke down in the Christmas holiday (after Autumn 2 ended on 18 Dec): counts in T Autumn.
			makeDoc('reintegration', {
				pupilId: input.p[0]!._id,
				status: 'broken-down',
				targetDate: '2027-02-01',
				brokenDownDate: '2026-12-22'
			}),
			// Completed in the October half-term holiday: Autumn 1's.
			makeDoc('reintegration', { pupilId: input.p[1]!._id, status: 'completed', completedDate: '2026-10-28' })
		];
		const withExtra = { ...input, reintegrations: [...input.reintegrations, ...extra] };
		const rows = (filter: TrendFilter) =>
			computeDashboard(withExtra, filter, FIXTURE_SETTINGS).reintegrations.map((t) => [
				t.period.label,
				t.completed,
				t.brokenDown
			]);
		expect(rows({})).toEqual([
			['T Autumn', 2, 1],
			['T Spring', 1, 1]
		]);
		// The Autumn 1 filter shows Autumn 1 (with its holiday), not the whole Autumn term.
		expect(rows({ period: period('half:T Autumn 1') })).toEqual([['T Autumn 1', 1, 0]]);
		expect(rows({ period: period('half:T Autumn 2') })).toEqual([['T Autumn 2', 1, 1]]);
	});

	it('reintegrations per term: completed by completion date, broken down by its date', () => {
		expect(dash().reintegrations.map((t) => [t.period.label, t.completed, t.brokenDown])).toEqual([
			['T Autumn', 1, 0],
			['T Spring', 1, 1]
		]);
		expect(dash({ keyStage: 'KS4' }).reintegrations.map((t) => [t.completed, t.brokenDown])).toEqual([
			[0, 0],
			[1, 0]
		]);
	});

	it('attainment trend: % meeting at the end of each half term, beside attendance and behaviour', () => {
		const trend = dash().attainmentTrend;
		expect(trend.map((b) => b.progress.percent)).toEqual([50, 57.1, null]);
		expect(trend.map((b) => b.bySubject.find((s) => s.subject === 'maths')?.percent)).toEqual([50, 62.5, 62.5]);
	});
});

describe('readiness for reintegration (R5.4)', () => {
	it('is ready only with attainment on target, attendance ≥ 90% of 20+ sessions and no more negative than positive', () => {
		const figures = (over: Partial<Parameters<typeof readinessFromFigures>[0]>) =>
			readinessFromFigures({
				comparisons: ['at'],
				attendance: { recorded: 40, percent: 90 },
				positive: 1,
				negative: 1,
				weeksOnRoll: 10,
				...over
			});
		expect(figures({})).toMatchObject({ readiness: 'ready', areas: { attainment: 'met' } });
		expect(figures({ attendance: { recorded: 40, percent: 89 } }).readiness).toBe('close');
		expect(figures({ comparisons: ['below'], attendance: { recorded: 40, percent: 80 } })).toMatchObject({
			readiness: 'not-yet',
			areas: { attainment: 'not-met' }
		});
		expect(figures({ attendance: { recorded: 1, percent: 100 } }).readiness).toBe('unknown');
		expect(figures({ positive: 0, negative: 0 }).readiness).toBe('unknown');
		expect(figures({ weeksOnRoll: 2 }).readiness).toBe('unknown');
		expect(figures({ comparisons: [], attendance: { recorded: 0, percent: null } }).readiness).toBe('unknown');
	});

	it('is worked out per pupil from the fixture', () => {
		const byName = new Map(dash().readiness.map((r) => [r.pupil.givenName, r]));
		// P1: maths and English on target, 2 positive vs 1 negative; 14 of 15 sessions (93%) is fewer
		// than 20 sessions, so Ready or Close cannot be told yet.
		expect(byName.get('P1')).toMatchObject({
			attendancePercent: 93,
			positive: 2,
			negative: 1,
			areas: { attainment: 'met', attendance: 'unknown', behaviour: 'met' },
			readiness: 'unknown'
		});
		// P7: below target, good behaviour, 7 of 10 sessions (70%, too few): Close or Not yet.
		expect(byName.get('P7')).toMatchObject({
			attendancePercent: 70,
			areas: { attainment: 'not-met', attendance: 'unknown', behaviour: 'met' },
			readiness: 'unknown',
			met: 1
		});
		// P8: two negative entries, no positive: behaviour not met.
		expect(byName.get('P8')?.areas.behaviour).toBe('not-met');
		expect(byName.get('P6')?.readiness).toBe('unknown');
	});
});

describe('tables for screen readers and CSV', () => {
	it('the CSV has the same numbers as the figures, with empty cells for missing ones', () => {
		const csv = Papa.unparse(csvData(targetsTable(dash())));
		const lines = csv.split('\r\n');
		expect(lines[0]).toBe(
			'Measure,Meeting or exceeding (%),Meeting or exceeding,Pupils judged,Exceeding / above,Meeting / on target,Working towards / below,No judgement'
		);
		expect(lines[1]).toBe('Latest progress indicator (all subjects),60,6,10,2,4,4,0');
		expect(lines).toContain('Maths: working-at against target,62.5,5,8,2,3,3,2');
		const spring = Papa.unparse(csvData(dashboardTables(dash()).find((t) => t.id === 'attendance')!)).split('\r\n');
		expect(spring[3]).toBe('T Spring 1,,0,0');
	});

	it('every table has a row per bucket and a header per column', () => {
		for (const table of dashboardTables(dash())) {
			for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
		}
		const p1 = readinessTable(dash()).rows.find((r) => r[0] === 'P1 Fixture');
		expect(p1?.slice(-2)).toEqual(['Yes', 'Not enough evidence yet']);
	});

	it('the file name says what the table is and which filter made it', () => {
		expect(csvFilename({ id: 'meeting-targets' }, ['KS4', 'EHCP', 'T Autumn 1'])).toBe(
			'waymark-meeting-targets-ks4-ehcp-t-autumn-1.csv'
		);
	});
});

describe('a period reaching before the working window (older records read from the office server)', () => {
	const pupil = makeDoc('pupil', {
		_id: 'pupil:leaver',
		status: 'left',
		startDate: '2022-09-05',
		endDate: '2023-07-20'
	});
	const mark = (
		date: string,
		session: 'am' | 'pm',
		mark: 'present' | 'unauthorised-absence',
		updatedAt = '2023-01-01T09:00:00Z'
	) => makeDoc('attendance', { pupilId: pupil._id, date, session, mark, updatedAt });
	const empty = {
		pupils: [],
		intakes: [],
		assessments: [],
		feedbackForms: [],
		attendance: [],
		behaviour: [],
		reintegrations: []
	};

	it('adds each older record once to its list, leaves withdrawn ones out, and counts a mark held twice once', () => {
		const held = mark('2023-01-09', 'am', 'present');
		const older = [
			pupil,
			mark('2023-01-09', 'am', 'present'), // the same session, read again from the server
			mark('2023-01-09', 'pm', 'unauthorised-absence'),
			mark('2023-01-10', 'am', 'present'),
			{ ...mark('2023-01-10', 'pm', 'unauthorised-absence'), archived: true },
			pupil // twice in the answer
		];
		const merged = withOlderTrendRecords({ ...empty, attendance: [held] }, older);
		expect(merged.pupils.map((p) => p._id)).toEqual(['pupil:leaver']);
		expect(merged.attendance).toHaveLength(4);
		// Sessions 9 Jan am (present), 9 Jan pm (absent), 10 Jan am (present): 2 of 3 = 67%.
		const dash = computeDashboard(merged, { period: findPeriod('all', []), today: '2023-07-20' }, FIXTURE_SETTINGS);
		expect(dash.attendance).toMatchObject({ present: 2, recorded: 3, percent: 67 });
	});
});
