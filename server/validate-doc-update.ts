/**
 * The organisation database's `validate_doc_update`, as SOURCE TEXT: plain ES5 JavaScript that
 * both the embedded server (pouchdb-validation) and a real CouchDB 3 run. No arrow functions,
 * no let/const, no template strings in the function below.
 *
 * It checks the contract's essentials (data-contract.md): who may write, no deletions, `type`
 * and `_id`, the common fields, and — generated from the project's zod schemas — required
 * fields, enumerations and basic JSON types per document type. It is deliberately never
 * stricter than the zod schemas: a document the app accepts must never be refused here.
 */
import { z } from 'zod';
import { APPEND_ONLY_TYPES, schemas } from '../src/lib/domain/kinds';

/** A small JSON-Schema subset: what the function below knows how to check. */
export interface FieldRule {
	type?: string | string[];
	enum?: unknown[];
	const?: unknown;
	minimum?: number;
	maximum?: number;
	exclusiveMinimum?: number;
	exclusiveMaximum?: number;
	multipleOf?: number;
	minLength?: number;
	maxLength?: number;
	/** A regular expression, or (in a built table) its index in `patterns`. */
	pattern?: string | number;
	minItems?: number;
	maxItems?: number;
	items?: FieldRule;
	properties?: Record<string, FieldRule>;
	required?: string[];
	anyOf?: FieldRule[];
	allOf?: FieldRule[];
}

export interface ValidationTable {
	/** Known document types, in order. */
	types: string[];
	/** Regular expressions used by the rules (`pattern` in a rule is an index into this list). */
	patterns?: string[];
	/** Per type, the rules for the whole document (generated from its zod schema). */
	rules: Record<string, FieldRule>;
	/** Types written once and never changed or deleted (audit lines): kinds.ts `APPEND_ONLY_TYPES`. */
	appendOnly?: string[];
}

const KEEP = new Set([
	'type',
	'enum',
	'const',
	'minimum',
	'maximum',
	'exclusiveMinimum',
	'exclusiveMaximum',
	'multipleOf',
	'minLength',
	'maxLength',
	'pattern',
	'minItems',
	'maxItems',
	'items',
	'properties',
	'required',
	'anyOf',
	'allOf',
	'oneOf'
]);

/** Reduces zod's JSON Schema to the subset above (drops formats, defaults, $schema, noise). */
function reduce(node: unknown): FieldRule {
	if (!node || typeof node !== 'object' || Array.isArray(node)) return {};
	const src = node as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(src)) {
		if (!KEEP.has(key)) continue;
		if (key === 'properties') {
			const props: Record<string, FieldRule> = {};
			for (const [name, sub] of Object.entries(value as Record<string, unknown>)) props[name] = reduce(sub);
			out.properties = props;
		} else if (key === 'items') {
			// Tuples (prefixItems) are not checked; a single items schema is.
			if (value && typeof value === 'object' && !Array.isArray(value)) out.items = reduce(value);
		} else if (key === 'anyOf' || key === 'oneOf') {
			// oneOf is checked as anyOf: never stricter than zod.
			out.anyOf = (value as unknown[]).map(reduce);
		} else if (key === 'allOf') {
			out.allOf = (value as unknown[]).map(reduce);
		} else if ((key === 'minimum' || key === 'maximum') && Math.abs(value as number) >= Number.MAX_SAFE_INTEGER) {
			continue;
		} else {
			out[key] = value;
		}
	}
	// A union of literals (`z.union([z.literal(1), …])`) reads better as one enumeration.
	const anyOf = out.anyOf as FieldRule[] | undefined;
	if (anyOf?.length && anyOf.every((r) => Object.keys(r).every((k) => k === 'const' || k === 'type' || k === 'enum'))) {
		const values = anyOf.flatMap((r) => ('const' in r ? [r.const] : (r.enum ?? [])));
		if (values.length && anyOf.every((r) => 'const' in r || r.enum)) {
			delete out.anyOf;
			out.enum = values;
		}
	}
	return out;
}

