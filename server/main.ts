/**
 * `npm start` / `npm run serve`: the app and the CouchDB API on one port.
 *   PORT (8080)  HOST (127.0.0.1)  DATA_DIR (./data)  BUILD_DIR (./build)
 *   COUCHDB_URL + COUCHDB_ADMIN_USER + COUCHDB_ADMIN_PASSWORD: use a real CouchDB 3 instead
 *   WAYMARK_ADMIN_PASSWORD: the embedded server's admin password on first start
 *   WAYMARK_SESSION_IDLE_DAYS (30): a tablet's session ends after this many days unused (embedded)
 *   WAYMARK_DEMO=1: create the demo organisation even on a real CouchDB (COUCHDB_URL);
 *   WAYMARK_DEMO=0 (or the older WAYMARK_SEED_DEMO=0): never create it
 *   WAYMARK_DEVICE_LOCK_DAYS (30): a tablet not signed in online for this long locks its records
 *   WAYMARK_BACKUP=0: no nightly backup (embedded); WAYMARK_BACKUP_DIR (./backups),
 *   WAYMARK_BACKUP_KEEP (14), WAYMARK_BACKUP_AT (02:00, local time)
 */
import { installProcessGuards } from './couch-guard';
import { startServer } from './app';
import { backupOptionsFromEnv } from './backup-env';
import { demoWanted } from './demo-accounts';
import { DEMO_LOGINS, DEMO_ORG } from './seed-demo';

installProcessGuards((line) => console.error(line));

const port = process.env.PORT === undefined ? 8080 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`PORT must be a port number, not "${process.env.PORT}".`);
	process.exit(2);
}

try {
	const server = await startServer({
		port,
		host: process.env.HOST || '127.0.0.1',
		dataDir: process.env.DATA_DIR || 'data',
		buildDir: process.env.BUILD_DIR || 'build',
		couchdbUrl: process.env.COUCHDB_URL || undefined,
		seedDemo: demoWanted(process.env),
		backups: backupOptionsFromEnv(process.env),
		deviceLockDays: process.env.WAYMARK_DEVICE_LOCK_DAYS
			? Number(process.env.WAYMARK_DEVICE_LOCK_DAYS) || undefined
			: undefined,
		sessionTimeoutSeconds: process.env.WAYMARK_SESSION_IDLE_DAYS
			? Math.round(Number(process.env.WAYMARK_SESSION_IDLE_DAYS) * 24 * 60 * 60) || undefined
			: undefined
	});
	const logins = DEMO_LOGINS.map((l) => `${l.name}/${l.password}${l.role === 'visitor' ? ' (read only)' : ''}`).join(
		', '
	);
	const adminWhere =
		server.mode === 'embedded'
			? `admin password in ${server.adminPasswordFile}`
			: `CouchDB at ${process.env.COUCHDB_URL}`;
	const demo = demoWanted(process.env) ? ` — demo "${DEMO_ORG.name}" logins: ${logins}` : '';
	console.log(
		`Waymark is running at ${server.url}/${demo}; ${adminWhere}` +
			(server.seeded ? ' (first start: demo data created)' : '')
	);
	const stop = async (signal: string) => {
		console.log(`[waymark] ${signal}: stopping`);
		const t = setTimeout(() => process.exit(0), 5000);
		t.unref();
		await server.close().catch(() => undefined);
		process.exit(0);
	};
	process.once('SIGINT', () => void stop('SIGINT'));
	process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (e) {
	const err = e as NodeJS.ErrnoException;
	if (err.code === 'EADDRINUSE') {
		console.error(
			`Port ${port} is already in use (is Waymark already running?). Stop the other program or choose another port: PORT=8081 npm start`
		);
	} else if (err.code === 'EACCES') {
		console.error(`Not allowed to listen on port ${port}; choose a port above 1024, e.g. PORT=8080.`);
	} else {
		console.error(`Waymark could not start: ${err.stack ?? err.message}`);
	}
	process.exit(1);
}
