import { SCHEMA_VERSION, fieldErrors } from '$lib/domain/common';
import { newId } from '$lib/domain/ids';
import { schemas, type RecordType } from '$lib/domain/kinds';
import type { SaveResult } from './repository';

/**
 * Save only when the cross-field rules a schema cannot express also pass. When they fail,
 * nothing is written and the result carries the schema's field errors AND the rules', so the
 * form shows every mistake at once rather than one round at a time.
 */
export async function saveChecked<R>(
	type: RecordType,
	input: Record<string, unknown>,
	ruleErrors: Record<string, string>,
	save: () => Promise<SaveResult<R>>
): Promise<SaveResult<R>> {
	if (Object.keys(ruleErrors).length === 0) return save();
	const now = new Date().toISOString();
	// Bookkeeping fields are filled in only so the schema judges the fields a person typed.
	const probe = schemas[type].safeParse({
		...input,
		_id: newId(type),
		type,
		schemaVersion: SCHEMA_VERSION,
		createdAt: now,
		updatedAt: now,
		createdBy: 'check',
		updatedBy: 'check'
	});
	const errors = { ...(probe.success ? {} : fieldErrors(probe.error)), ...ruleErrors };
	const count = Object.keys(errors).length;
	return {
		ok: false,
		errors,
		message: count === 1 ? 'Please correct the highlighted field.' : `Please correct the ${count} highlighted fields.`
	};
}
