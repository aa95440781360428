/**
 * How a chart draws a table: which columns become lines. Colour is never the only signal: each
 * line also has its own dash pattern, repeated in the legend beside its name.
 */
export interface ChartSeries {
	/** Column index in the table. */
	column: number;
	label: string;
}

export const LINE_STYLES: { stroke: string; dash: number[] }[] = [
	{ stroke: '#1d4e5f', dash: [] },
	{ stroke: '#b34d00', dash: [10, 6] },
	{ stroke: '#6c3483', dash: [3, 4] },
	{ stroke: '#256b3a', dash: [12, 4, 3, 4] },
	{ stroke: '#a5281b', dash: [6, 3] }
];

/** "2026-27 Autumn 1" → "Autumn 1": the school year is in the chart's caption, not every tick. */
export function shortLabel(label: string): string {
	return label.replace(/^\d{4}-\d{2}\s+/, '');
}
