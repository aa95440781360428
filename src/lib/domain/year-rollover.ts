/**
 * Issue 19 item 17: year groups move up at the start of each school year (1 September), and with
 * them key stage, grade scale, progress basis, the 2-term rule and the Trends filters. Nothing moves
 * by itself: the office sees a preview ("32 pupils move up; 4 in Year 11 will be marked as leavers
 * — choose each one's destination"), can go back without a change, and confirms. Pupils in Year 11
 * (and beyond) leave at the end of the school year before. Records keep the year group they were
 * made in through `yearGroupOn` (pupil.ts), which counts from the school year each pupil's stored
 * year group is for.
 */
import { schoolYearStart, yearGroupSchoolYear, type Pupil, type PupilInput } from './pupil';
import type { LeaverDestination } from './leavers';

/** The last year group of school age here: pupils in it leave at the end of the school year. */
export const FINAL_YEAR_GROUP = 11;

export interface MoveUp {
	pupil: Pupil;
	from: number;
	to: number;
}

export interface RolloverPreview {
	/** The school year moved into, by its first calendar year (2026 for 2026-27). */
	schoolYear: number;
	moveUp: MoveUp[];
	/** Pupils in the final year group (or past it) during the school year that ended. */
	leavers: MoveUp[];
}

/** Pupils on roll whose year group is for an earlier school year than today's. */
export function rolloverPreview(pupils: readonly Pupil[], today: string): RolloverPreview {
	const schoolYear = schoolYearStart(today);
	const moveUp: MoveUp[] = [];
	const leavers: MoveUp[] = [];
	for (const pupil of pupils) {
		if (pupil.archived || pupil.status !== 'active') continue;
		const years = schoolYear - yearGroupSchoolYear(pupil);
		if (years <= 0) continue;
		const lastYear = pupil.yearGroup + years - 1;
		if (lastYear >= FINAL_YEAR_GROUP) leavers.push({ pupil, from: pupil.yearGroup, to: pupil.yearGroup + years });
		else moveUp.push({ pupil, from: pupil.yearGroup, to: pupil.yearGroup + years });
	}
	return { schoolYear, moveUp, leavers };
}

const pupils = (n: number) => `${n} ${n === 1 ? 'pupil' : 'pupils'}`;

/** The preview's headline, as the office reads it before confirming. */
export function rolloverSummary(preview: RolloverPreview): string {
	const label = `${preview.schoolYear}-${String(preview.schoolYear + 1).slice(2)}`;
	if (!preview.moveUp.length && !preview.leavers.length) return `Every pupil's year group is already for ${label}.`;
	const up = `${pupils(preview.moveUp.length)} ${preview.moveUp.length === 1 ? 'moves' : 'move'} up for ${label}`;
	if (!preview.leavers.length) return `${up}.`;
	return `${up}; ${preview.leavers.length} in Year ${FINAL_YEAR_GROUP} will be marked as leavers — choose each one's destination.`;
}

export interface RolloverChange {
	pupilId: string;
	patch: Partial<PupilInput>;
}

/**
 * The edits the confirmed rollover makes: each pupil moving up gets the new year group for the new
 * school year; each leaver is marked left on 31 August with the destination chosen. Refused (with
 * the names) while a leaver has no destination.
 */
export function rolloverChanges(
	preview: RolloverPreview,
	destinations: Readonly<Record<string, LeaverDestination | undefined>>
): { ok: true; changes: RolloverChange[] } | { ok: false; message: string } {
	const missing = preview.leavers.filter((l) => !destinations[l.pupil._id]);
	if (missing.length)
		return {
			ok: false,
			message: `Choose a destination for ${missing.map((l) => `${l.pupil.givenName} ${l.pupil.familyName}`).join(', ')} before confirming.`
		};
	return {
		ok: true,
		changes: [
			...preview.moveUp.map((m) => ({
				pupilId: m.pupil._id,
				patch: { yearGroup: m.to, yearGroupSchoolYear: preview.schoolYear }
			})),
			...preview.leavers.map((l) => ({
				pupilId: l.pupil._id,
				patch: {
					status: 'left' as const,
					endDate: `${preview.schoolYear}-08-31`,
					destination: destinations[l.pupil._id]
				}
			}))
		]
	};
}
