import { OUTCOME_LABELS, type ExitTicket } from './exit-ticket';

/** One point of a pupil's exit-ticket history: 0..1 so scores and outcomes share a chart. */
export interface HistoryPoint {
	date: string;
	topic: string;
	/** 0 (not yet / nothing right) to 1 (secure / full marks). */
	value: number;
	/** What the teacher gave, in words: "7 / 10" or "Developing". */
	label: string;
	ticketId: string;
}

export interface SubjectHistory {
	subject: string;
	points: HistoryPoint[];
}

const OUTCOME_VALUE = { secure: 1, developing: 0.5, 'not-yet': 0 } as const;

export function ticketValue(t: Pick<ExitTicket, 'score' | 'maxScore' | 'outcome'>): number | null {
	if (t.outcome) return OUTCOME_VALUE[t.outcome];
	if (t.score !== undefined && t.maxScore) return Math.min(1, Math.max(0, t.score / t.maxScore));
	return null;
}

export function ticketLabel(t: Pick<ExitTicket, 'score' | 'maxScore' | 'outcome'>): string {
	if (t.outcome) return OUTCOME_LABELS[t.outcome];
	return `${t.score} / ${t.maxScore}`;
}

/** A pupil's exit tickets per subject (alphabetical), each in date order; archived ones left out. */
export function historyBySubject(tickets: ExitTicket[]): SubjectHistory[] {
	const bySubject = new Map<string, HistoryPoint[]>();
	for (const t of tickets) {
		const value = ticketValue(t);
		if (t.archived || value === null) continue;
		const point = { date: t.date, topic: t.topic, value, label: ticketLabel(t), ticketId: t._id };
		bySubject.set(t.subject, [...(bySubject.get(t.subject) ?? []), point]);
	}
	return [...bySubject.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([subject, points]) => ({
			subject,
			points: points.sort((a, b) => a.date.localeCompare(b.date) || a.ticketId.localeCompare(b.ticketId))
		}));
}

/** SVG polyline points for a sparkline `width`×`height`, top = 1, with a small inset. */
export function sparklinePoints(
	values: number[],
	width: number,
	height: number,
	inset = 4
): { x: number; y: number }[] {
	if (values.length === 0) return [];
	const step = values.length === 1 ? 0 : (width - 2 * inset) / (values.length - 1);
	return values.map((v, i) => ({
		x: Math.round((values.length === 1 ? width / 2 : inset + i * step) * 10) / 10,
		y: Math.round((inset + (1 - v) * (height - 2 * inset)) * 10) / 10
	}));
}
