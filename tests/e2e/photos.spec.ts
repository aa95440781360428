import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { validateDocument } from '../../src/lib/domain/kinds';
import { makeDoc } from '../support/test-factories';
import { putServerDocs, serverDocs, signedInTablet } from './support';

/** A photo of a worksheet as a camera would give it: a 3000×2000 JPEG, drawn by the browser. */
async function worksheetJpeg(page: Page): Promise<Buffer> {
	const b64 = await page.evaluate(async () => {
		const c = document.createElement('canvas');
		c.width = 3000;
		c.height = 2000;
		const ctx = c.getContext('2d')!;
		ctx.fillStyle = '#fdfdf8';
		ctx.fillRect(0, 0, 3000, 2000);
		ctx.fillStyle = '#222';
		ctx.font = '120px sans-serif';
		for (let i = 0; i < 8; i++) ctx.fillText(`${i + 3} × 4 = ${(i + 3) * 4}`, 200, 300 + i * 200);
		const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/jpeg', 0.92));
		const bytes = new Uint8Array(await blob.arrayBuffer());
		let s = '';
		for (const b of bytes) s += String.fromCharCode(b);
		return btoa(s);
	});
	return Buffer.from(b64, 'base64');
}

/** Draw a line across the page with a pointer of the given kind (mouse through Playwright; touch and pen dispatched). */
async function drawLine(
	page: Page,
	from: [number, number],
	to: [number, number],
	kind: 'mouse' | 'touch' | 'pen' = 'mouse'
) {
	const canvas = page.locator('canvas[data-strokes]');
	const box = (await canvas.boundingBox())!;
	const at = (f: [number, number]) => [box.x + box.width * f[0], box.y + box.height * f[1]] as const;
	if (kind === 'mouse') {
		await page.mouse.move(...at(from));
		await page.mouse.down();
		for (let i = 1; i <= 10; i++)
			await page.mouse.move(...at([from[0] + ((to[0] - from[0]) * i) / 10, from[1] + ((to[1] - from[1]) * i) / 10]));
		await page.mouse.up();
		return;
	}
	await canvas.evaluate(
		(el, { a, b, kind }) => {
			const fire = (type: string, x: number, y: number) =>
				el.dispatchEvent(
					new PointerEvent(type, {
						bubbles: true,
						pointerId: 7,
						pointerType: kind,
						clientX: x,
						clientY: y,
						pressure: 0.7,
						isPrimary: true
					})
				);
			fire('pointerdown', a[0], a[1]);
			for (let i = 1; i <= 10; i++)
				fire('pointermove', a[0] + ((b[0] - a[0]) * i) / 10, a[1] + ((b[1] - a[1]) * i) / 10);
			fire('pointerup', b[0], b[1]);
		},
		{ a: at(from), b: at(to), kind }
	);
}

