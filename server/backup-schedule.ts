/**
 * The nightly backup while `npm start` runs (embedded server): one file a night into a folder,
 * the newest `keep` kept. An office PC is often off at night, so a start (or a wake) finding the
 * newest backup older than a day makes one soon instead of waiting for the next night.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { createBackup, writeBackupFile } from './backup';
import type { AdminCredentials } from './provision';

export interface BackupScheduleOptions {
	dir: string;
	/** How many backups to keep (oldest removed first). */
	keep: number;
	/** Local time of day "HH:MM" for the nightly run. */
	at: string;
	/** Wait after start before a catch-up backup (the server settles first). Default 2 minutes. */
	catchUpDelayMs?: number;
}

export interface BackupStatus {
	dir: string;
	keep: number;
	count: number;
	newest: { file: string; at: string; ageHours: number } | null;
	oldest: { file: string; at: string; ageHours: number } | null;
	nextRunAt: string | null;
	lastError: string | null;
}

const NAME = /^waymark-(\d{8}-\d{6})\.backup\.gz$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The next local time `at` ("HH:MM") strictly after `now`. */
export function nextRunAt(now: Date, at: string): Date {
	const m = /^(\d{1,2}):(\d{2})$/.exec(at);
	if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`The backup time must be HH:MM, not "${at}".`);
	const next = new Date(now.getFullYear(), now.getMonth(), now.getDate(), Number(m[1]), Number(m[2]), 0, 0);
	if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
	return next;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** `waymark-20261130-020000.backup.gz` in local time: sorts by age, readable in a file list. */
export function backupFileName(at: Date): string {
	const d = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`;
	const t = `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
	return `waymark-${d}-${t}.backup.gz`;
}

/** Backups in the folder, oldest first. */
export function listBackups(dir: string): { file: string; mtimeMs: number }[] {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	return names
		.filter((n) => NAME.test(n))
		.sort()
		.map((n) => ({ file: path.join(dir, n), mtimeMs: statSync(path.join(dir, n)).mtimeMs }));
}

export function backupSchedule(
	opts: BackupScheduleOptions,
	couchUrl: () => string,
	admin: AdminCredentials,
	log: (line: string) => void
) {
	let timer: NodeJS.Timeout | null = null;
	let next: Date | null = null;
	let lastError: string | null = null;
	let running: Promise<string> | null = null;
	let stopped = false;

	const rotate = () => {
		const all = listBackups(opts.dir);
		for (const old of all.slice(0, Math.max(0, all.length - opts.keep))) {
			rmSync(old.file, { force: true });
			rmSync(old.file + '.sha256', { force: true });
		}
	};

	/** Makes one backup now (one at a time) and rotates; returns the file. */
	const runNow = (): Promise<string> => {
		running ??= (async () => {
			try {
				mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
				const now = new Date();
				const file = path.join(opts.dir, backupFileName(now));
				writeBackupFile(file, await createBackup(couchUrl(), admin, now));
				rotate();
				lastError = null;
				log(`[waymark] backup written: ${file}`);
				return file;
			} catch (e) {
				lastError = `${new Date().toISOString()}: ${(e as Error).message}`;
				log(`[waymark] the nightly backup failed: ${(e as Error).message}`);
				throw e;
			} finally {
				running = null;
			}
		})();
		return running;
	};

	const arm = (delayMs?: number) => {
		if (stopped) return;
		const now = new Date();
		next = delayMs === undefined ? nextRunAt(now, opts.at) : new Date(now.getTime() + delayMs);
		timer = setTimeout(
			() => {
				void runNow()
					.catch(() => undefined)
					.finally(() => arm());
			},
			Math.max(0, next.getTime() - now.getTime())
		);
		timer.unref();
	};

	const start = () => {
		const newest = listBackups(opts.dir).at(-1);
		const overdue = !newest || Date.now() - newest.mtimeMs > DAY_MS;
		arm(overdue ? (opts.catchUpDelayMs ?? 2 * 60 * 1000) : undefined);
	};

	const status = (): BackupStatus => {
		const all = listBackups(opts.dir);
		const describe = (b: { file: string; mtimeMs: number } | undefined) =>
			b
				? {
						file: path.basename(b.file),
						at: new Date(b.mtimeMs).toISOString(),
						ageHours: Math.round(((Date.now() - b.mtimeMs) / 3_600_000) * 10) / 10
					}
				: null;
		return {
			dir: opts.dir,
			keep: opts.keep,
			count: all.length,
			newest: describe(all.at(-1)),
			oldest: describe(all[0]),
			nextRunAt: next?.toISOString() ?? null,
			lastError
		};
	};

	const stop = async () => {
		stopped = true;
		if (timer) clearTimeout(timer);
		await running?.catch(() => undefined);
	};

	return { start, runNow, status, stop };
}
