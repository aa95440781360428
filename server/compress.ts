/**
 * Bytes on the wire (issue 16.6): school Wi-Fi is slow and shared.
 *
 * The CouchDB API's replies are compressed here, in both modes: a real CouchDB 3 does not compress
 * its responses, the Waymark server in front of it can. JSON of records shrinks several times
 * (a first sync's `_bulk_get` pages most of all). Brotli when the browser offers it, else gzip;
 * small replies (under 1 KiB) are sent as they are.
 *
 * A live changes feed (`feed=longpoll|continuous`) stays open and writes a newline every
 * heartbeat so the tablet knows the server is there: compressed, those bytes would sit in the
 * compressor's buffer. Each write to such a feed is flushed at once instead.
 */
import compression from 'compression';
import type { RequestHandler } from 'express';

const LIVE_FEEDS = new Set(['longpoll', 'continuous', 'eventsource']);

export function compressCouchReplies(): RequestHandler[] {
	const compress = compression({ threshold: 1024 });
	const flushLiveFeeds: RequestHandler = (req, res, next) => {
		const feed = req.query.feed;
		if (/\/_changes\/?$/i.test(req.path) && typeof feed === 'string' && LIVE_FEEDS.has(feed)) {
			const write = res.write.bind(res) as (...args: unknown[]) => boolean;
			res.write = ((...args: unknown[]) => {
				const written = write(...args);
				res.flush();
				return written;
			}) as typeof res.write;
		}
		next();
	};
	return [compress, flushLiveFeeds];
}
