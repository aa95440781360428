import { encodePoints, simplify, type InkLayer, type InkPoint, type InkStroke, type InkTool } from '$lib/domain/ink';
import type { Pen } from '$lib/domain/marking-note';
import { workKey } from '$lib/domain/marking-threads';
import { base64Bytes, type PageOnServer, type WorkPhoto, type WorkPhotoInput } from '$lib/domain/work-photo';
import { db } from './db';
import { repository, type SaveResult } from './repository';

const photos = repository('workPhoto');
const ink = repository('inkLayer');

export const { get } = photos;

/** A page made ready on the tablet (compressed, with its thumbnail), not yet stored. */
export type PreparedPage = Pick<WorkPhotoInput, 'image' | 'thumbnail' | 'width' | 'height' | 'mediaType'>;

export type WorkRef = Pick<WorkPhotoInput, 'pupilId' | 'workTitle' | 'lessonId' | 'exitTicketId' | 'hostWorkId'>;

/** A pupil's pages whose picture is on the server only (freed here, or older than the working window). */
export function pagesOnServerFor(pupilId: string): Promise<PageOnServer[]> {
	return db.pagesOnServer.where('pupilId').equals(pupilId).toArray();
}

/** Every page photographed for a pupil (not withdrawn). */
export function photosFor(pupilId: string): Promise<WorkPhoto[]> {
	return photos.forPupil(pupilId);
}

/**
 * Store the pages of one piece of work after the ones it already has, all or none: a failure on
 * page 3 leaves no pages 1 and 2 behind to confuse the thread.
 */
export async function addPages(work: WorkRef, pages: PreparedPage[]): Promise<SaveResult<WorkPhoto[]>> {
	const key = workKey(work.pupilId, work.workTitle);
	const saved: WorkPhoto[] = [];
	let failure: SaveResult<WorkPhoto[]> | null = null;
	try {
		await db.transaction('rw', [db.records('workPhoto'), db.outbox], async () => {
			const existing = (await photos.forPupil(work.pupilId)).filter((p) => workKey(p.pupilId, p.workTitle) === key);
			let next = existing.reduce((n, p) => Math.max(n, p.page), 0) + 1;
			for (const page of pages) {
				const result = await photos.create({ ...work, ...page, page: next++ });
				if (!result.ok) {
					failure = result;
					throw new Error('page refused');
				}
				saved.push(result.record);
			}
		});
	} catch (err) {
		if (failure) return failure;
		throw err;
	}
	return { ok: true, record: saved };
}

/** Withdraw a page (kept in history; its ink stays with it). */
export function withdrawPage(photoId: string): Promise<SaveResult<WorkPhoto>> {
	return photos.archive(photoId);
}

/** Every ink session on a page. */
export async function inkFor(photoId: string): Promise<InkLayer[]> {
	const rows = await db.records<InkLayer>('inkLayer').where('photoId').equals(photoId).toArray();
	return rows.filter((r) => !r.archived);
}

/** Ink of many pages at once, by page id (for the timeline and the evidence pack). */
export async function inkForPages(photoIds: string[]): Promise<Map<string, InkLayer[]>> {
	const rows = await db.records<InkLayer>('inkLayer').where('photoId').anyOf(photoIds).toArray();
	const out = new Map<string, InkLayer[]>();
	for (const row of rows) if (!row.archived) out.set(row.photoId, [...(out.get(row.photoId) ?? []), row]);
	return out;
}

/** One drawing session of one person with one pen on one page: the document only it changes. */
export interface InkSession {
	pupilId: string;
	photoId: string;
	pen: Pen;
	/** The session's layer once its first stroke is stored. */
	layerId?: string;
}

type LayerChange = (layer: Pick<InkLayer, 'strokes' | 'erases'>) => Pick<InkLayer, 'strokes' | 'erases'>;

/** Saves still running per session: each reads the layer and writes it back, so they must not overlap. */
const queues = new WeakMap<InkSession, Promise<unknown>>();

/**
 * Apply a change to the session's layer. Changes run one after another: two quick strokes whose saves
 * overlapped would both read the same layer and the second write would drop the first stroke.
 */
function saveLayer(session: InkSession, change: LayerChange): Promise<SaveResult<InkLayer>> {
	const run = async () => {
		const current = session.layerId ? await ink.get(session.layerId) : undefined;
		const next = change({ strokes: current?.strokes ?? [], erases: current?.erases });
		const result = current
			? await ink.update(current._id, next)
			: await ink.create({ pupilId: session.pupilId, photoId: session.photoId, pen: session.pen, ...next });
		if (result.ok) session.layerId = result.record._id;
		return result;
	};
	const result = (queues.get(session) ?? Promise.resolve()).then(run, run);
	queues.set(session, result);
	return result;
}

/** Store a finished stroke (simplified: a pen at 240 Hz gives far more points than the eye needs). */
export function addStroke(
	session: InkSession,
	stroke: { id: string; tool: InkTool; width: number; points: readonly InkPoint[] }
): Promise<SaveResult<InkLayer>> {
	const stored: InkStroke = {
		id: stroke.id,
		tool: stroke.tool,
		width: stroke.width,
		points: encodePoints(simplify(stroke.points))
	};
	return saveLayer(session, (l) => ({ ...l, strokes: [...l.strokes, stored] }));
}

/** Hide strokes (of any layer) under the eraser: recorded in this session, so undo can bring them back. */
export function eraseStrokes(session: InkSession, strokeIds: string[]): Promise<SaveResult<InkLayer>> {
	return saveLayer(session, (l) => ({ ...l, erases: [...new Set([...(l.erases ?? []), ...strokeIds])] }));
}

/** Take back this session's own stroke or erasure (undo); redo puts it back. */
export function removeStroke(session: InkSession, strokeId: string): Promise<SaveResult<InkLayer>> {
	return saveLayer(session, (l) => ({ ...l, strokes: l.strokes.filter((s) => s.id !== strokeId) }));
}

export function unerase(session: InkSession, strokeIds: string[]): Promise<SaveResult<InkLayer>> {
	return saveLayer(session, (l) => ({ ...l, erases: (l.erases ?? []).filter((id) => !strokeIds.includes(id)) }));
}

/** Put back a stroke that undo took away, exactly as it was stored. */
export function restoreStroke(session: InkSession, stroke: InkStroke): Promise<SaveResult<InkLayer>> {
	return saveLayer(session, (l) => ({ ...l, strokes: [...l.strokes, stroke] }));
}

/** How many photographed pages this tablet holds and how much room their pictures take. */
export async function storedPhotos(): Promise<{ pages: number; bytes: number }> {
	let pages = 0;
	let bytes = 0;
	await db.records<WorkPhoto>('workPhoto').each((p) => {
		pages++;
		bytes += base64Bytes(p.image) + base64Bytes(p.thumbnail);
	});
	return { pages, bytes };
}
