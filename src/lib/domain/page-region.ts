import { z } from 'zod';
import { docId } from './common';

/**
 * A part of a photographed page that a marking note points at ("this working here"), kept as
 * fractions of the page so it stays put at any size the page is shown or printed.
 */
export const pageRegionSchema = z
	.looseObject({
		photoId: docId('workPhoto'),
		x: z.number().min(0).max(1),
		y: z.number().min(0).max(1),
		w: z.number().gt(0).max(1),
		h: z.number().gt(0).max(1)
	})
	// A little slack for rounding: 0.3 + 0.7 is not exactly 1 in floating point.
	.refine((r) => r.x + r.w <= 1.0001 && r.y + r.h <= 1.0001, { error: 'The marked part must lie on the page' });

export type PageRegion = z.infer<typeof pageRegionSchema>;

/** A region smaller than this share of the page each way is a stray tap, not a box. */
export const MIN_REGION_SHARE = 0.02;

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * The region between two corners of a drag, in page pixels, as fractions of the page; null for a
 * stray tap. Corners may be given in any order and may fall off the page (a drag past the edge).
 */
export function regionFromDrag(
	photoId: string,
	from: { x: number; y: number },
	to: { x: number; y: number },
	page: { width: number; height: number }
): PageRegion | null {
	const x1 = clamp01(Math.min(from.x, to.x) / page.width);
	const x2 = clamp01(Math.max(from.x, to.x) / page.width);
	const y1 = clamp01(Math.min(from.y, to.y) / page.height);
	const y2 = clamp01(Math.max(from.y, to.y) / page.height);
	if (x2 - x1 < MIN_REGION_SHARE || y2 - y1 < MIN_REGION_SHARE) return null;
	return { photoId, x: round4(x1), y: round4(y1), w: round4(x2 - x1), h: round4(y2 - y1) };
}

/** Where a region lies on a page shown at `width` × `height` (pixels of that page). */
export function regionBox(region: PageRegion, width: number, height: number) {
	return { x: region.x * width, y: region.y * height, width: region.w * width, height: region.h * height };
}

/** "the top left of page 2": how a region is said aloud and printed. */
export function describeRegion(region: PageRegion, pageNumber: number): string {
	const cx = region.x + region.w / 2;
	const cy = region.y + region.h / 2;
	const across = cx < 1 / 3 ? 'left' : cx > 2 / 3 ? 'right' : 'middle';
	const down = cy < 1 / 3 ? 'top' : cy > 2 / 3 ? 'bottom' : 'middle';
	const where =
		across === down ? 'middle' : down === 'middle' ? `${across}` : across === 'middle' ? down : `${down} ${across}`;
	return `the ${where} of page ${pageNumber}`;
}
