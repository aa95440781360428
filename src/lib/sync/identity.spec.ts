import { describe, expect, it } from 'vitest';
import { membershipFromRoles } from './identity';

describe('membershipFromRoles', () => {
	it('reads the organisation and role from a staff role', () => {
		expect(membershipFromRoles(['demo:staff'])).toEqual({ org: 'demo', role: 'staff' });
	});
	it('prefers staff over visitor when someone has both', () => {
		expect(membershipFromRoles(['demo:visitor', 'demo:staff'])).toEqual({ org: 'demo', role: 'staff' });
	});
	it('gives no membership for roles that belong to no organisation', () => {
		expect(membershipFromRoles(['_admin', 'Demo:Staff', 'demo:owner'])).toBeNull();
	});
});
