import { describe, expect, it } from 'vitest';
import { addressLine, groupHeading, listedSchoolOf, schoolKey, spellingGroups } from './host-school';

const pupils = (...names: string[]) => names.map((hostSchool) => ({ hostSchool }));

describe('host schools as a list', () => {
	it('reads the ways people write one school as one', () => {
		expect(schoolKey('Hillcrest High School')).toBe('hillcrest high');
		expect(schoolKey(' hillcrest  high ')).toBe('hillcrest high');
		expect(schoolKey('The Hillcrest High School')).toBe('hillcrest high');
		expect(schoolKey("St. Mary's C of E")).toBe(schoolKey('Saint Marys C of E'));
		expect(schoolKey('Castle & Vale Academy')).toBe('castle and vale academy');
		expect(schoolKey('Hillcrest Primary')).not.toBe(schoolKey('Hillcrest High'));
	});

	it('finds 3 spellings of one school, most used first, and names not yet on the list', () => {
		const groups = spellingGroups(
			pupils(
				'Hillcrest High School',
				'Hillcrest High School',
				'hillcrest high school',
				'Hillcrest High',
				'Riverside Academy',
				'Oak Park'
			),
			[{ _id: 'hostSchool:r', name: 'Riverside Academy' }]
		);
		expect(groups.map((g) => [groupHeading(g), g.spellings.map((s) => `${s.name} (${s.pupils})`)])).toEqual([
			[
				'3 spellings look like one school',
				['Hillcrest High School (2)', 'Hillcrest High (1)', 'hillcrest high school (1)']
			],
			['Not on the list yet', ['Oak Park (1)']]
		]);
	});

	it('asks about a name written differently from the list, and leaves exact matches alone', () => {
		const [g] = spellingGroups(pupils('riverside academy'), [{ _id: 'hostSchool:r', name: 'Riverside Academy' }]);
		expect(groupHeading(g!)).toBe('Written differently from the list’s “Riverside Academy”');
		expect(spellingGroups(pupils('Riverside Academy'), [{ _id: 'hostSchool:r', name: 'Riverside Academy' }])).toEqual(
			[]
		);
	});

	it('addresses a report to the named contact', () => {
		expect(addressLine({ name: 'Ada Shah', role: 'SENCo', email: 'ada@hillcrest.sch.uk' })).toBe(
			'Ada Shah (SENCo) <ada@hillcrest.sch.uk>'
		);
		expect(addressLine({ name: 'Mr Lee' })).toBe('Mr Lee');
		expect(addressLine(undefined)).toBeNull();
	});
});

describe('the listed school a pupil record names', () => {
	const schools = [
		{ _id: 'hostSchool:1', name: 'Hillcrest Academy' },
		{ _id: 'hostSchool:2', name: 'St Aidan’s School' }
	];
	it('is found by id, else by the spelling of its name', () => {
		expect(listedSchoolOf({ hostSchool: 'anything', hostSchoolId: 'hostSchool:1' }, schools)?.name).toBe(
			'Hillcrest Academy'
		);
		expect(listedSchoolOf({ hostSchool: "Saint Aidan's" }, schools)?._id).toBe('hostSchool:2');
		expect(listedSchoolOf({ hostSchool: 'Elsewhere High' }, schools)).toBeUndefined();
	});
});
