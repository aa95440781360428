/**
 * Safeguarding concerns on this tablet: kept in their own Dexie table, never in the outbox or the
 * PouchDB replica, so they never reach the organisation database or another tablet. A concern
 * waits here only until the server confirms it is in the restricted database; then it leaves the
 * tablet (the one place Waymark removes what a person wrote — it has been handed on, not lost).
 */
import { z } from 'zod';
import { localToday } from '$lib/domain/calendar-days';
import { SCHEMA_VERSION } from '$lib/domain/common';
import { newId } from '$lib/domain/ids';
import { futureDateErrors } from '$lib/domain/record-dates';
import {
	safeguardingNoteSchema,
	type SafeguardingNote,
	type SafeguardingNoteInput
} from '$lib/domain/safeguarding-note';
import { currentActor } from './actor';
import { db } from './db';
import type { SaveResult } from './repository';

function fieldErrors(error: z.ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
	return errors;
}

/** Keep a concern on the tablet until it can be sent; it is sent at once when online. */
export async function queueConcern(input: SafeguardingNoteInput): Promise<SaveResult<SafeguardingNote>> {
	const now = new Date().toISOString();
	const actor = currentActor();
	const candidate = {
		...input,
		_id: newId('safeguardingNote'),
		type: 'safeguardingNote',
		schemaVersion: SCHEMA_VERSION,
		createdAt: now,
		createdBy: actor,
		updatedAt: now,
		updatedBy: actor
	};
	const parsed = safeguardingNoteSchema.safeParse(candidate);
	const dated = futureDateErrors(candidate, { happenedOn: 'The date it happened' }, localToday());
	if (!parsed.success || Object.keys(dated).length)
		return {
			ok: false,
			message: 'Check the highlighted fields.',
			errors: { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...dated }
		};
	const note = parsed.data as SafeguardingNote;
	await db.safeguardingQueue.put({ _id: note._id, note, queuedAt: now });
	return { ok: true, record: note };
}

/** How many concerns are still on this tablet, and the last refusal, for the screen. */
export async function waitingConcerns(): Promise<{ count: number; problem: string | null }> {
	const entries = await db.safeguardingQueue.toArray();
	return { count: entries.length, problem: entries.find((e) => e.problem)?.problem ?? null };
}

export async function queuedConcerns(): Promise<{ _id: string; note: SafeguardingNote }[]> {
	return db.safeguardingQueue.orderBy('queuedAt').toArray();
}

/** The server has it: it leaves this tablet. */
export async function handedOn(id: string): Promise<void> {
	await db.safeguardingQueue.delete(id);
}

export async function refused(id: string, problem: string): Promise<void> {
	await db.safeguardingQueue.update(id, { problem });
}
