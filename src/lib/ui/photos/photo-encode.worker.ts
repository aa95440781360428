/// <reference lib="webworker" />
/**
 * The photo worker: scales and compresses a decoded picture off the main thread (WebP encoding of
 * a 1600 px page takes a few hundred milliseconds on a tablet; on the main thread it froze the
 * screen). A picture it cannot encode is handed back, so the page can try on its own canvas.
 */
import { encodePage } from './encode-page';

export interface EncodeRequest {
	id: number;
	bitmap: ImageBitmap;
	width: number;
	height: number;
}

export type EncodeReply =
	| { id: number; page: import('$lib/store/work-photos').PreparedPage | null }
	| { id: number; failed: true; bitmap: ImageBitmap };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<EncodeRequest>) => {
	const { id, bitmap, width, height } = event.data;
	try {
		const page = await encodePage(bitmap, { width, height }, (w, h) => new OffscreenCanvas(w, h));
		bitmap.close();
		scope.postMessage({ id, page } satisfies EncodeReply);
	} catch {
		scope.postMessage({ id, failed: true, bitmap } satisfies EncodeReply, [bitmap]);
	}
};
