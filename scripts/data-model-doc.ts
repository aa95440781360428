/**
 * Writes docs/data-model.md from the zod schemas, so the documented contract is the executable
 * one. `npm run docs:data-model` regenerates it; a unit test fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RECORD_TYPES, schemas } from '../src/lib/domain/kinds';

interface JsonSchema {
	type?: string | string[];
	enum?: unknown[];
	const?: unknown;
	format?: string;
	pattern?: string;
	minimum?: number;
	maximum?: number;
	minLength?: number;
	maxLength?: number;
	items?: JsonSchema;
	properties?: Record<string, JsonSchema>;
	required?: string[];
}

const COMMON = new Set([
	'_id',
	'type',
	'_rev',
	'schemaVersion',
	'createdAt',
	'updatedAt',
	'createdBy',
	'updatedBy',
	'archived'
]);
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function describe(s: JsonSchema): string {
	if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
	if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' | ');
	if (s.format === 'date') return 'date `YYYY-MM-DD`';
	if (s.format === 'date-time') return 'ISO 8601 date-time';
	const idType = s.pattern?.match(/^\^([a-zA-Z]+):\[0-9A-HJKMNP-TV-Z\]\{26\}\$$/)?.[1];
	if (idType) return `id of a \`${idType}\``;
	if (s.type === 'array') return `list of ${s.items ? describe(s.items) : 'values'}`;
	if (s.type === 'object' && s.properties) {
		const req = new Set(s.required ?? []);
		return `{ ${Object.entries(s.properties)
			.map(([k, v]) => `${k}${req.has(k) ? '' : '?'}: ${describe(v)}`)
			.join('; ')} }`;
	}
	const bounds: string[] = [];
	if (s.minimum !== undefined && s.minimum > 0) bounds.push(`≥ ${s.minimum}`);
	if (s.maximum !== undefined && s.maximum < MAX_SAFE) bounds.push(`≤ ${s.maximum}`);
	if (s.maxLength !== undefined) bounds.push(`≤ ${s.maxLength} chars`);
	if (s.pattern && s.type === 'string') bounds.push(`matching \`${s.pattern}\``);
	const type = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
	return bounds.length ? `${type} (${bounds.join(', ')})` : type;
}

export function renderDataModel(): string {
	const lines = [
		'# Waymark data model',
		'',
		'This is the contract for the documents Waymark replicates to CouchDB. It is a public interface:',
		'the office, a local authority reporting tool or another Waymark tablet may read and write these',
		'documents with any CouchDB client, so Waymark accepts every valid document written by someone',
		'else and sets aside, with a reason and without crashing, every invalid one. Fields and types may',
		'be added (optional, backward compatible); fields are never renamed or removed and an enumerated',
		'value never changes its meaning.',
		'',
		'Generated from the zod schemas in `src/lib/domain` by `npm run docs:data-model`; a unit test',
		'fails when this file and the schemas disagree. The server installs the same rules as',
		'`validate_doc_update` (`server/validate-doc-update.ts`).',
		'',
		'## Databases, ids and common fields',
		'',
		'- One database per organisation: `waymark-<org>`, `<org>` a lower-case slug (`[a-z0-9-]{1,40}`).',
		'  Staff accounts live in CouchDB `_users` with the roles `<org>:staff` or `<org>:visitor`',
		'  (`<org>:dsl` and `<org>:admin` are staff too: safeguarding lead, head of centre).',
		'- Visitors are not members of `waymark-<org>`. A visit is a database of its own,',
		'  `visit-<org>-<id>` (`<id>` 12 hex digits), made by the server: `_security` admits the one',
		'  visitor by name; `_design/visit` holds `visit` (`id`, `org`, `orgName`, `visitor`, `pupilIds`,',
		'  `groups`, `endsOn` `YYYY-MM-DD`, `createdBy`, `createdAt`, `refreshedAt`) and refuses every',
		"  write but the server admin's; the other documents are copies of the organisation's records",
		'  (same ids and revisions): the chosen pupils, their records of the chosen kinds, the settings.',
		'- `_id` is `<type>:<ULID>`, the ULID made on the device that created the document.',
		'- Every document has `type` (equal to the id prefix), `schemaVersion` (1), `createdAt` and',
		'  `updatedAt` (ISO 8601 instants), `createdBy` and `updatedBy` (staff user names) and optional',
		'  `archived`. Dates without a time (`date`, `dueDate`, …) are `YYYY-MM-DD`.',
		'- Nothing is hard-deleted: a withdrawn record gets `archived: true` and stays in history.',
		'- Every pupil-scoped document has `pupilId`, the `_id` of a `pupil` document.',
		'- Documents may carry further fields, at any depth, written by other clients; Waymark keeps them.',
		'',
		'## Rules across documents',
		'',
		"- A feedback form's `topics` and `lessonsAttended` come only from lessons inside",
		'  `periodStart`..`periodEnd` whose `present` includes the pupil.',
		'- The progress `basis` is `ks3-national-curriculum` for key stage 3 and below and `ks4-target`',
		'  for years 10–11.',
		'- Attendance percentage = attended sessions ÷ possible sessions over the period (the mark table',
		'  is in `src/lib/domain/attendance-percent.ts`).',
		''
	];
	for (const type of RECORD_TYPES) {
		const json = z.toJSONSchema(schemas[type], { io: 'input', unrepresentable: 'any' }) as JsonSchema;
		const required = new Set(json.required ?? []);
		lines.push(`## \`${type}\``, '', '| field | required | type and values |', '| --- | --- | --- |');
		for (const [field, schema] of Object.entries(json.properties ?? {})) {
			if (COMMON.has(field)) continue;
			lines.push(
				`| \`${field}\` | ${required.has(field) ? 'yes' : 'no'} | ${describe(schema).replaceAll('|', '\\|')} |`
			);
		}
		lines.push('');
	}
	return lines.join('\n');
}

export const DATA_MODEL_PATH = fileURLToPath(new URL('../docs/data-model.md', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	writeFileSync(DATA_MODEL_PATH, renderDataModel());
	console.log(`wrote ${DATA_MODEL_PATH}`);
}
