import { z } from 'zod';
import { docId, documentSchema, pupilRef, requiredText, type DocOf, type InputOf } from './common';

/**
 * A photographed page of a pupil's work (paper marked in class). Its own document, not an attachment:
 * it validates and replicates like every other record, and a tablet can drop old pages and fetch them
 * again by id. Kept small on purpose — large documents stall replication on school Wi-Fi.
 */
export const PHOTO_LONG_EDGE = 1600;
export const THUMB_LONG_EDGE = 240;
/** Aim for a page of about 300 KB; the schema refuses anything over 600 KB of base64. */
export const PHOTO_TARGET_BYTES = 300_000;
export const MAX_IMAGE_CHARS = 800_000;
export const MAX_THUMB_CHARS = 40_000;
/** A picked file larger than this is refused before it is decoded (a 40 MB photo would stall a tablet). */
export const MAX_PICKED_BYTES = 25 * 1024 * 1024;
export const MAX_PAGES = 40;

export const PHOTO_MEDIA_TYPES = ['image/jpeg', 'image/webp'] as const;

const base64 = (what: string, max: number) =>
	z
		.string()
		.min(1, { error: `${what} is empty` })
		.max(max, { error: `${what} is too large` })
		.regex(/^[A-Za-z0-9+/]+=*$/, { error: `${what} is not a picture` });

export const workPhotoSchema = documentSchema('workPhoto', {
	pupilId: pupilRef,
	workTitle: requiredText('Title of the work', 300),
	page: z
		.int()
		.min(1)
		.max(MAX_PAGES, { error: `A piece of work has at most ${MAX_PAGES} pages` }),
	mediaType: z.enum(PHOTO_MEDIA_TYPES, { error: 'The picture must be JPEG or WebP' }),
	image: base64('The page picture', MAX_IMAGE_CHARS),
	thumbnail: base64('The thumbnail', MAX_THUMB_CHARS),
	width: z.int().min(1).max(4096),
	height: z.int().min(1).max(4096),
	lessonId: docId('lesson').optional(),
	exitTicketId: docId('exitTicket').optional(),
	hostWorkId: docId('hostWork').optional()
});

export type WorkPhoto = DocOf<typeof workPhotoSchema>;
export type WorkPhotoInput = InputOf<WorkPhoto>;

/** The size to scale a picture to so its long edge is at most `longEdge` (never scaled up). */
export function fitWithin(width: number, height: number, longEdge: number): { width: number; height: number } {
	const scale = Math.min(1, longEdge / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** How many bytes a base64 string holds. */
export function base64Bytes(b64: string): number {
	const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
	return (b64.length * 3) / 4 - padding;
}

export type StorageVerdict = { kind: 'ok' } | { kind: 'warn'; message: string } | { kind: 'refuse'; message: string };

/**
 * Whether there is room on the tablet for another photo. Warn at 70% of what the browser allows the
 * app, refuse at 90%: the records already stored must always have room to grow and sync.
 */
export function storageVerdict(usage: number | undefined, quota: number | undefined): StorageVerdict {
	if (!usage || !quota) return { kind: 'ok' };
	const share = usage / quota;
	const percent = Math.round(share * 100);
	if (share >= 0.9)
		return {
			kind: 'refuse',
			message: `This tablet's storage for Waymark is ${percent}% full, so no more photos can be added. Free space in Settings (photos already on the server) or ask the office.`
		};
	if (share >= 0.7)
		return {
			kind: 'warn',
			message: `This tablet's storage for Waymark is ${percent}% full. Photos can still be added; free space in Settings soon.`
		};
	return { kind: 'ok' };
}

/** How much to cut from each edge of a page, in percent of its width (left, right) or height (top, bottom). */
export interface Trim {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

export const NO_TRIM: Trim = { top: 0, right: 0, bottom: 0, left: 0 };
/** A crop always leaves at least this share of the page each way, so a slip cannot crop it to nothing. */
export const MIN_CROP_SHARE = 0.2;

/**
 * The part of a `width` × `height` page left after trimming, in whole pixels. Trims are clamped to
 * 0–100% and, if opposite edges together would leave less than a fifth of the page, cut back evenly.
 */
export function cropBox(
	width: number,
	height: number,
	trim: Trim
): { x: number; y: number; width: number; height: number } {
	const axis = (size: number, startPct: number, endPct: number) => {
		let start = Math.min(100, Math.max(0, startPct)) / 100;
		let end = Math.min(100, Math.max(0, endPct)) / 100;
		const over = start + end - (1 - MIN_CROP_SHARE);
		if (over > 0) {
			const total = start + end;
			start -= (over * start) / total;
			end -= (over * end) / total;
		}
		const from = Math.round(size * start);
		return { from, length: Math.max(1, Math.round(size * (1 - end)) - from) };
	};
	const across = axis(width, trim.left, trim.right);
	const down = axis(height, trim.top, trim.bottom);
	return { x: across.from, y: down.from, width: across.length, height: down.length };
}

/**
 * A page this tablet no longer holds the picture of (freed from Settings, or older than the working
 * window) but still lists, so a thread or moderation sample shows a placeholder where it was and
 * can fetch it from the server. Kept only on this tablet; never synced.
 */
export interface PageOnServer {
	_id: string;
	pupilId: string;
	workTitle: string;
	page: number;
	width: number;
	height: number;
	createdAt: string;
	/** 'freed': taken off to free space (its ink stays); 'older': left with the working window. */
	reason: 'freed' | 'older';
	lessonId?: string;
	exitTicketId?: string;
	hostWorkId?: string;
}

/** What a tablet keeps of a page whose picture it drops. */
export function pageOnServerOf(photo: WorkPhoto, reason: PageOnServer['reason']): PageOnServer {
	const { _id, pupilId, workTitle, page, width, height, createdAt, lessonId, exitTicketId, hostWorkId } = photo;
	return {
		_id,
		pupilId,
		workTitle,
		page,
		width,
		height,
		createdAt,
		reason,
		...(lessonId ? { lessonId } : {}),
		...(exitTicketId ? { exitTicketId } : {}),
		...(hostWorkId ? { hostWorkId } : {})
	};
}

/** The placeholder's words where the tablet has no copy of a page and no connection. */
export const PAGE_ON_SERVER_OFFLINE = 'Photo on the server — connect to see it';
