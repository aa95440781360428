import { describe, expect, it } from 'vitest';
import { backupFileName, nextRunAt } from './backup-schedule';
import { backupOptionsFromEnv } from './backup-env';

describe('nextRunAt', () => {
	it('is later today when the time has not come yet, else tomorrow (local time)', () => {
		expect(nextRunAt(new Date(2026, 10, 30, 1, 59), '02:00')).toEqual(new Date(2026, 10, 30, 2, 0));
		expect(nextRunAt(new Date(2026, 10, 30, 2, 0), '02:00')).toEqual(new Date(2026, 11, 1, 2, 0));
		expect(nextRunAt(new Date(2026, 11, 31, 23, 30), '2:15')).toEqual(new Date(2027, 0, 1, 2, 15));
	});
	it('says what is wrong with a time that is not HH:MM', () => {
		expect(() => nextRunAt(new Date(), '2am')).toThrow(/HH:MM, not "2am"/);
		expect(() => nextRunAt(new Date(), '24:00')).toThrow(/HH:MM/);
	});
});

it('names a backup by its local date and time, so names sort by age', () => {
	expect(backupFileName(new Date(2026, 0, 5, 2, 3, 4))).toBe('waymark-20260105-020304.backup.gz');
});

describe('backupOptionsFromEnv', () => {
	it('is on by default (14 kept, 02:00, ./backups), off with WAYMARK_BACKUP=0', () => {
		expect(backupOptionsFromEnv({})).toMatchObject({ keep: 14, at: '02:00' });
		expect(backupOptionsFromEnv({})!.dir).toMatch(/backups$/);
		expect(backupOptionsFromEnv({ WAYMARK_BACKUP: '0' })).toBeUndefined();
		expect(backupOptionsFromEnv({ WAYMARK_BACKUP_KEEP: '3', WAYMARK_BACKUP_AT: '23:30' })).toMatchObject({
			keep: 3,
			at: '23:30'
		});
	});
	it('refuses a keep count that is not a whole number from 1', () => {
		expect(() => backupOptionsFromEnv({ WAYMARK_BACKUP_KEEP: '0' })).toThrow(/whole number from 1/);
	});
});
