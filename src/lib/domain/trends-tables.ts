/**
 * The dashboard's figures as plain tables: one shape for the table a screen reader reads, the
 * series a chart draws and the CSV a leader downloads, so all three always show the same numbers.
 */
import { localToday } from './calendar-days';
import { ATL_LABELS, PROGRESS_LABELS } from './feedback-form';
import { COMPARISON_LABELS } from './grade-scale';
import { subjectLabel } from './lesson';
import { fullName, SEN_LABELS } from './pupil';
import type { Dashboard } from './trends';
import { DIRECTION_LABELS, TREND_TOPIC_LABELS, type TrendAction } from './trend-action';
import { AREA_STATUS_LABELS, READINESS_LEVEL_LABELS } from './readiness';

export type Cell = string | number | null;

export interface FigureTable {
	/** Used in the CSV file name and the page's test ids. */
	id: string;
	title: string;
	columns: string[];
	rows: Cell[][];
}

/** The CSV's content: header + rows, empty cells for missing figures (never "null"). */
export function csvData(table: FigureTable): { fields: string[]; data: (string | number)[][] } {
	return { fields: table.columns, data: table.rows.map((row) => row.map((c) => (c === null ? '' : c))) };
}

function slug(text: string): string {
	return text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}

/** `waymark-meeting-targets-ks4-2026-27-autumn-1.csv`: says what it is and which filter. */
export function csvFilename(table: Pick<FigureTable, 'id'>, filterParts: readonly string[]): string {
	return `${['waymark', table.id, ...filterParts.map(slug)].filter(Boolean).join('-')}.csv`;
}

export function targetsTable(d: Dashboard): FigureTable {
	return {
		id: 'meeting-targets',
		title: 'Pupils meeting or exceeding targets',
		columns: [
			'Measure',
			'Meeting or exceeding (%)',
			'Meeting or exceeding',
			'Pupils judged',
			'Exceeding / above',
			'Meeting / on target',
			'Working towards / below',
			'No judgement'
		],
		rows: [
			[
				'Latest progress indicator (all subjects)',
				d.progress.percent,
				d.progress.exceeding + d.progress.meeting,
				d.progress.judged,
				d.progress.exceeding,
				d.progress.meeting,
				d.progress.workingTowards,
				d.progress.noJudgement
			],
			...d.attainment.map((a): Cell[] => [
				`${subjectLabel(a.subject)}: working-at against target`,
				a.percent,
				a.above + a.at,
				a.compared,
				a.above,
				a.at,
				a.below,
				a.notComparable
			])
		]
	};
}

export function attainmentTrendTable(d: Dashboard): FigureTable {
	return {
		id: 'attainment-attendance-behaviour',
		title: 'Attainment, attendance and behaviour over time',
		columns: [
			'Period',
			'Progress: meeting or exceeding (%)',
			...d.subjects.map((s) => `${subjectLabel(s)}: at or above target (%)`),
			'Attendance (%)',
			'Positive behaviour entries',
			'Negative behaviour entries'
		],
		rows: d.attainmentTrend.map((b, i) => [
			b.period.label,
			b.progress.percent,
			...b.bySubject.map((s) => s.percent),
			d.attendanceTrend[i]?.percent ?? null,
			d.behaviourTrend[i]?.positive ?? 0,
			d.behaviourTrend[i]?.negative ?? 0
		])
	};
}

export function atlTable(d: Dashboard): FigureTable {
	return {
		id: 'atl-distribution',
		title: 'Attitude to learning (ATL) on sent feedback forms',
		columns: [
			'Period',
			`4 ${ATL_LABELS[4]}`,
			`3 ${ATL_LABELS[3]}`,
			`2 ${ATL_LABELS[2]}`,
			`1 ${ATL_LABELS[1]}`,
			'Forms'
		],
		rows: d.atl.map((b) => [b.period.label, b.counts[4], b.counts[3], b.counts[2], b.counts[1], b.forms])
	};
}

export function attendanceTable(d: Dashboard): FigureTable {
	return {
		id: 'attendance',
		title: 'Attendance',
		columns: ['Period', 'Attendance (%)', 'Sessions attended', 'Sessions recorded'],
		rows: d.attendanceTrend.map((b) => [b.period.label, b.percent, b.present, b.recorded])
	};
}

export function behaviourTable(d: Dashboard): FigureTable {
	return {
		id: 'behaviour',
		title: 'Behaviour log entries',
		columns: ['Period', 'Positive', 'Negative'],
		rows: d.behaviourTrend.map((b) => [b.period.label, b.positive, b.negative])
	};
}

export function reintegrationTable(d: Dashboard): FigureTable {
	return {
		id: 'reintegrations',
		title: 'Reintegrations per term',
		columns: ['Term', 'Completed', 'Broken down'],
		rows: d.reintegrations.map((t) => [t.period.label, t.completed, t.brokenDown])
	};
}

export function readinessTable(d: Dashboard): FigureTable {
	return {
		id: 'readiness',
		title: 'Readiness for reintegration',
		columns: [
			'Pupil',
			'Year',
			'SEN',
			...d.subjects.map((s) => `${subjectLabel(s)} (working at / target)`),
			'Latest progress',
			'Attendance (%)',
			'Positive',
			'Negative',
			'Working at mainstream level',
			'Ready for reintegration'
		],
		rows: d.readiness.map((r) => [
			fullName(r.pupil),
			r.pupil.yearGroup,
			SEN_LABELS[r.pupil.senStatus],
			...d.subjects.map((s) => {
				const a = r.attainment.find((x) => x.subject === s);
				if (!a) return null;
				return `${a.workingAt} / ${a.target ?? 'no target'}${a.comparison ? ` (${COMPARISON_LABELS[a.comparison]})` : ''}`;
			}),
			r.latestProgress ? PROGRESS_LABELS[r.latestProgress] : null,
			r.attendancePercent,
			r.positive,
			r.negative,
			AREA_STATUS_LABELS[r.areas.attainment],
			READINESS_LEVEL_LABELS[r.readiness]
		])
	};
}

export function dashboardTables(d: Dashboard): FigureTable[] {
	return [
		targetsTable(d),
		attainmentTrendTable(d),
		atlTable(d),
		attendanceTable(d),
		behaviourTable(d),
		reintegrationTable(d),
		readinessTable(d)
	];
}

/**
 * Leaders' actions on trends ("what we are doing about it"), printed with the figures: the policy
 * asks leaders to support positive trends and address negative ones. Newest first.
 */
export function actionsTable(actions: readonly TrendAction[], pupilNames: ReadonlyMap<string, string>): FigureTable {
	return {
		id: 'actions-on-trends',
		title: 'Actions on trends',
		columns: [
			'Written',
			'By',
			'About',
			'Trend',
			'Positive or negative',
			'What the trend shows',
			'What we are doing about it',
			'Look again'
		],
		rows: [...actions]
			.filter((a) => !a.archived)
			.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
			.map((a) => [
				localToday(new Date(a.createdAt)),
				a.createdBy,
				a.pupilId ? (pupilNames.get(a.pupilId) ?? 'A pupil not in these figures') : 'Provision',
				TREND_TOPIC_LABELS[a.topic],
				DIRECTION_LABELS[a.direction],
				a.observed ?? null,
				a.action,
				a.reviewDate ?? null
			])
	};
}
