/**
 * Parents and carers in the host school's intake CSV (optional columns, up to two contacts a
 * row): read, checked and compared with those already on the pupil record.
 */
import { carerContactSchema, type CarerContact, type CarerContactInput } from './carer-contact';
import type { ImportColumn } from './intake-import';

export type ImportedContact = Omit<CarerContactInput, 'pupilId'>;

const CONTACT_FIELDS = [
	{ field: 'name', header: 'name', words: ['name', 'full name'], description: 'Name of a parent or carer.' },
	{
		field: 'relationship',
		header: 'relationship',
		words: ['relationship', 'relation'],
		description: 'Mother, Father, Carer, Grandparent… Required when any other column of the contact is filled.'
	},
	{ field: 'phone', header: 'phone', words: ['phone', 'telephone', 'mobile'], description: 'Best phone number.' },
	{ field: 'email', header: 'email', words: ['email', 'e-mail'], description: 'Email address (optional).' },
	{
		field: 'parentalResponsibility',
		header: 'parental responsibility',
		words: ['parental responsibility', 'pr'],
		description: 'Yes or No; blank means No.'
	},
	{
		field: 'livesWithPupil',
		header: 'lives with pupil',
		words: ['lives with pupil', 'lives with child', 'lives with'],
		description: 'Yes or No; blank means No.'
	},
	{
		field: 'doNotContact',
		header: 'do not contact',
		words: ['do not contact', 'no contact'],
		description: 'Yes when nobody may contact them (a court order or safeguarding instruction); blank means No.'
	},
	{
		field: 'restriction',
		header: 'restriction',
		words: ['restriction', 'contact restriction', 'court order'],
		description: 'What staff must know before contacting them (optional).'
	}
] as const;

type ContactField = (typeof CONTACT_FIELDS)[number]['field'];

const EXAMPLES: Partial<Record<ContactField, string>> = {
	name: 'Dana Ellis',
	relationship: 'Mother',
	phone: '07700 900123',
	email: 'dana.ellis@example.org',
	parentalResponsibility: 'Yes',
	livesWithPupil: 'Yes',
	doNotContact: 'No'
};

export const CONTACT_SLOTS = [1, 2] as const;

export const CONTACT_IMPORT_COLUMNS: readonly ImportColumn[] = CONTACT_SLOTS.flatMap((n) =>
	CONTACT_FIELDS.map((f) => ({
		key: `contact${n}.${f.field}`,
		header: `Contact ${n} ${f.header}`,
		required: false,
		aliases: f.words.flatMap((w) => [`contact ${n} ${w}`, `parent ${n} ${w}`, `carer ${n} ${w}`]),
		description: f.description,
		example: n === 1 ? (EXAMPLES[f.field] ?? '') : ''
	}))
);

/** Yes/No as spreadsheets write it; undefined when blank, null when it is neither. */
export function readYesNo(cell: string): boolean | undefined | null {
	const v = cell.trim().toLowerCase();
	if (v === '') return undefined;
	if (['yes', 'y', 'true', '1'].includes(v)) return true;
	if (['no', 'n', 'false', '0'].includes(v)) return false;
	return null;
}

/** The row's contacts (blank slots skipped); problems are added to `reasons` in the row's words. */
export function readContacts(cell: (key: string) => string, reasons: string[]): ImportedContact[] {
	const out: ImportedContact[] = [];
	for (const n of CONTACT_SLOTS) {
		const value = (f: ContactField) => cell(`contact${n}.${f}`);
		if (CONTACT_FIELDS.every((f) => value(f.field) === '')) continue;
		const label = `Contact ${n}`;
		const flags: Partial<Record<'parentalResponsibility' | 'livesWithPupil' | 'doNotContact', boolean>> = {};
		for (const f of ['parentalResponsibility', 'livesWithPupil', 'doNotContact'] as const) {
			const read = readYesNo(value(f));
			const header = CONTACT_FIELDS.find((c) => c.field === f)!.header;
			if (read === null) reasons.push(`${label} ${header} "${value(f)}" is not Yes or No`);
			else flags[f] = read ?? false;
		}
		const contact: ImportedContact = {
			name: value('name'),
			relationship: value('relationship'),
			...(value('phone') ? { phones: [{ number: value('phone') }] } : {}),
			...(value('email') ? { email: value('email') } : {}),
			parentalResponsibility: flags.parentalResponsibility ?? false,
			livesWithPupil: flags.livesWithPupil ?? false,
			...(flags.doNotContact ? { doNotContact: true } : {}),
			...(value('restriction') ? { restriction: value('restriction') } : {})
		};
		// The contract's own checks, so an accepted row always saves.
		const parsed = carerContactSchema.safeParse({
			_id: 'carerContact:00000000000000000000000000',
			type: 'carerContact',
			schemaVersion: 1,
			createdAt: '2026-01-01T00:00:00Z',
			updatedAt: '2026-01-01T00:00:00Z',
			createdBy: 'import',
			updatedBy: 'import',
			pupilId: 'pupil:00000000000000000000000000',
			...contact
		});
		if (!parsed.success) for (const issue of parsed.error.issues) reasons.push(`${label}: ${issue.message}`);
		else out.push(contact);
	}
	return out;
}

const sameName = (a: string, b: string) =>
	a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The row's contacts not yet on the pupil record (matched by name). A contact already there is
 * left as it is: corrections are made on the pupil page, where the restriction is in view.
 */
export function newContacts(
	contacts: readonly ImportedContact[],
	onRecord: readonly Pick<CarerContact, 'name' | 'archived'>[]
): ImportedContact[] {
	return contacts.filter((c) => !onRecord.some((r) => !r.archived && sameName(r.name, c.name)));
}
