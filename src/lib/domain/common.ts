import { z } from 'zod';

/** Contract version written on every document (data-contract.md, "Fields on every document"). */
export const SCHEMA_VERSION = 1;

/** Crockford base32, 26 characters: what `ulid` makes. */
const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

/** The contract's words for a malformed date (CSV imports, quarantine); forms say it their own way. */
export const DATE_FORMAT_MESSAGE = 'must be a date written as YYYY-MM-DD';

export const isoDate = z.iso.date({ error: DATE_FORMAT_MESSAGE });

/** Other clients may write an offset (`+01:00`); both are valid ISO 8601. */
export const isoDateTime = z.iso.datetime({
	offset: true,
	error: 'must be a date and time in ISO 8601 (e.g. 2026-09-01T09:30:00Z)'
});

export const username = z.string().min(1, { error: 'must name the staff member' });

export const requiredText = (what: string, max = 10_000) =>
	z
		.string({ error: `${what} is required` })
		.trim()
		.min(1, { error: `${what} is required` })
		.max(max, { error: `${what} is too long (at most ${max} characters)` });

export const optionalText = (what: string, max = 10_000) =>
	z
		.string()
		.max(max, { error: `${what} is too long (at most ${max} characters)` })
		.optional();

/** `<type>:<ULID>`, e.g. `pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9E`. */
export function docId<T extends string>(type: T) {
	return z.string().regex(new RegExp(`^${type}:${ULID}$`), { error: `must be a ${type} id like ${type}:01JD8Z3Q…` });
}

export const pupilRef = docId('pupil');

/** Fields every document carries. `_rev` is CouchDB's; it is kept so local edits extend it. */
export const commonFields = {
	_rev: z.string().optional(),
	schemaVersion: z.literal(SCHEMA_VERSION, { error: 'schemaVersion must be 1' }),
	createdAt: isoDateTime,
	updatedAt: isoDateTime,
	createdBy: username,
	updatedBy: username,
	archived: z.boolean().optional()
};

export type CommonKey = keyof typeof commonFields | '_id' | 'type';

/**
 * A document schema for one record kind. Loose: fields other clients add are kept, so saving a
 * record never strips what someone else wrote (the contract lets anyone ADD fields).
 */
export function documentSchema<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
	return z.looseObject({
		_id: docId(type),
		type: z.literal(type, { error: `type must be "${type}"` }),
		...commonFields,
		...shape
	});
}

/**
 * The known fields of a document type. The schemas are loose (other clients' extra fields are
 * kept), which gives the inferred type a `[k: string]: unknown` index signature; dropping it here
 * keeps a misspelt field a type error.
 */
export type DocOf<S extends z.ZodType> = StripIndex<z.infer<S>>;

type StripIndex<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

/** What a form or an import hands to a repository: no id, rev or bookkeeping. */
export type InputOf<D> = { [K in keyof D as K extends CommonKey ? never : K]: D[K] } & {
	_id?: never;
	archived?: boolean;
};

/** Plain-English lines for a failed parse: `surname: familyName is required`. */
export function describeIssues(error: z.ZodError): string[] {
	return error.issues.map((issue) => {
		const path = issue.path.join('.');
		return path ? `${path}: ${issue.message}` : issue.message;
	});
}

/** Field → first message, for showing errors beside form fields. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.join('.') || '_';
		out[key] ??= issue.message;
	}
	return out;
}
