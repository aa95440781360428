/**
 * `GET /couch/_waymark/status` for a server admin: what the admin must keep an eye on that the
 * CouchDB API does not say: the backups (how many, how old, the last failure).
 */
import type { RequestHandler } from 'express';
import type { BackupStatus } from './backup-schedule';
import type { UserCtx } from './couch-guard';

export function adminStatusRoute(opts: {
	mode: () => 'embedded' | 'proxy';
	backups: () => BackupStatus | null;
	whoIs(headers: { cookie?: string; authorization?: string }): Promise<UserCtx>;
}): RequestHandler {
	return (req, res, next) => {
		if (req.method !== 'GET' || req.path.replace(/\/+$/, '') !== '/_waymark/status') return next();
		void opts
			.whoIs({ cookie: req.headers.cookie, authorization: req.headers.authorization })
			.catch((): UserCtx => ({ name: null, roles: [] }))
			.then((who) => {
				if (!who.roles.includes('_admin')) {
					res
						.status(who.name ? 403 : 401)
						.json({ error: 'forbidden', reason: 'Only a server admin can see the server status.' });
					return;
				}
				const mode = opts.mode();
				res.json({
					mode,
					backups:
						opts.backups() ??
						(mode === 'proxy'
							? { note: 'A real CouchDB is backed up with its own tools (see docs/security.md).' }
							: { note: 'Automatic backups are off (WAYMARK_BACKUP=0).' })
				});
			});
	};
}
