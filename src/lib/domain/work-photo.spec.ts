import { describe, expect, it } from 'vitest';
import { base64Bytes, cropBox, fitWithin, NO_TRIM, storageVerdict } from './work-photo';

describe('sizing a photographed page', () => {
	it('scales a 12 MP camera picture so its long edge is 1600 px', () => {
		expect(fitWithin(4000, 3000, 1600)).toEqual({ width: 1600, height: 1200 });
		expect(fitWithin(3024, 4032, 1600)).toEqual({ width: 1200, height: 1600 });
	});

	it('never enlarges a small picture', () => {
		expect(fitWithin(800, 600, 1600)).toEqual({ width: 800, height: 600 });
	});

	it('counts the bytes behind base64 text', () => {
		expect(base64Bytes('QUJD')).toBe(3);
		expect(base64Bytes('QUI=')).toBe(2);
		expect(base64Bytes('QQ==')).toBe(1);
	});
});

describe('room on the tablet for photos', () => {
	it('is fine under 70% full', () => {
		expect(storageVerdict(69, 100)).toEqual({ kind: 'ok' });
		expect(storageVerdict(undefined, undefined)).toEqual({ kind: 'ok' });
	});

	it('warns from 70% and refuses from 90%, saying how full it is', () => {
		expect(storageVerdict(70, 100)).toMatchObject({ kind: 'warn', message: expect.stringMatching(/70% full/) });
		expect(storageVerdict(905, 1000)).toMatchObject({ kind: 'refuse', message: expect.stringMatching(/91% full/) });
	});
});

describe('cropBox', () => {
	it('cuts each edge by its percentage of the page', () => {
		// 10% of 1600 = 160 from the left, 5% = 80 from the right; 25% of 1200 = 300 from the top.
		expect(cropBox(1600, 1200, { top: 25, right: 5, bottom: 0, left: 10 })).toEqual({
			x: 160,
			y: 300,
			width: 1360,
			height: 900
		});
	});

	it('leaves the page whole with no trim', () => {
		expect(cropBox(1600, 1200, NO_TRIM)).toEqual({ x: 0, y: 0, width: 1600, height: 1200 });
	});

	it('never crops a page to less than a fifth each way: opposite trims are cut back evenly', () => {
		// 60% + 60% would leave nothing; cut back to 40% + 40%, leaving the middle 20% (320 px of 1600).
		expect(cropBox(1600, 1000, { top: 0, right: 60, bottom: 0, left: 60 })).toEqual({
			x: 640,
			y: 0,
			width: 320,
			height: 1000
		});
	});

	it('treats trims outside 0–100% as the nearest edge', () => {
		expect(cropBox(1000, 1000, { top: -5, right: 0, bottom: 150, left: 0 })).toEqual({
			x: 0,
			y: 0,
			width: 1000,
			height: 200
		});
	});
});
