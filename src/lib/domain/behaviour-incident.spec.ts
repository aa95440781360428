import { describe, expect, it } from 'vitest';
import { makeDoc } from '$tests/test-factories';
import { behaviourSchema } from './behaviour';
import {
	allCategories,
	incidentDraft,
	incidentFacts,
	incidentFields,
	suspensionSchoolDays,
	suspensionText
} from './behaviour-incident';

const incident = makeDoc('behaviour', {
	date: '2026-10-05',
	polarity: 'negative',
	category: 'Physical aggression',
	otherCategories: ['Discriminatory / prejudice-related', 'Physical aggression'],
	description: 'Pushed another pupil at break and used a racist word.',
	time: '10:40',
	location: 'Playground',
	severity: 'high',
	pupilsInvolved: 'J.K. (target)',
	staffInvolved: 'Mr Evans, Ms Hill',
	actionTaken: 'Separated, restorative meeting planned.',
	carersInformed: {
		contactId: 'carerContact:01JD8Z3Q5W3M9X4K2T6B7C8D9E',
		name: 'Dana Ellis',
		date: '2026-10-05',
		time: '12:15'
	},
	physicalIntervention: { by: 'Mr Evans', details: 'Guided away by the arm (Team Teach)' },
	injury: 'Graze to J.K.’s elbow, first aid given',
	suspension: { type: 'suspension', startDate: '2026-10-09', endDate: '2026-10-13' }
});

describe('behaviour incidents', () => {
	it('accepts a full PRU incident and an entry written before incidents had details', () => {
		expect(behaviourSchema.safeParse(incident).success).toBe(true);
		expect(behaviourSchema.safeParse(makeDoc('behaviour')).success).toBe(true);
	});

	it('refuses parents told on a day before the incident', () => {
		const early = { ...incident, carersInformed: { name: 'Dana Ellis', date: '2026-10-04' } };
		const parsed = behaviourSchema.safeParse(early);
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues[0]?.message).toBe('Parents or carers cannot have been told before the day it happened');
	});

	it('counts the school days of a suspension, weekends left out (Fri 9 to Tue 13 Oct 2026 is 3)', () => {
		expect(suspensionSchoolDays({ type: 'suspension', startDate: '2026-10-09', endDate: '2026-10-13' })).toBe(3);
		expect(suspensionSchoolDays({ type: 'internal', startDate: '2026-10-05', endDate: '2026-10-05' })).toBe(1);
		expect(suspensionSchoolDays({ type: 'suspension', startDate: '2026-10-05' })).toBeNull();
		expect(
			suspensionSchoolDays({ type: 'permanent-exclusion', startDate: '2026-10-05', endDate: '2026-10-06' })
		).toBeNull();
	});

	it('says a suspension in a sentence', () => {
		expect(suspensionText(incident.suspension!)).toBe(
			'Suspension (fixed period), 9 Oct 2026 to 13 Oct 2026 (3 school days)'
		);
		expect(suspensionText({ type: 'permanent-exclusion', startDate: '2026-10-09' })).toBe(
			'Permanent exclusion from 9 Oct 2026'
		);
	});

	it('lists every category once, the main one first', () => {
		expect(allCategories(incident)).toEqual(['Physical aggression', 'Discriminatory / prejudice-related']);
	});

	it('lists the incident details in the order the form asks, none for a quick entry', () => {
		expect(incidentFacts(incident)).toEqual([
			{ label: 'Time', text: '10:40' },
			{ label: 'Where', text: 'Playground' },
			{ label: 'Severity', text: 'High' },
			{ label: 'Other pupils involved', text: 'J.K. (target)' },
			{ label: 'Staff involved', text: 'Mr Evans, Ms Hill' },
			{ label: 'Parents or carers informed', text: 'Dana Ellis, 5 Oct 2026 at 12:15' },
			{ label: 'Physical intervention', text: 'by Mr Evans: Guided away by the arm (Team Teach)' },
			{ label: 'Injury', text: 'Graze to J.K.’s elbow, first aid given' },
			{ label: 'Suspension', text: 'Suspension (fixed period), 9 Oct 2026 to 13 Oct 2026 (3 school days)' }
		]);
		expect(incidentFacts(makeDoc('behaviour'))).toEqual([]);
	});
});

describe('the incident part of the behaviour form', () => {
	it('saves nothing extra for a quick entry', () => {
		const fields = incidentFields(incidentDraft(undefined, '2026-10-05'), 'positive', 'Effort');
		expect(Object.values(fields).filter((v) => v !== undefined)).toEqual([]);
	});

	it('gives back the details of the entry being corrected', () => {
		const draft = incidentDraft(incident, '2026-11-01');
		const fields = incidentFields(draft, 'negative', incident.category);
		expect(fields).toMatchObject({
			time: '10:40',
			severity: 'high',
			otherCategories: ['Discriminatory / prejudice-related'],
			carersInformed: incident.carersInformed,
			physicalIntervention: incident.physicalIntervention,
			suspension: incident.suspension
		});
	});

	it('leaves incident-only details off a positive entry, and the end date off a permanent exclusion', () => {
		const draft = { ...incidentDraft(incident, '2026-11-01'), suspensionType: 'permanent-exclusion' as const };
		expect(incidentFields(draft, 'negative', 'Damage').suspension).toEqual({
			type: 'permanent-exclusion',
			startDate: '2026-10-09'
		});
		const positive = incidentFields(draft, 'positive', 'Effort');
		expect([positive.severity, positive.physicalIntervention, positive.injury, positive.suspension]).toEqual([
			undefined,
			undefined,
			undefined,
			undefined
		]);
	});
});