test('a photographed page marked in red and answered in purple, offline, reaches the server and another tablet', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const pupil = makeDoc('pupil', { givenName: 'Pia', familyName: `Photo${marker}` });
	await putServerDocs(baseURL!, [pupil]);
	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.setViewportSize({ width: 1080, height: 810 });
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}/work/new`);
	await expect(page.getByText(`Photo${marker}`)).toBeVisible();
	const jpeg = await worksheetJpeg(page);
	await context.setOffline(true);

	await page.getByLabel('Title of the photographed work').fill(`Times tables ${marker}`);
	await page
		.getByLabel('Add photo of work')
		.setInputFiles({ name: 'worksheet.jpg', mimeType: 'image/jpeg', buffer: jpeg });
	await expect(page.getByText(/^Page 1 · \d+ KB$/)).toBeVisible();
	const kb = Number((await page.getByText(/^Page 1 · \d+ KB$/).textContent())!.match(/(\d+) KB/)![1]);
	expect(kb).toBeLessThanOrEqual(300);
	await page.getByRole('button', { name: 'Save 1 page' }).click();
	await page.waitForURL(/\/work\/workPhoto%3A/);
	await expect(page.getByRole('img', { name: `Page 1 of Times tables ${marker}` })).toBeVisible();

	const canvas = page.locator('canvas[data-strokes]');
	await drawLine(page, [0.1, 0.2], [0.5, 0.25]);
	await expect(canvas).toHaveAttribute('data-strokes', '1');
	await drawLine(page, [0.1, 0.4], [0.4, 0.45], 'touch');
	await expect(canvas).toHaveAttribute('data-strokes', '2');
	// The pupil answers in purple on the same page.
	await page.getByRole('radio', { name: 'Purple pen (pupil)' }).check();
	await drawLine(page, [0.2, 0.6], [0.6, 0.7], 'pen');
	await expect(canvas).toHaveAttribute('data-strokes', '3');
	// Once a stylus was used, a palm resting on the page draws nothing.
	await drawLine(page, [0.7, 0.7], [0.9, 0.9], 'touch');
	await expect(canvas).toHaveAttribute('data-strokes', '3');
	// Undo takes back the last stroke; redo puts it back.
	await page.getByRole('button', { name: 'Undo' }).click();
	await expect(canvas).toHaveAttribute('data-strokes', '2');
	await page.getByRole('button', { name: 'Redo' }).click();
	await expect(canvas).toHaveAttribute('data-strokes', '3');

	await page.reload();
	await expect(page.locator('canvas[data-strokes]')).toHaveAttribute('data-strokes', '3');
	const threadUrl = page.url();
	await page.getByRole('link', { name: 'Settings' }).click();
	// Pages other specs put on the shared server are on this tablet too (photo-space.spec.ts).
	await expect(page.getByTestId('storage-photos')).toHaveText(/^Photos of work: \d+ pages?, \d+ KB$/);
	await page.goto(threadUrl);

	await context.setOffline(false);
	await expect
		.poll(
			async () =>
				(await serverDocs(baseURL!))
					.filter((d) => d.pupilId === pupil._id)
					// Each layer with its strokes: a layer's first revision (before its last stroke) may
					// reach the server a moment before the one that carries every stroke.
					.map((d) => (d.type === 'inkLayer' ? `${String(d.pen)} ${(d.strokes as unknown[]).length}` : d.type))
					.sort(),
			{
				timeout: 20_000
			}
		)
		.toEqual(['purple 1', 'red 2', 'workPhoto']);
	const onServer = (await serverDocs(baseURL!)).filter((d) => d.pupilId === pupil._id);
	for (const doc of onServer) expect(validateDocument(doc)).toMatchObject({ ok: true });
	const layers = onServer.filter((d) => d.type === 'inkLayer') as { pen: string; strokes: { points: string }[] }[];
	expect(layers.map((l) => [l.pen, l.strokes.length]).sort()).toEqual([
		['purple', 1],
		['red', 2]
	]);
	for (const l of layers) expect(JSON.stringify(l).length).toBeLessThan(50_000);

	const other = await signedInTablet(browser, 'teacher2');
	await other.page.goto(threadUrl);
	await expect(other.page.locator('canvas[data-strokes]')).toHaveAttribute('data-strokes', '3', { timeout: 20_000 });
	await other.context.close();

	// The evidence pack shows the page as marked: the picture with its ink, and its caption.
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}/timeline`);
	await expect(page.getByTestId('timeline-events')).toContainText(`Photo of work`);
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Evidence pack (PDF)' }).click();
	const bytes = await readFile(await (await download).path());
	const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
	let text = '';
	let images = 0;
	for (let i = 1; i <= pdf.numPages; i++) {
		const p = await pdf.getPage(i);
		text += (await p.getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' ');
		const ops = await p.getOperatorList();
		images += ops.fnArray.filter((fn) => fn === OPS.paintImageXObject).length;
	}
	expect(text).toContain(`Times tables ${marker}, page 1, as marked`);
	expect(images).toBeGreaterThanOrEqual(1);

	// A moderator looking at this work as a sample sees the page as marked, not just its title.
	const meeting = makeDoc('moderation', {
		samples: [
			{
				pupilId: pupil._id,
				workTitle: `Times tables ${marker}`,
				internalJudgement: 'Secure',
				moderatedJudgement: 'Secure',
				agreed: true
			}
		]
	});
	await putServerDocs(baseURL!, [meeting]);
	await page.goto(`/moderation/${encodeURIComponent(meeting._id)}`);
	await expect(page.getByRole('img', { name: `Page 1 of Times tables ${marker}, as marked` })).toBeVisible({
		timeout: 20_000
	});
	await expect(page.getByText('Page 1 · 3 marks')).toBeVisible();
	await context.close();
});

