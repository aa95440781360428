import { describe, expect, it } from 'vitest';
import { callOrder, carerContactSchema, firstPhone, restrictionText } from './carer-contact';
import { makeDoc } from '$tests/test-factories';

const contact = (name: string, o: Record<string, unknown> = {}) => ({
	name,
	doNotContact: false,
	parentalResponsibility: true,
	livesWithPupil: true,
	...o
});

describe('parent and carer contacts', () => {
	it('offers who may be called first: parental responsibility, then living with the pupil; do-not-contact last', () => {
		const order = callOrder([
			contact('Uncle Zak', { parentalResponsibility: false }),
			contact('Dad', { doNotContact: true }),
			contact('Nan', { parentalResponsibility: false, livesWithPupil: false }),
			contact('Mum', { livesWithPupil: false }),
			contact('Carer Ann')
		]).map((c) => c.name);
		expect(order).toEqual(['Carer Ann', 'Mum', 'Uncle Zak', 'Nan', 'Dad']);
	});

	it('words a restriction so it cannot be missed', () => {
		expect(restrictionText({ doNotContact: true, restriction: 'Court order 2026: no contact.' })).toBe(
			'Do not contact. Court order 2026: no contact.'
		);
		expect(restrictionText({ doNotContact: true })).toBe('Do not contact.');
		expect(restrictionText({ restriction: 'Speak only about attendance.' })).toBe('Speak only about attendance.');
		expect(restrictionText({ restriction: '  ' })).toBeNull();
	});

	it('calls the first number given, and refuses a number or email a person could not use', () => {
		expect(firstPhone({ phones: [{ number: '07700 900123' }, { number: '0161 496 0000' }] })).toBe('07700 900123');
		expect(firstPhone({})).toBeNull();
		const bad = carerContactSchema.safeParse(
			makeDoc('carerContact', { phones: [{ number: 'ring the school' }], email: 'mum at home' })
		);
		expect(bad.success).toBe(false);
		expect(bad.error?.issues.map((i) => i.message)).toEqual([
			'Phone number must be digits (spaces, + and brackets allowed), e.g. 07700 900123',
			'Email must be an address like name@example.org'
		]);
	});
});
