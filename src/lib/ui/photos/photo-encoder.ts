/**
 * Compress a decoded picture in the photo worker where the browser can (OffscreenCanvas), else on
 * the page's own canvas. One worker for the app's life, started on the first photo.
 */
import type { PreparedPage } from '$lib/store/work-photos';
import { encodePage, type PictureSource } from './encode-page';
import type { EncodeReply, EncodeRequest } from './photo-encode.worker';

let worker: Worker | null | undefined;
let nextId = 1;
const waiting = new Map<number, (reply: EncodeReply) => void>();

function photoWorker(): Worker | null {
	if (worker !== undefined) return worker;
	const canOffscreen =
		typeof Worker !== 'undefined' &&
		typeof OffscreenCanvas !== 'undefined' &&
		'convertToBlob' in OffscreenCanvas.prototype;
	if (!canOffscreen) return (worker = null);
	try {
		worker = new Worker(new URL('./photo-encode.worker.ts', import.meta.url), { type: 'module' });
		worker.onmessage = (event: MessageEvent<EncodeReply>) => {
			waiting.get(event.data.id)?.(event.data);
			waiting.delete(event.data.id);
		};
		// A worker that cannot start (blocked, out of memory) leaves the page's canvas to do the work.
		worker.onerror = () => {
			worker = null;
			for (const [id, resolve] of waiting) resolve({ id, page: null });
			waiting.clear();
		};
	} catch {
		worker = null;
	}
	return worker;
}

function onPage(source: PictureSource, size: { width: number; height: number }): Promise<PreparedPage | null> {
	return encodePage(source, size, (width, height) => {
		const canvas = document.createElement('canvas');
		canvas.width = width;
		canvas.height = height;
		return canvas;
	});
}

/**
 * The page scaled to `size` and compressed, with its thumbnail; null when it cannot be encoded.
 * The bitmap is used up (closed) either way.
 */
export async function compress(
	bitmap: ImageBitmap,
	size: { width: number; height: number }
): Promise<PreparedPage | null> {
	const w = photoWorker();
	if (!w) {
		try {
			return await onPage(bitmap, size);
		} finally {
			bitmap.close();
		}
	}
	const id = nextId++;
	const reply = await new Promise<EncodeReply>((resolve) => {
		waiting.set(id, resolve);
		w.postMessage({ id, bitmap, ...size } satisfies EncodeRequest, [bitmap]);
	});
	if (!('failed' in reply)) return reply.page;
	try {
		return await onPage(reply.bitmap, size);
	} finally {
		reply.bitmap.close();
	}
}
