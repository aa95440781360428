import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATA_MODEL_PATH, renderDataModel } from './data-model-doc';

describe('docs/data-model.md', () => {
	it('matches the zod schemas (run `npm run docs:data-model` after changing a schema)', () => {
		expect(readFileSync(DATA_MODEL_PATH, 'utf8')).toBe(renderDataModel());
	});

	it('documents every enumeration of the contract', () => {
		const doc = renderDataModel();
		expect(doc).toContain('`ehcp`');
		expect(doc).toContain('`working-towards`');
		expect(doc).toContain('`unauthorised-absence`');
		expect(doc).toContain('`broken-down`');
	});
});
