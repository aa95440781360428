/**
 * The zod schema of every document type, from the project's domain layer (src/lib/domain/kinds.ts).
 */
import type { z } from 'zod';
import { schemas } from '../src/lib/domain/kinds';

export type SchemaRegistry = Record<string, z.ZodType>;

export function loadDomainSchemas(): SchemaRegistry {
	// Only the types the registry really has a schema for (it may list types still to come).
	return Object.fromEntries(
		Object.entries(schemas as Record<string, z.ZodType | undefined>).filter(([, s]) => s)
	) as SchemaRegistry;
}
