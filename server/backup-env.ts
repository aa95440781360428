/** The nightly backup's settings from the environment (`npm start`); see server/README.md. */
import path from 'node:path';
import { nextRunAt, type BackupScheduleOptions } from './backup-schedule';

export const DEFAULT_BACKUP_KEEP = 14;
export const DEFAULT_BACKUP_AT = '02:00';

export function backupOptionsFromEnv(env: NodeJS.ProcessEnv): BackupScheduleOptions | undefined {
	if (env.WAYMARK_BACKUP === '0') return undefined;
	const keep = env.WAYMARK_BACKUP_KEEP === undefined ? DEFAULT_BACKUP_KEEP : Number(env.WAYMARK_BACKUP_KEEP);
	if (!Number.isInteger(keep) || keep < 1)
		throw new Error(`WAYMARK_BACKUP_KEEP must be a whole number from 1, not "${env.WAYMARK_BACKUP_KEEP}".`);
	const at = env.WAYMARK_BACKUP_AT || DEFAULT_BACKUP_AT;
	nextRunAt(new Date(), at); // says what is wrong with a time like "2am" before the server starts
	return {
		// Beside the data folder, not in it: a restore goes onto an empty data folder.
		dir: path.resolve(env.WAYMARK_BACKUP_DIR || 'backups'),
		keep,
		at
	};
}
