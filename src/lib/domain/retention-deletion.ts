import { z } from 'zod';
import { documentSchema, isoDateTime, requiredText, username, type DocOf } from './common';
import { RETENTION_GROUPS } from './retention';

/**
 * A deletion certificate (docs/retention.md): what the data protection officer deleted under the
 * retention schedule, when, by whom and under which rule. Written only by Waymark's server (the
 * database's validation refuses it from anyone else), never changed afterwards, and replicated to
 * every tablet: purges do not replicate, so the certificate is how each tablet learns which
 * records to remove, and never to send back. It names records by id only (opaque ULIDs), with a
 * SHA-256 of the sorted ids, never a child's details.
 */
export const retentionDeletionSchema = documentSchema('retentionDeletion', {
	group: z.enum(RETENTION_GROUPS, { error: 'Unknown record group' }),
	/** The rule as it stood when applied: its title, period and policy text. */
	ruleTitle: requiredText('Rule', 200),
	period: requiredText('Period', 200),
	policy: requiredText('Policy', 2000),
	deletedAt: isoDateTime,
	deletedBy: username,
	/** Records removed, by kind. */
	kinds: z.array(z.looseObject({ type: z.string().min(1).max(40), count: z.int().min(1) })).max(60),
	count: z.int().min(1, { error: 'A certificate names at least one record' }),
	pupilCount: z.int().min(0),
	ids: z.array(z.string().min(3).max(200)).min(1).max(100_000),
	idsSha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a SHA-256 in hex' })
});

export type RetentionDeletion = DocOf<typeof retentionDeletionSchema>;
