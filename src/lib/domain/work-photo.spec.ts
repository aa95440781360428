import { describe, expect, it } from 'vitest';
import { base64Bytes, fitWithin, storageVerdict } from './work-photo';

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
