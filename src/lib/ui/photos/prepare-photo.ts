/**
 * Turn a picked camera picture into a page Waymark stores: decoded, turned upright, scaled so its long
 * edge is 1600 px, compressed (WebP where the browser writes it, else JPEG) to about 300 KB, with a
 * thumbnail. Only the compressed copy is ever stored or sent; the original stays in the camera roll.
 */
import {
	base64Bytes,
	cropBox,
	fitWithin,
	MAX_IMAGE_CHARS,
	MAX_PICKED_BYTES,
	MAX_THUMB_CHARS,
	PHOTO_LONG_EDGE,
	type Trim
} from '$lib/domain/work-photo';
import type { PreparedPage } from '$lib/store/work-photos';
import { compress } from './photo-encoder';

export type Prepared = { ok: true; page: PreparedPage } | { ok: false; message: string };

const HEIC = /\.(heic|heif)$/i;

function describe(file: File): string {
	return file.name ? `"${file.name}"` : 'That file';
}

async function decode(file: File): Promise<ImageBitmap | null> {
	try {
		return await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		return null;
	}
}

function canvasOf(width: number, height: number): HTMLCanvasElement {
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	return canvas;
}

/** A page from a picked file, or a plain-English reason it cannot be one. Nothing is stored here. */
export async function preparePhoto(file: File): Promise<Prepared> {
	if (file.type && !file.type.startsWith('image/'))
		return { ok: false, message: `${describe(file)} is not a picture. Choose a photo of the work.` };
	if (file.size > MAX_PICKED_BYTES)
		return {
			ok: false,
			message: `${describe(file)} is ${Math.round(file.size / 1024 / 1024)} MB, too large to add. Take the photo again at the camera's normal size.`
		};
	const bitmap = await decode(file);
	if (!bitmap) {
		const heic = HEIC.test(file.name) || /hei[cf]/i.test(file.type);
		return {
			ok: false,
			message: heic
				? `${describe(file)} is in the iPhone HEIC format, which this browser cannot open. In the camera settings choose "Most Compatible" (JPEG), or take the photo from Waymark.`
				: `${describe(file)} could not be opened as a picture: it may be damaged or in a format this browser cannot read.`
		};
	}
	// Decoded at full size, turned upright (EXIF), then scaled and compressed once, off the main thread.
	const page = await compress(bitmap, fitWithin(bitmap.width, bitmap.height, PHOTO_LONG_EDGE));
	if (!page || page.image.length > MAX_IMAGE_CHARS || page.thumbnail.length > MAX_THUMB_CHARS)
		return {
			ok: false,
			message: `${describe(file)} could not be made small enough to store. Try a plainer photo of the page.`
		};
	return { ok: true, page };
}

/** The same page turned a quarter turn clockwise (for a photo taken sideways). */
export async function rotatePage(page: PreparedPage): Promise<PreparedPage> {
	const img = await createImageBitmap(base64ToBlob(page.image, page.mediaType));
	const canvas = canvasOf(page.height, page.width);
	const ctx = canvas.getContext('2d')!;
	ctx.translate(page.height, 0);
	ctx.rotate(Math.PI / 2);
	ctx.drawImage(img, 0, 0);
	img.close();
	return (await reencode(canvas)) ?? page;
}

/** The page with its edges trimmed (the desk, a thumb, the next sheet cut away). */
export async function cropPage(page: PreparedPage, trim: Trim): Promise<PreparedPage> {
	const box = cropBox(page.width, page.height, trim);
	if (box.width === page.width && box.height === page.height) return page;
	const img = await createImageBitmap(base64ToBlob(page.image, page.mediaType));
	const canvas = canvasOf(box.width, box.height);
	canvas.getContext('2d')!.drawImage(img, box.x, box.y, box.width, box.height, 0, 0, box.width, box.height);
	img.close();
	return (await reencode(canvas)) ?? page;
}

async function reencode(canvas: HTMLCanvasElement): Promise<PreparedPage | null> {
	return compress(await createImageBitmap(canvas), { width: canvas.width, height: canvas.height });
}

/** Bytes from base64 without fetch(): the app's CSP lets fetch reach only its own server. */
export function base64ToBlob(b64: string, mediaType: string): Blob {
	const binary = atob(b64);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return new Blob([bytes], { type: mediaType });
}

export function dataUrl(mediaType: string, b64: string): string {
	return `data:${mediaType};base64,${b64}`;
}

/** Size in KB, for what the teacher is told about a page. */
export function pageKb(page: Pick<PreparedPage, 'image'>): number {
	return Math.round(base64Bytes(page.image) / 1024);
}
