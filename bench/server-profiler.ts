// Preloaded into the server by `npm run bench:load -- --profile` (node --import, after tsx): profiles the
// server's main thread from its start until SIGTERM and writes the profile then, before the
// server closes (`node --cpu-prof` writes at exit, which leveldown's close can crash first).
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.WAYMARK_PROFILE_DIR;
if (dir) {
	const session = new Session();
	session.connect();
	session.post('Profiler.enable');
	session.post('Profiler.setSamplingInterval', { interval: 1000 });
	session.post('Profiler.start');
	process.prependOnceListener('SIGTERM', () => {
		// Same-thread inspector sessions answer synchronously: the file is written before the
		// server's own SIGTERM handler starts closing.
		session.post('Profiler.stop', (err, result) => {
			if (!err) writeFileSync(path.join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
		});
	});
}
