/**
 * Scale a decoded picture to its stored size and compress it, with its thumbnail: the one encoder
 * for new, rotated and cropped pages. It runs in the photo worker (OffscreenCanvas) so the screen
 * stays responsive while a 12 MP camera picture is compressed, and on the page itself where a
 * browser has no OffscreenCanvas.
 */
import { fitWithin, PHOTO_TARGET_BYTES, THUMB_LONG_EDGE } from '$lib/domain/work-photo';
import type { PreparedPage } from '$lib/store/work-photos';

export type AnyCanvas = HTMLCanvasElement | OffscreenCanvas;
export type MakeCanvas = (width: number, height: number) => AnyCanvas;
export type PictureSource = ImageBitmap | AnyCanvas;

/** The thumbnail's budget; the schema refuses more than MAX_THUMB_CHARS of base64. */
const THUMB_TARGET_BYTES = 20_000;

function toBlob(canvas: AnyCanvas, type: string, quality: number): Promise<Blob | null> {
	if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality }).catch(() => null);
	return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

async function blobToBase64(blob: Blob): Promise<string> {
	const bytes = new Uint8Array(await blob.arrayBuffer());
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}

/** Encode at falling quality until the picture fits its budget. */
async function encode(
	canvas: AnyCanvas,
	budgetBytes: number,
	preferred?: 'image/webp' | 'image/jpeg'
): Promise<{ b64: string; mediaType: 'image/webp' | 'image/jpeg' } | null> {
	let mediaType = preferred;
	let first: Blob | null = null;
	if (!mediaType) {
		// Safari before 17 cannot write WebP and silently gives PNG: fall back to JPEG then.
		first = await toBlob(canvas, 'image/webp', 0.8);
		mediaType = first?.type === 'image/webp' ? 'image/webp' : 'image/jpeg';
		if (mediaType === 'image/jpeg') first = null;
	}
	for (const quality of [0.8, 0.7, 0.6, 0.5, 0.4]) {
		const blob = quality === 0.8 && first ? first : await toBlob(canvas, mediaType, quality);
		if (!blob) return null;
		if (blob.size <= budgetBytes || quality === 0.4) return { b64: await blobToBase64(blob), mediaType };
	}
	return null;
}

function draw(source: PictureSource, size: { width: number; height: number }, make: MakeCanvas): AnyCanvas {
	const canvas = make(size.width, size.height);
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('No 2D canvas');
	ctx.imageSmoothingQuality = 'high';
	ctx.drawImage(source, 0, 0, size.width, size.height);
	return canvas;
}

/**
 * The stored page from a decoded picture: scaled once to `size`, the thumbnail made from that
 * scaled copy (not the original again), each encoded once where it fits its budget at the first
 * quality. Null when the browser could not encode it.
 */
export async function encodePage(
	source: PictureSource,
	size: { width: number; height: number },
	make: MakeCanvas
): Promise<PreparedPage | null> {
	const page =
		source.width === size.width && source.height === size.height && !('close' in source)
			? source
			: draw(source, size, make);
	const thumb = draw(page, fitWithin(page.width, page.height, THUMB_LONG_EDGE), make);
	const image = await encode(page, PHOTO_TARGET_BYTES);
	if (!image) return null;
	const thumbnail = await encode(thumb, THUMB_TARGET_BYTES, image.mediaType);
	if (!thumbnail) return null;
	return {
		image: image.b64,
		thumbnail: thumbnail.b64,
		width: page.width,
		height: page.height,
		mediaType: image.mediaType
	};
}