test('files that are not usable photos are refused with a plain reason and nothing is stored', async ({
	browser,
	baseURL
}) => {
	const pupil = makeDoc('pupil', { givenName: 'Noor', familyName: `Badfile${Date.now().toString(36)}` });
	await putServerDocs(baseURL!, [pupil]);
	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}/work/new`);
	await page.getByLabel('Title of the photographed work').fill('Essay');
	const pick = page.getByLabel('Add photo of work');
	await pick.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
	await expect(page.getByRole('alert').filter({ hasText: '"notes.txt" is not a picture' })).toBeVisible();
	await pick.setInputFiles({
		name: 'broken.jpg',
		mimeType: 'image/jpeg',
		buffer: Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3, 4])
	});
	await expect(
		page.getByRole('alert').filter({ hasText: '"broken.jpg" could not be opened as a picture' })
	).toBeVisible();
	await pick.setInputFiles({ name: 'IMG_0001.HEIC', mimeType: 'image/heic', buffer: Buffer.from('ftypheic') });
	await expect(page.getByRole('alert').filter({ hasText: 'HEIC format' })).toBeVisible();
	// From disk: the browser reads the file itself (40 MB through the test protocol would be slow).
	const huge = join(await mkdtemp(join(tmpdir(), 'waymark-photo-')), 'huge.jpg');
	await writeFile(huge, Buffer.alloc(40 * 1024 * 1024, 1));
	await pick.setInputFiles(huge);
	await expect(page.getByRole('alert').filter({ hasText: '"huge.jpg" is 40 MB, too large to add' })).toBeVisible();
	await expect(page.getByRole('button', { name: /^Save \d/ })).toHaveCount(0);
	await context.close();
});

test('a page cropped before saving, and a red-pen note that points at part of it, offline and on the server', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const pupil = makeDoc('pupil', { givenName: 'Cara', familyName: `Crop${marker}` });
	await putServerDocs(baseURL!, [pupil]);
	const { context, page } = await signedInTablet(browser, 'teacher1');
	await page.setViewportSize({ width: 1080, height: 810 });
	await page.goto(`/pupils/${encodeURIComponent(pupil._id)}/work/new`);
	await expect(page.getByText(`Crop${marker}`)).toBeVisible();
	const jpeg = await worksheetJpeg(page);
	await context.setOffline(true);

	await page.getByLabel('Title of the photographed work').fill(`Column addition ${marker}`);
	await page.getByLabel('Add photo of work').setInputFiles({ name: 'sheet.jpg', mimeType: 'image/jpeg', buffer: jpeg });
	await page.getByRole('button', { name: 'Crop new page 1' }).click();
	// The desk on the right of the photo is cut away: a quarter of the 1600 px page.
	await page.getByLabel(/Trim from the right/).fill('25');
	await expect(page.getByText('Trim from the right: 25%')).toBeVisible();
	await page.getByRole('button', { name: 'Crop page 1' }).click();
	await expect(page.getByRole('group', { name: 'Crop new page 1' })).toHaveCount(0);
	await page.getByRole('button', { name: 'Save 1 page' }).click();
	await page.waitForURL(/\/work\/workPhoto%3A/);
	const shown = page.getByRole('img', { name: `Page 1 of Column addition ${marker}` });
	await expect(shown).toBeVisible();
	expect(await shown.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([1200, 1067]);

	// A red-pen note about the top left of the page: a box dragged on the page, not ink.
	const canvas = page.locator('canvas[data-strokes]');
	await page.getByRole('button', { name: 'Point at part of the page' }).click();
	await expect(page.getByText('Drag a box on the page above')).toBeVisible();
	await drawLine(page, [0.05, 0.05], [0.3, 0.3]);
	await expect(canvas).toHaveAttribute('data-strokes', '0');
	await expect(page.getByText('This note points at the top left of page 1.')).toBeVisible();
	await page.getByLabel('Red-pen note (staff feedback)').fill('Carry the ten into the next column here.');
	await page.getByRole('button', { name: 'Add red-pen note' }).click();
	const note = page.getByRole('article', { name: 'Red pen (staff): Feedback' });
	await expect(note).toContainText('About the top left of page 1');
	await expect(page.getByTestId('note-region')).toHaveCount(1);

	await page.reload();
	await expect(page.getByTestId('note-region')).toHaveCount(1);
	await page.getByRole('button', { name: 'Show on the page' }).click();
	await expect(page.locator('[data-testid="note-region"].highlighted')).toHaveCount(1);
	await drawLine(page, [0.08, 0.12], [0.25, 0.2]);
	await expect(canvas).toHaveAttribute('data-strokes', '1');
	// Kept with the test's results, for a person to look at the marked page.
	await page.locator('#work-pages').screenshot({ path: test.info().outputPath('marked-page.png') });

	await context.setOffline(false);
	await expect
		.poll(async () => (await serverDocs(baseURL!)).find((d) => d.type === 'markingNote' && d.pupilId === pupil._id), {
			timeout: 20_000
		})
		.toMatchObject({ region: { x: expect.any(Number), w: expect.any(Number) } });
	const [photo] = (await serverDocs(baseURL!)).filter((d) => d.type === 'workPhoto' && d.pupilId === pupil._id);
	const saved = (await serverDocs(baseURL!)).find((d) => d.type === 'markingNote' && d.pupilId === pupil._id)!;
	expect((saved.region as { photoId: string }).photoId).toBe(photo!._id);
	expect(validateDocument(saved)).toMatchObject({ ok: true });
	await context.close();
});