/** Walks each zod schema (zod 4's own JSON Schema introspection, input side) into the table. */
export function buildValidationTable(schemas: Record<string, z.ZodType>): ValidationTable {
	const types = Object.keys(schemas);
	const rules: Record<string, FieldRule> = {};
	const patterns: string[] = [];
	const intern = (rule: FieldRule) => {
		if (typeof rule.pattern === 'string') {
			let i = patterns.indexOf(rule.pattern);
			if (i === -1) i = patterns.push(rule.pattern) - 1;
			rule.pattern = i;
		}
		for (const sub of [
			...Object.values(rule.properties ?? {}),
			...(rule.anyOf ?? []),
			...(rule.allOf ?? []),
			...(rule.items ? [rule.items] : [])
		]) {
			intern(sub);
		}
	};
	for (const type of types) {
		const json = z.toJSONSchema(schemas[type]!, { io: 'input', unrepresentable: 'any', cycles: 'ref' });
		rules[type] = reduce(json);
		intern(rules[type]);
	}
	return {
		types,
		patterns,
		rules,
		appendOnly: types.filter((t) => (APPEND_ONLY_TYPES as readonly string[]).includes(t))
	};
}

/**
 * The function. `__TABLE__` is replaced by the generated table's JSON. Error messages are plain
 * English and name the document and field.
 */
