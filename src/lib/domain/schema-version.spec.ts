import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from './common';
import { isFromNewerVersion } from './schema-version';

describe('records saved by a newer version of Waymark', () => {
	it('are those with a higher schemaVersion than this app', () => {
		expect(isFromNewerVersion({ schemaVersion: SCHEMA_VERSION + 1 })).toBe(true);
		expect(isFromNewerVersion({ schemaVersion: SCHEMA_VERSION })).toBe(false);
		expect(isFromNewerVersion({ schemaVersion: '2' })).toBe(false);
		expect(isFromNewerVersion(undefined)).toBe(false);
	});
});
