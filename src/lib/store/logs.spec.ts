import { beforeEach, describe, expect, it } from 'vitest';
import type { PupilInput } from '$lib/domain/pupil';
import * as attendance from './attendance';
import * as behaviour from './behaviour';
import type { WaymarkDb } from './db';
import * as hostWork from './host-work';
import * as parentContacts from './parent-contacts';
import * as pupils from './pupils';
import * as settings from './settings';
import { DEFAULT_SETTINGS } from '$lib/domain/settings';
import { freshDatabase } from '$tests/test-db';
import { pupilInput } from '$tests/test-factories';

const child = (givenName: string, o: Partial<PupilInput> = {}): PupilInput =>
	pupilInput({ givenName, familyName: 'Test', dateOfBirth: '2012-03-04', yearGroup: 9, ...o });

async function add(p: PupilInput) {
	const r = await pupils.create(p);
	if (!r.ok) throw new Error(r.message);
	return r.record;
}

let db: WaymarkDb;
beforeEach(() => {
	db = freshDatabase();
});

describe('attendance register', () => {
	it('all present marks everyone on roll, keeps an absence already entered, and queues each mark for sync', async () => {
		const [a, b] = [await add(child('Ava')), await add(child('Ben'))];
		await add(child('Gone', { status: 'left' }));
		await attendance.setMark(b._id, '2026-11-23', 'am', 'authorised-absence');
		expect(await attendance.markAllPresent('2026-11-23', 'am')).toMatchObject({ added: 1, failed: 0 });
		const reg = await attendance.register('2026-11-23', 'am');
		expect(reg.pupils).toHaveLength(2);
		expect(reg.marks.get(a._id)?.mark).toBe('present');
		expect(reg.marks.get(b._id)?.mark).toBe('authorised-absence');
		expect((await db.outbox.toArray()).filter((e) => e.type === 'attendance')).toHaveLength(2);
	});

	it('changing a mark corrects it rather than adding a second mark for the session', async () => {
		const a = await add(child('Ava'));
		await attendance.markAllPresent('2026-11-23', 'am');
		await attendance.setMark(a._id, '2026-11-23', 'am', 'late');
		expect(await db.records('attendance').count()).toBe(1);
		expect((await attendance.statusFor('2026-11-23')).map((s) => s.state)).toEqual(['taken', 'not-taken']);
		expect(await attendance.summaryForPupil(a._id)).toEqual({ present: 1, recorded: 1, percent: 100 });
	});
});

describe('parent calls', () => {
	it('uses the organisation’s interval, and a no-answer call leaves the pupil due', async () => {
		const a = await add(child('Ava'));
		await settings.save({ ...DEFAULT_SETTINGS, parentCallIntervalDays: 21 });
		await parentContacts.log({
			pupilId: a._id,
			date: '2026-11-01',
			contactName: 'Mum',
			method: 'phone',
			outcome: 'spoke'
		});
		await parentContacts.log({
			pupilId: a._id,
			date: '2026-11-22',
			contactName: 'Mum',
			method: 'phone',
			outcome: 'no-answer'
		});
		const [status] = await parentContacts.statuses('2026-11-23');
		expect(status).toMatchObject({ dueDate: '2026-11-22', state: 'overdue' });
		expect(status!.pupil.givenName).toBe('Ava');
	});

	it('refuses a call with no contact name, in plain English, and stores nothing', async () => {
		const a = await add(child('Ava'));
		const r = await parentContacts.log({
			pupilId: a._id,
			date: '2026-11-01',
			contactName: '  ',
			method: 'phone',
			outcome: 'spoke'
		});
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.contactName).toBe('Who was contacted is required');
		expect(await db.records('parentContact').count()).toBe(0);
	});
});

describe('host-school work', () => {
	it('returning work records the day; moving it back clears that date', async () => {
		const a = await add(child('Ava'));
		const made = await hostWork.create({
			pupilId: a._id,
			subject: 'english',
			description: 'Essay',
			receivedDate: '2026-11-01',
			status: 'set',
			dueDate: '2026-11-20'
		});
		if (!made.ok) throw new Error(made.message);
		const back = await hostWork.setStatus(made.record._id, 'returned', '2026-11-23');
		expect(back.ok && back.record.returnedDate).toBe('2026-11-23');
		const again = await hostWork.setStatus(made.record._id, 'in-progress', '2026-11-24');
		expect(again.ok && again.record.returnedDate).toBeUndefined();
		expect((await hostWork.list(a._id))[0]?.pupil.givenName).toBe('Ava');
	});
});

describe('correcting and withdrawing log entries', () => {
	it('a changed behaviour entry replaces the old in the log and keeps the old as its earlier version', async () => {
		const [ava, ben] = [await add(child('Ava')), await add(child('Ben'))];
		const wrong = await behaviour.log({
			pupilId: ava._id,
			date: '2026-11-23',
			polarity: 'negative',
			category: 'Disruption',
			description: 'Threw a chair'
		});
		if (!wrong.ok) throw new Error(wrong.message);
		// Logged against the wrong child: corrected to Ben.
		const right = await behaviour.correct(wrong.record._id, {
			pupilId: ben._id,
			date: '2026-11-23',
			polarity: 'negative',
			category: 'Disruption',
			description: 'Threw a chair'
		});
		if (!right.ok) throw new Error(right.message);
		expect(await behaviour.forPupil(ava._id)).toEqual([]);
		expect((await behaviour.forPupil(ben._id)).map((e) => e._id)).toEqual([right.record._id]);
		expect(right.record.supersedes).toBe(wrong.record._id);
		const earlier = await behaviour.earlierVersions(right.record);
		expect(earlier.map((e) => [e.pupilId, e.archived])).toEqual([[ava._id, true]]);
		// Both sync: the withdrawn one as history.
		expect(await db.outbox.count()).toBe(4);
	});

	it('refuses to change an entry that was withdrawn meanwhile, and stores nothing', async () => {
		const ava = await add(child('Ava'));
		const call = await parentContacts.log({
			pupilId: ava._id,
			date: '2026-11-23',
			contactName: 'Mrs Test',
			method: 'phone',
			outcome: 'spoke'
		});
		if (!call.ok) throw new Error(call.message);
		await parentContacts.archive(call.record._id);
		const again = await parentContacts.correct(call.record._id, {
			pupilId: ava._id,
			date: '2026-11-23',
			contactName: 'Mrs Test',
			method: 'phone',
			outcome: 'no-answer'
		});
		expect(again.ok).toBe(false);
		expect(await db.records('parentContact').count()).toBe(1);
	});

	it('a withdrawn entry leaves the counts and comes back exactly with Undo', async () => {
		const ava = await add(child('Ava'));
		const work = await hostWork.create({
			pupilId: ava._id,
			subject: 'maths',
			description: 'Worksheet 4',
			receivedDate: '2026-11-20',
			status: 'set'
		});
		if (!work.ok) throw new Error(work.message);
		const withdrawn = await hostWork.archive(work.record._id);
		if (!withdrawn.ok) throw new Error(withdrawn.message);
		expect(await hostWork.forPupil(ava._id)).toEqual([]);
		await hostWork.revert(work.record._id, { ...withdrawn.record, archived: undefined });
		expect((await hostWork.forPupil(ava._id)).map((w) => w.description)).toEqual(['Worksheet 4']);
	});
});
