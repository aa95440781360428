import { describe, expect, it } from 'vitest';
import {
	endDateProblem,
	isSharedForVisit,
	isVisitOver,
	parseVisitDbName,
	visitDbName,
	visitRequestSchema
} from './visit';

const visit = { pupilIds: ['pupil:A'], groups: ['work', 'reports'] as const };
const doc = (type: string, extra: Record<string, unknown> = {}) => ({ _id: `${type}:X`, type, ...extra });

describe('what a visit shares', () => {
	it('the chosen pupil and their records of the chosen kinds, and the settings', () => {
		expect(isSharedForVisit({ _id: 'pupil:A', type: 'pupil' }, { ...visit, groups: [...visit.groups] })).toBe(true);
		expect(isSharedForVisit(doc('markingNote', { pupilId: 'pupil:A' }), { ...visit, groups: [...visit.groups] })).toBe(
			true
		);
		expect(
			isSharedForVisit(doc('progressReport', { pupilId: 'pupil:A' }), { ...visit, groups: [...visit.groups] })
		).toBe(true);
		expect(isSharedForVisit(doc('settings'), { ...visit, groups: [...visit.groups] })).toBe(true);
	});

	it('never another pupil, a kind not chosen, a withdrawn record or a lesson naming others', () => {
		const v = { ...visit, groups: [...visit.groups] };
		expect(isSharedForVisit({ _id: 'pupil:B', type: 'pupil' }, v)).toBe(false);
		expect(isSharedForVisit(doc('markingNote', { pupilId: 'pupil:B' }), v)).toBe(false);
		expect(isSharedForVisit(doc('behaviour', { pupilId: 'pupil:A' }), v)).toBe(false);
		expect(isSharedForVisit(doc('parentContact', { pupilId: 'pupil:A' }), v)).toBe(false);
		expect(isSharedForVisit(doc('markingNote', { pupilId: 'pupil:A', archived: true }), v)).toBe(false);
		expect(isSharedForVisit(doc('lesson'), v)).toBe(false);
	});

	it('shares work, progress and reports when nothing is chosen; never contacts or behaviour', () => {
		const parsed = visitRequestSchema.parse({ visitor: 'visitor1', pupilIds: ['pupil:A'], endsOn: '2026-12-18' });
		expect(parsed.groups).toEqual(['work', 'progress', 'reports']);
	});
});

describe('the end of a visit', () => {
	it('is open through its end date and over the day after', () => {
		expect(isVisitOver('2026-12-18', '2026-12-18')).toBe(false);
		expect(isVisitOver('2026-12-18', '2026-12-19')).toBe(true);
		expect(endDateProblem('2026-12-17', '2026-12-18')).toBe('The end date has passed: choose today or a later day.');
		expect(endDateProblem('2026-12-18', '2026-12-18')).toBeNull();
	});

	it('its database name says whose visit it is and parses back', () => {
		expect(visitDbName('north-side', '0123456789ab')).toBe('visit-north-side-0123456789ab');
		expect(parseVisitDbName('visit-north-side-0123456789ab')).toEqual({ org: 'north-side', id: '0123456789ab' });
		expect(parseVisitDbName('waymark-demo')).toBeNull();
	});
});
