import { isRecordType } from '$lib/domain/kinds';
import { RECORD_TYPE_LABELS } from '$lib/domain/record-labels';
import type { RetentionDeletion } from '$lib/domain/retention-deletion';
import type { RetentionReportData } from '$lib/sync/retention-api';

/** A deletion certificate as a file the DPO keeps: plain text (what, when, who, rule, ids and their hash). */
export function certificateText(c: RetentionDeletion): string {
	return [
		'Waymark deletion certificate',
		`Certificate: ${c._id}`,
		`Deleted at: ${c.deletedAt}`,
		`Deleted by: ${c.deletedBy}`,
		`Rule: ${c.ruleTitle} — ${c.period}`,
		`Policy: ${c.policy}`,
		`Records: ${c.count} (${c.kinds.map((k) => `${k.count} ${k.type}`).join(', ')}) of ${c.pupilCount} pupil(s)`,
		`SHA-256 of the sorted ids, one per line: ${c.idsSha256}`,
		'Ids:',
		...c.ids,
		''
	].join('\n');
}

/** The report as CSV: one row per record due or for review, with its rule. */
export function reportCsv(report: RetentionReportData): string {
	const rows = [['rule', 'status', 'record', 'kind', 'pupil', 'due on', 'reason']];
	const names = new Map(report.groups.flatMap((g) => g.pupils.map((p) => [p.id, p.name] as const)));
	for (const g of report.groups) {
		const title = report.schedule.find((r) => r.group === g.group)?.title ?? g.group;
		for (const [status, items] of [
			['due', g.due],
			['review', g.review]
		] as const)
			for (const i of items)
				rows.push([
					title,
					status,
					i.id,
					i.type,
					i.pupilId ? (names.get(i.pupilId) ?? i.pupilId) : '',
					i.dueOn,
					i.reason
				]);
	}
	return rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';
}

/** "attendance mark", "plan": what a kind of record is called on screen. */
export const kindName = (type: string) => (isRecordType(type) ? RECORD_TYPE_LABELS[type] : type);

/** "2 attendance marks, 1 plan". */
export function kindsText(items: { type: string }[]): string {
	const counts = new Map<string, number>();
	for (const i of items) counts.set(i.type, (counts.get(i.type) ?? 0) + 1);
	return [...counts].map(([t, n]) => `${n} ${kindName(t)}${n === 1 ? '' : 's'}`).join(', ');
}
