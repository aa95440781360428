import { z } from 'zod';
import { documentSchema, optionalText, requiredText, type DocOf, type InputOf } from './common';

/** Who at the host school receives feedback forms and reports. */
export const schoolContactSchema = z.looseObject({
	name: requiredText('Contact name', 200),
	role: optionalText('Role', 100),
	email: z.email({ error: 'Email must be an address like name@school.org' }).optional()
});

/**
 * A host school on the organisation's list. Pupils keep the school's name in `hostSchool` (the
 * contract's field, which every report groups by) and its id in `hostSchoolId`.
 */
export const hostSchoolSchema = documentSchema('hostSchool', {
	name: requiredText('School name', 200),
	/** The DfE unique reference number (6 digits, 7 for some newer establishments). */
	urn: z
		.string()
		.regex(/^\d{6,7}$/, { error: 'URN must be the school’s 6 or 7 digit reference number' })
		.optional(),
	address: optionalText('Address', 500),
	contacts: z.array(schoolContactSchema).max(6, { error: 'At most 6 report contacts' }).optional()
});

export type HostSchool = DocOf<typeof hostSchoolSchema>;
export type HostSchoolInput = InputOf<HostSchool>;
export type SchoolContact = z.infer<typeof schoolContactSchema>;

/**
 * A school name reduced to what tells schools apart: case, punctuation, "the", "school" and
 * "saint"/"st" spellings dropped, so "Hillcrest High School", "hillcrest high" and
 * "St. Mary's" / "Saint Marys" each come out as one key.
 */
export function schoolKey(name: string): string {
	return name
		.toLowerCase()
		.replace(/&/g, ' and ')
		.replace(/['’`.]/g, '')
		.replace(/[^a-z0-9]+/g, ' ')
		.split(' ')
		.filter((w) => w && w !== 'the' && w !== 'school')
		.map((w) => (w === 'saint' ? 'st' : w))
		.join(' ');
}

/** The listed school a pupil's record names: by id, else by the spelling of the name (`schoolKey`). */
export function listedSchoolOf<S extends Pick<HostSchool, '_id' | 'name'>>(
	pupil: { hostSchool: string; hostSchoolId?: string },
	schools: readonly S[]
): S | undefined {
	return (
		schools.find((s) => s._id === pupil.hostSchoolId) ??
		schools.find((s) => schoolKey(s.name) === schoolKey(pupil.hostSchool))
	);
}

export interface SpellingGroup {
	key: string;
	/** The school on the list these spellings belong to, when there is one. */
	school: Pick<HostSchool, '_id' | 'name'> | null;
	/** Each way the name is written on pupil records, most used first, with how many pupils. */
	spellings: { name: string; pupils: number }[];
	pupils: number;
}

/**
 * Host-school names on pupil records that need a person: spellings that look like one school
 * ("3 spellings look like one school"), and names not yet on the list. A group whose one
 * spelling is exactly a school on the list is fine and left out.
 */
export function spellingGroups(
	pupils: readonly { hostSchool: string; archived?: boolean }[],
	schools: readonly Pick<HostSchool, '_id' | 'name' | 'archived'>[]
): SpellingGroup[] {
	const counts = new Map<string, Map<string, number>>();
	for (const p of pupils) {
		if (p.archived) continue;
		const name = p.hostSchool.trim().replace(/\s+/g, ' ');
		const key = schoolKey(name);
		const byName = counts.get(key) ?? new Map<string, number>();
		byName.set(name, (byName.get(name) ?? 0) + 1);
		counts.set(key, byName);
	}
	const listed = new Map(schools.filter((s) => !s.archived).map((s) => [schoolKey(s.name), s]));
	const groups: SpellingGroup[] = [];
	for (const [key, byName] of counts) {
		const spellings = [...byName]
			.map(([name, n]) => ({ name, pupils: n }))
			.sort((a, b) => b.pupils - a.pupils || a.name.localeCompare(b.name));
		const school = listed.get(key) ?? null;
		if (school && spellings.length === 1 && spellings[0]!.name === school.name) continue;
		groups.push({
			key,
			school: school && { _id: school._id, name: school.name },
			spellings,
			pupils: spellings.reduce((n, s) => n + s.pupils, 0)
		});
	}
	return groups.sort(
		(a, b) => b.spellings.length - a.spellings.length || b.pupils - a.pupils || a.key.localeCompare(b.key)
	);
}

/** "3 spellings look like one school", or what to do with a single name not on the list. */
export function groupHeading(group: SpellingGroup): string {
	if (group.spellings.length > 1) return `${group.spellings.length} spellings look like one school`;
	return group.school ? `Written differently from the list’s “${group.school.name}”` : 'Not on the list yet';
}

/** How a report is addressed: "Ms Ada Shah (SENCo) <ada@school.org>", or null with no contact. */
export function addressLine(contact: SchoolContact | undefined): string | null {
	if (!contact) return null;
	return `${contact.name}${contact.role ? ` (${contact.role})` : ''}${contact.email ? ` <${contact.email}>` : ''}`;
}