const FUNCTION_TEMPLATE = `function (newDoc, oldDoc, userCtx, secObj) {
  var TABLE = __TABLE__;
  // The organisation this database belongs to, fixed when the design doc is installed: the
  // embedded server does not always pass userCtx.db.
  var ORG = __ORG__;
  var ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
  var ISO_DATE_TIME = /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$/;
  var roles = (userCtx && userCtx.roles) || [];
  var i;

  function forbid(reason) {
    throw ({ forbidden: reason });
  }
  function hasRole(role) {
    for (var j = 0; j < roles.length; j++) {
      if (roles[j] === role) { return true; }
    }
    return false;
  }
  function show(value) {
    var s;
    try { s = JSON.stringify(value); } catch (e) { s = String(value); }
    if (s === undefined) { s = String(value); }
    return s.length > 60 ? s.substring(0, 57) + '...' : s;
  }
  function typeOk(t, v) {
    if (t === 'string') { return typeof v === 'string'; }
    if (t === 'number') { return typeof v === 'number' && isFinite(v); }
    if (t === 'integer') { return typeof v === 'number' && isFinite(v) && Math.floor(v) === v; }
    if (t === 'boolean') { return typeof v === 'boolean'; }
    if (t === 'array') { return Object.prototype.toString.call(v) === '[object Array]'; }
    if (t === 'object') { return v !== null && typeof v === 'object' && Object.prototype.toString.call(v) !== '[object Array]'; }
    if (t === 'null') { return v === null; }
    return true;
  }
  var compiled = {};
  // A pattern is an index into TABLE.patterns (or, in hand-made tables, the expression itself).
  function regex(p) {
    var src = typeof p === 'number' ? (TABLE.patterns || [])[p] : p;
    if (typeof src !== 'string') { return null; }
    if (!compiled.hasOwnProperty(src)) {
      try { compiled[src] = new RegExp(src); } catch (x) { compiled[src] = null; }
    }
    return compiled[src];
  }
  var TYPE_WORDS = { string: 'text', number: 'a number', integer: 'a whole number', boolean: 'true or false', array: 'a list', object: 'an object', 'null': 'null' };

  // Returns null when value passes rule, else a plain-English reason.
  function check(rule, value, where) {
    var k, e, errs, n;
    if (!rule) { return null; }
    if (rule.anyOf) {
      errs = [];
      for (k = 0; k < rule.anyOf.length; k++) {
        e = check(rule.anyOf[k], value, where);
        if (!e) { break; }
        errs.push(e);
      }
      if (k === rule.anyOf.length) { return errs.length === 1 ? errs[0] : errs.join('; or ') ; }
    }
    if (rule.allOf) {
      for (k = 0; k < rule.allOf.length; k++) {
        e = check(rule.allOf[k], value, where);
        if (e) { return e; }
      }
    }
    if (rule.type !== undefined) {
      var ts = typeof rule.type === 'string' ? [rule.type] : rule.type;
      var ok = false;
      for (k = 0; k < ts.length; k++) { if (typeOk(ts[k], value)) { ok = true; } }
      if (!ok) {
        var words = [];
        for (k = 0; k < ts.length; k++) { words.push(TYPE_WORDS[ts[k]] || ts[k]); }
        return where + ' must be ' + words.join(' or ') + ' (it is ' + show(value) + ')';
      }
    }
    if (rule.hasOwnProperty('const') && value !== rule['const']) {
      return where + ' must be ' + show(rule['const']) + ' (it is ' + show(value) + ')';
    }
    if (rule['enum']) {
      var found = false;
      for (k = 0; k < rule['enum'].length; k++) { if (rule['enum'][k] === value) { found = true; } }
      if (!found) {
        return where + ' must be one of: ' + rule['enum'].join(', ') + ' (it is ' + show(value) + ')';
      }
    }
    if (typeof value === 'string') {
      if (rule.minLength !== undefined && value.length < rule.minLength) {
        return rule.minLength === 1 ? where + ' must not be empty' : where + ' must be at least ' + rule.minLength + ' characters';
      }
      if (rule.maxLength !== undefined && value.length > rule.maxLength) {
        return where + ' is too long (at most ' + rule.maxLength + ' characters)';
      }
      if (rule.pattern !== undefined) {
        var re = regex(rule.pattern);
        if (re && !re.test(value)) { return where + ' is not in the expected form (it is ' + show(value) + ')'; }
      }
    }
    if (typeof value === 'number') {
      if (rule.minimum !== undefined && value < rule.minimum) { return where + ' must be at least ' + rule.minimum + ' (it is ' + value + ')'; }
      if (rule.maximum !== undefined && value > rule.maximum) { return where + ' must be at most ' + rule.maximum + ' (it is ' + value + ')'; }
      if (rule.exclusiveMinimum !== undefined && value <= rule.exclusiveMinimum) { return where + ' must be more than ' + rule.exclusiveMinimum; }
      if (rule.exclusiveMaximum !== undefined && value >= rule.exclusiveMaximum) { return where + ' must be less than ' + rule.exclusiveMaximum; }
      // Half marks: multipleOf 0.5. Divide and test for a whole number (value % 0.5 drifts for other steps).
      if (rule.multipleOf !== undefined && rule.multipleOf > 0 && Math.abs(value / rule.multipleOf - Math.round(value / rule.multipleOf)) > 1e-9) { return where + ' must be a multiple of ' + rule.multipleOf + ' (it is ' + value + ')'; }
    }
    if (typeOk('array', value)) {
      if (rule.minItems !== undefined && value.length < rule.minItems) { return where + ' must have at least ' + rule.minItems + ' item' + (rule.minItems === 1 ? '' : 's'); }
      if (rule.maxItems !== undefined && value.length > rule.maxItems) { return where + ' has too many items (at most ' + rule.maxItems + ')'; }
      if (rule.items) {
        for (n = 0; n < value.length; n++) {
          e = check(rule.items, value[n], where + '[' + n + ']');
          if (e) { return e; }
        }
      }
    }
    if (typeOk('object', value)) {
      if (rule.required) {
        for (k = 0; k < rule.required.length; k++) {
          if (value[rule.required[k]] === undefined) { return (where ? where + '.' : '') + rule.required[k] + ' is required'; }
        }
      }
      if (rule.properties) {
        for (var p in rule.properties) {
          if (rule.properties.hasOwnProperty(p) && value[p] !== undefined) {
            e = check(rule.properties[p], value[p], (where ? where + '.' : '') + p);
            if (e) { return e; }
          }
        }
      }
    }
    return null;
  }

  var isServerAdmin = hasRole('_admin');
  var dbName = (userCtx && userCtx.db) || '';
  var org = dbName.indexOf('waymark-') === 0 ? dbName.substring(8) : ORG;
  var isOrgAdmin = org !== '' && hasRole(org + ':admin');
  var isStaff = org !== '' && hasRole(org + ':staff');

  // Server admins may write anything (repairs, imports, tests): they can replace this
  // function anyway. Everyone else is held to the contract.
  if (isServerAdmin) { return; }
  if (!isOrgAdmin && !isStaff) {
    forbid('Your account can read this organisation\\'s records but not change them: only staff can save.');
  }
  // Audit lines are append-only for everyone but a server admin: written once, never changed,
  // archived or deleted (not even a conflict's losing branch: they are never edited, so never conflict).
  var appendOnly = TABLE.appendOnly || [];
  for (i = 0; i < appendOnly.length; i++) {
    if (oldDoc && !oldDoc._deleted && (oldDoc.type === appendOnly[i] || newDoc.type === appendOnly[i])) {
      forbid('Audit records are never changed or deleted: ' + show(newDoc._id) + ' stays as it was written.');
    }
  }
  if (newDoc._deleted === true) {
    // The one deletion the app makes: closing the losing branch of a conflict once the merged
    // version is written (its rev named in mergedInto). The record itself stays. This function
    // sees one revision, never the others, so it cannot tell a losing branch from the only one:
    // Waymark's server checks that in front of the store, in both modes (merge-tombstones.ts).
    // Here: the record exists and mergedInto names a revision.
    if (typeof newDoc.mergedInto === 'string' && /^[0-9]+-[0-9a-zA-Z]+$/.test(newDoc.mergedInto) &&
        newDoc.mergedInto !== newDoc._rev && oldDoc) { return; }
    forbid('Records are archived, never deleted: set "archived": true on ' + show(newDoc._id) + ' instead of deleting it.');
  }

  var id = newDoc._id;
  if (typeof id === 'string' && id.indexOf('_design/') === 0) {
    if (isOrgAdmin) { return; }
    forbid('Only administrators can change the database design.');
  }

  var type = newDoc.type;
  if (typeof type !== 'string' || type === '') {
    forbid('Document ' + show(id) + ' has no "type": every record says what kind it is (e.g. "pupil").');
  }
  var known = false;
  for (i = 0; i < TABLE.types.length; i++) { if (TABLE.types[i] === type) { known = true; } }
  if (!known) {
    forbid('Unknown record type ' + show(type) + ' (known types: ' + TABLE.types.join(', ') + ').');
  }
  var prefix = type + ':';
  if (typeof id !== 'string' || id.indexOf(prefix) !== 0 || !ULID.test(id.substring(prefix.length))) {
    forbid('The id ' + show(id) + ' must be "' + prefix + '" followed by a 26-character ULID.');
  }
  if (oldDoc && !oldDoc._deleted && oldDoc.type !== undefined && oldDoc.type !== type) {
    forbid('A record cannot change its type (' + show(oldDoc.type) + ' to ' + show(type) + ').');
  }
  if (newDoc.schemaVersion !== 1) {
    forbid(type + ' ' + id + ': schemaVersion must be 1 (it is ' + show(newDoc.schemaVersion) + ').');
  }
  var stamps = ['createdAt', 'updatedAt'];
  for (i = 0; i < stamps.length; i++) {
    if (typeof newDoc[stamps[i]] !== 'string' || !ISO_DATE_TIME.test(newDoc[stamps[i]])) {
      forbid(type + ' ' + id + ': ' + stamps[i] + ' must be an ISO 8601 date and time (it is ' + show(newDoc[stamps[i]]) + ').');
    }
  }
  var people = ['createdBy', 'updatedBy'];
  for (i = 0; i < people.length; i++) {
    if (typeof newDoc[people[i]] !== 'string' || newDoc[people[i]] === '') {
      forbid(type + ' ' + id + ': ' + people[i] + ' must name the staff member (it is ' + show(newDoc[people[i]]) + ').');
    }
  }
  if (newDoc.archived !== undefined && typeof newDoc.archived !== 'boolean') {
    forbid(type + ' ' + id + ': archived must be true or false.');
  }

  var problem = check(TABLE.rules[type], newDoc, '');
  if (problem) {
    forbid(type + ' ' + id + ': ' + problem + '.');
  }
}`;

/** The function source with `table` and the organisation's slug embedded. */
export function validateDocUpdateSource(table: ValidationTable, orgSlug: string): string {
	// JSON is valid ES5 (U+2028/2029 escaped so old engines accept it inside the function).
	const json = JSON.stringify(table)
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');
	return FUNCTION_TEMPLATE.replace('__TABLE__', () => json).replace('__ORG__', () => JSON.stringify(orgSlug));
}

let cached: ValidationTable | undefined;

/** The source for one organisation's database, from the domain registry (src/lib/domain/kinds.ts). */
export function currentValidateDocUpdate(orgSlug: string): Promise<string> {
	cached ??= buildValidationTable(schemas);
	return Promise.resolve(validateDocUpdateSource(cached, orgSlug));
}
