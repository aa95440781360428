/**
 * The zod schema of every document type, from the project's domain layer (src/lib/domain).
 * `kinds.ts` holds the registry of all types; until it exists, pupil and intake are used.
 */
import type { z } from 'zod';
import { intakeSchema } from '../src/lib/domain/intake';
import { pupilSchema } from '../src/lib/domain/pupil';

export type SchemaRegistry = Record<string, z.ZodType>;

const FALLBACK: SchemaRegistry = { pupil: pupilSchema, intake: intakeSchema };

let loaded: Promise<SchemaRegistry> | undefined;

export function loadDomainSchemas(): Promise<SchemaRegistry> {
	loaded ??= (async () => {
		// A variable specifier: kinds.ts is being written alongside this file.
		const spec = '../src/lib/domain/kinds';
		try {
			const mod = (await import(/* @vite-ignore */ spec)) as { schemas?: SchemaRegistry };
			if (mod.schemas && Object.keys(mod.schemas).length > 0) return mod.schemas;
		} catch {
			// not there yet
		}
		return FALLBACK;
	})();
	return loaded;
}
