/** What a tablet remembered, outside its database, about records that had not reached the server. */
export interface LostRecordsReport {
	/** How many records were waiting. */
	count: number;
	/** When the oldest of them was saved (ISO date-time). */
	since: string | null;
	/** Names a teacher recognises, for the first few of them. */
	names: string[];
}

/** "09:14 on Mon 30 Nov", in the tablet's own time zone. */
function whenSaved(iso: string): string {
	const at = new Date(iso);
	if (Number.isNaN(at.getTime())) return 'an unknown time';
	const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
	const day = at.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
	return `${time} on ${day}`;
}

/**
 * The plain words shown when the browser's storage was cleared before some records were sent:
 * how many, which, and since when, so the teacher knows exactly what to enter again.
 */
export function describeLostRecords(report: LostRecordsReport): { title: string; detail: string } {
	const { count, names } = report;
	const records = count === 1 ? '1 record' : `${count} records`;
	const since = report.since ? ` saved since ${whenSaved(report.since)}` : '';
	const more = count > names.length ? `, and ${count - names.length} more` : '';
	return {
		title: `This tablet’s storage was cleared before ${records}${since} reached the server.`,
		detail: `${count === 1 ? 'It is' : 'They are'} no longer on this tablet or the server: ${names.join('; ')}${more}. Please enter ${count === 1 ? 'it' : 'them'} again.`
	};
}
