/**
 * Where pupils go when they leave, and which of those the policy counts as a reintegration: the
 * policy records "how many pupils have successfully reintegrated into mainstream education", so
 * a return to the host school or a move to another mainstream school counts; a special school,
 * post-16 education or training, NEET (not in education, employment or training) or moving away
 * does not.
 */
export const LEAVER_DESTINATIONS = [
	'host-school',
	'another-school',
	'special-school',
	'post-16',
	'neet',
	'moved-away',
	'other'
] as const;

export type LeaverDestination = (typeof LEAVER_DESTINATIONS)[number];

export const DESTINATION_LABELS: Record<LeaverDestination, string> = {
	'host-school': 'Reintegrated to the host school',
	'another-school': 'Another mainstream school',
	'special-school': 'Special school',
	'post-16': 'Post-16 education or training',
	neet: 'NEET (not in education, employment or training)',
	'moved-away': 'Moved away',
	other: 'Other'
};

const MAINSTREAM: ReadonlySet<LeaverDestination> = new Set(['host-school', 'another-school']);

/** Counted as a successful reintegration into mainstream education. */
export function countsAsReintegration(destination: LeaverDestination): boolean {
	return MAINSTREAM.has(destination);
}

/**
 * Pupils whose recorded destination is not mainstream: their reintegration records are not
 * counted in the reintegration figures (a pupil without a destination yet is counted as before).
 */
export function notReintegrated(pupils: readonly { _id: string; destination?: LeaverDestination }[]): Set<string> {
	return new Set(pupils.filter((p) => p.destination && !countsAsReintegration(p.destination)).map((p) => p._id));
}

/** Leavers in a period by destination, and how many the policy counts as reintegrated. */
export function leaverSummary(
	pupils: readonly { status: string; endDate?: string; destination?: LeaverDestination; archived?: boolean }[],
	period: { start: string; end: string }
): { byDestination: Record<LeaverDestination | 'not-recorded', number>; reintegrated: number; left: number } {
	const byDestination = Object.fromEntries([...LEAVER_DESTINATIONS, 'not-recorded'].map((d) => [d, 0])) as Record<
		LeaverDestination | 'not-recorded',
		number
	>;
	let reintegrated = 0;
	let left = 0;
	for (const p of pupils) {
		if (p.archived || p.status === 'active' || !p.endDate || p.endDate < period.start || p.endDate > period.end)
			continue;
		left++;
		byDestination[p.destination ?? 'not-recorded']++;
		if (p.destination && countsAsReintegration(p.destination)) reintegrated++;
	}
	return { byDestination, reintegrated, left };
}
