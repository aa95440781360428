/** A marked page flattened to one JPEG (photo + ink) for the evidence-pack PDF. */
import type { InkLayer } from '$lib/domain/ink';
import { markingSample, type PupilRecords } from '$lib/domain/pupil-timeline';
import * as workPhotos from '$lib/store/work-photos';
import { fitWithin, type WorkPhoto } from '$lib/domain/work-photo';
import type { PageImage } from '$lib/pdf/evidence-pack';
import { drawableStrokes, drawAll } from './ink-render';
import { base64ToBlob } from './prepare-photo';

/** 1000 px across is sharp on A4 at the size the PDF prints it, and keeps the file small. */
const PRINT_LONG_EDGE = 1000;

export async function renderMarkedPage(page: WorkPhoto, layers: InkLayer[]): Promise<PageImage> {
	const bitmap = await createImageBitmap(base64ToBlob(page.image, page.mediaType));
	const inkCanvas = document.createElement('canvas');
	inkCanvas.width = page.width;
	inkCanvas.height = page.height;
	drawAll(inkCanvas.getContext('2d')!, drawableStrokes(layers));
	const size = fitWithin(page.width, page.height, PRINT_LONG_EDGE);
	const out = document.createElement('canvas');
	out.width = size.width;
	out.height = size.height;
	const ctx = out.getContext('2d')!;
	ctx.fillStyle = '#fff';
	ctx.fillRect(0, 0, size.width, size.height);
	ctx.drawImage(bitmap, 0, 0, size.width, size.height);
	ctx.drawImage(inkCanvas, 0, 0, size.width, size.height);
	bitmap.close();
	const jpeg = out.toDataURL('image/jpeg', 0.7).split(',')[1]!;
	return { jpeg, width: size.width, height: size.height };
}

/** The marked pages of the work the evidence pack samples, flattened with their ink for printing. */
export async function markedPageImages(r: PupilRecords): Promise<Map<string, PageImage>> {
	const pages = markingSample(r).flatMap((t) => t.pages);
	const ink = await workPhotos.inkForPages(pages.map((p) => p._id));
	const images = new Map<string, PageImage>();
	for (const page of pages) images.set(page._id, await renderMarkedPage(page, ink.get(page._id) ?? []));
	return images;
}
