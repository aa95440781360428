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
		'Generated from the zod schemas in `src/lib/domain` by `npm run docs:data-model`; a unit test',
		'fails when this file and the schemas disagree. The contract itself is',
		'`../shared/spec/data-contract.md`; Waymark adds the `settings` type and optional fields only.',
		'',
		'Every document also has: `_id` (`<type>:<ULID>`), `type`, `schemaVersion` (1), `createdAt`,',
		'`updatedAt` (ISO 8601), `createdBy`, `updatedBy` (staff user names) and optional `archived`.',
		'Documents may carry further fields written by other clients; Waymark keeps them.',
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
