import { beforeEach, describe, expect, it } from 'vitest';
import * as hostWork from './host-work';
import * as lessons from './lessons';
import * as parentContacts from './parent-contacts';
import * as pupils from './pupils';
import { freshDatabase } from '$tests/test-db';
import * as today from './today';
import { pupilInput } from '$tests/test-factories';

const DAY = '2026-11-23'; // a Monday in Autumn 2

beforeEach(() => {
	freshDatabase();
});

describe('Today from the tablet’s records', () => {
	it('lists the register, an unregistered lesson, the call and the host work due, and drops the call once made', async () => {
		const made = await pupils.create(
			pupilInput({
				givenName: 'Ava',
				familyName: 'Test',
				dateOfBirth: '2012-03-04',
				yearGroup: 9,
				hostSchool: 'Riverside'
			})
		);
		if (!made.ok) throw new Error(made.message);
		const id = made.record._id;
		await lessons.create({
			date: DAY,
			subject: 'maths',
			topic: 'Fractions',
			teacher: 'teacher1',
			pupilIds: [id],
			present: []
		});
		await hostWork.create({
			pupilId: id,
			subject: 'english',
			description: 'Essay',
			receivedDate: '2026-11-01',
			dueDate: '2026-11-20',
			status: 'set'
		});

		const before = await today.sections(DAY);
		expect(before.map((s) => s.kind)).toEqual(expect.arrayContaining(['register', 'lesson', 'call', 'host-work']));
		expect(before.find((s) => s.kind === 'call')?.items[0]?.title).toBe('Ava Test');

		await parentContacts.log({ pupilId: id, date: DAY, contactName: 'Mum', method: 'phone', outcome: 'spoke' });
		expect((await today.sections(DAY)).map((s) => s.kind)).not.toContain('call');
	});
});
