import { SCHEMA_VERSION } from './common';

/** Shown on a record a newer version of Waymark has saved, and when this one is asked to change it. */
export const NEWER_VERSION_MESSAGE = 'Updated on a newer version of Waymark — update this tablet to edit it.';

/**
 * Saved by a newer version of Waymark than this one (a higher `schemaVersion`). This app may show
 * such a record but must never save over it: its older copy would drop or undo what the newer
 * version wrote.
 */
export function isFromNewerVersion(doc: object | null | undefined): boolean {
	const version = (doc as { schemaVersion?: unknown } | null | undefined)?.schemaVersion;
	return typeof version === 'number' && version > SCHEMA_VERSION;
}
