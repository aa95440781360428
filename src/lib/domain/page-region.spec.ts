import { describe, expect, it } from 'vitest';
import { describeRegion, pageRegionSchema, regionBox, regionFromDrag } from './page-region';

const PHOTO = 'workPhoto:01JD8Z3Q4R5S6T7V8W9X0Y1Z2A';
const PAGE = { width: 1600, height: 1200 };

describe('regionFromDrag', () => {
	it('turns a drag from bottom right to top left into the box between them, as fractions of the page', () => {
		// 400..1200 of 1600 across = 0.25..0.75; 300..900 of 1200 down = 0.25..0.75.
		expect(regionFromDrag(PHOTO, { x: 1200, y: 900 }, { x: 400, y: 300 }, PAGE)).toEqual({
			photoId: PHOTO,
			x: 0.25,
			y: 0.25,
			w: 0.5,
			h: 0.5
		});
	});

	it('keeps a drag that runs off the page on the page', () => {
		expect(regionFromDrag(PHOTO, { x: -50, y: 600 }, { x: 800, y: 1500 }, PAGE)).toEqual({
			photoId: PHOTO,
			x: 0,
			y: 0.5,
			w: 0.5,
			h: 0.5
		});
	});

	it('treats a tap or a thin line as no region (under 2% of the page either way)', () => {
		expect(regionFromDrag(PHOTO, { x: 100, y: 100 }, { x: 102, y: 400 }, PAGE)).toBeNull();
		expect(regionFromDrag(PHOTO, { x: 100, y: 100 }, { x: 600, y: 110 }, PAGE)).toBeNull();
	});
});

describe('pageRegionSchema', () => {
	it('accepts a region on the page and keeps fields it does not know', () => {
		const parsed = pageRegionSchema.parse({ photoId: PHOTO, x: 0.3, y: 0.1, w: 0.7, h: 0.2, label: 'Q3' });
		expect(parsed).toMatchObject({ label: 'Q3' });
	});

	it('refuses a region that runs off the page', () => {
		expect(pageRegionSchema.safeParse({ photoId: PHOTO, x: 0.5, y: 0, w: 0.6, h: 0.2 }).success).toBe(false);
		expect(pageRegionSchema.safeParse({ photoId: PHOTO, x: 0, y: 0, w: 0, h: 0.2 }).success).toBe(false);
	});
});

describe('regionBox and describeRegion', () => {
	it('places a region on a page shown at another size', () => {
		expect(regionBox({ photoId: PHOTO, x: 0.25, y: 0.5, w: 0.5, h: 0.25 }, 800, 600)).toEqual({
			x: 200,
			y: 300,
			width: 400,
			height: 150
		});
	});

	it('says where on the page a region is', () => {
		expect(describeRegion({ photoId: PHOTO, x: 0, y: 0, w: 0.2, h: 0.2 }, 2)).toBe('the top left of page 2');
		expect(describeRegion({ photoId: PHOTO, x: 0.4, y: 0.8, w: 0.2, h: 0.2 }, 1)).toBe('the bottom of page 1');
		expect(describeRegion({ photoId: PHOTO, x: 0.4, y: 0.4, w: 0.2, h: 0.2 }, 3)).toBe('the middle of page 3');
		expect(describeRegion({ photoId: PHOTO, x: 0.8, y: 0.4, w: 0.2, h: 0.2 }, 1)).toBe('the right of page 1');
	});
});
