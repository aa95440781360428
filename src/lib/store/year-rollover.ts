import type { LeaverDestination } from '$lib/domain/leavers';
import { rolloverChanges, rolloverPreview, type RolloverPreview } from '$lib/domain/year-rollover';
import { db } from './db';
import * as pupils from './pupils';

/** What the September rollover would do today; nothing is written. */
export async function preview(today: string): Promise<RolloverPreview> {
	return rolloverPreview(await pupils.list(), today);
}

/**
 * Apply a confirmed rollover: every pupil's edit in ONE transaction (all or none). Each is an
 * ordinary edit, so it syncs, and a rival offline edit of the same pupil meets it as a conflict.
 */
export async function confirm(
	planned: RolloverPreview,
	destinations: Readonly<Record<string, LeaverDestination | undefined>>
): Promise<{ ok: true; moved: number; left: number } | { ok: false; message: string }> {
	const plan = rolloverChanges(planned, destinations);
	if (!plan.ok) return plan;
	try {
		await db.transaction('rw', [db.records('pupil'), db.outbox], async () => {
			for (const change of plan.changes) {
				const saved = await pupils.update(change.pupilId, change.patch);
				if (!saved.ok) throw new Error(saved.message); // rolls the whole rollover back
			}
		});
	} catch (error) {
		return { ok: false, message: `Nothing was changed: ${(error as Error).message}` };
	}
	return { ok: true, moved: planned.moveUp.length, left: planned.leavers.length };
}
