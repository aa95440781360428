/**
 * npm run bench:photos — photographed work on a tablet (Chromium, 4× CPU throttling), beside a raw
 * canvas in the same run:
 *   photo picked → compressed, stored and shown (a 12 MP camera picture);
 *   pointer event → ink painted (handler time and time to the next frame), raw canvas beside it;
 *   a page with 200 strokes drawn from its stored ink, raw canvas drawing the same strokes beside it;
 *   the size of a typical marked page's ink document per pen.
 * Bounded: one server on loopback, one tablet, a fixed number of runs.
 */
import { photoTablet } from './photo-tablet';
import { launchBrowser, log, prepareBuild, startServer, throttle } from './setup';

const ORG = { slug: 'bench', name: 'Benchmark Centre' };
const LOGIN = { name: 'photo-teacher', password: 'photo-bench-password-1' };
const PIN = '2468';
const RUNS = 3;
const skipBuild = process.argv.includes('--skip-build');
/** `--photo-only`: just the photo path and its raw counterpart (a quick before/after of a change). */
const photoOnly = process.argv.includes('--photo-only');

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const r1 = (n: number) => Math.round(n * 10) / 10;

async function main() {
	const { buildDir } = prepareBuild(skipBuild);
	const server = await startServer(buildDir);
	const browser = await launchBrowser();
	try {
		const { context, page, pupil } = await photoTablet(server, browser, {
			org: ORG,
			login: { ...LOGIN, fullName: 'Photo Bench' },
			pin: PIN,
			pupil: { givenName: 'Bench', familyName: 'Photos' }
		});
		await page.goto(`/pupils/${encodeURIComponent(pupil._id)}`);
		await page.getByText('Bench Photos').first().waitFor();

		// A 12 MP camera picture (4000×3000) with handwriting-like detail, made before throttling.
		const jpeg = Buffer.from(
			await page.evaluate(async () => {
				const c = document.createElement('canvas');
				c.width = 4000;
				c.height = 3000;
				const ctx = c.getContext('2d')!;
				ctx.fillStyle = '#f7f5ee';
				ctx.fillRect(0, 0, 4000, 3000);
				ctx.strokeStyle = '#9ab';
				for (let y = 150; y < 3000; y += 120) ctx.strokeRect(100, y, 3800, 0.5);
				ctx.fillStyle = '#223';
				ctx.font = '90px serif';
				for (let i = 0; i < 22; i++)
					ctx.fillText(`Question ${i + 1}: 3/4 + 1/8 = ${i % 3 ? '7/8' : '4/12'} because…`, 160, 230 + i * 120);
				for (let i = 0; i < 4000; i++) {
					ctx.fillStyle = `rgba(0,0,0,${Math.random() * 0.05})`;
					ctx.fillRect(Math.random() * 4000, Math.random() * 3000, 6, 6);
				}
				const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/jpeg', 0.9));
				const bytes = new Uint8Array(await blob.arrayBuffer());
				let s = '';
				for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
				return btoa(s);
			}),
			'base64'
		);
		log(`12 MP test picture: ${Math.round(jpeg.length / 1024)} KB`);
		await throttle(context, page);

		// ---- photo picked → compressed and previewed, then stored and shown
		const photo: { prepare: number; store: number; total: number; kb: number }[] = [];
		let threadUrl = '';
		for (let run = 0; run < RUNS; run++) {
			await page.goto(`/pupils/${encodeURIComponent(pupil._id)}/work/new`);
			await page.getByLabel('Title of the photographed work').fill(`Bench page ${run}`);
			const input = page.getByLabel('Add photo of work');
			await input.evaluate((el) => {
				(window as unknown as { __picked: number }).__picked = 0;
				el.addEventListener(
					'change',
					() => ((window as unknown as { __picked: number }).__picked = performance.now()),
					{
						once: true
					}
				);
			});
			await input.setInputFiles({ name: 'page.jpg', mimeType: 'image/jpeg', buffer: jpeg });
			const preview = page.getByRole('img', { name: 'New page 1' });
			await preview.waitFor();
			const shownPreview = await preview.evaluate(
				(img: HTMLImageElement) =>
					new Promise<number>((r) => (img.complete ? r(performance.now()) : (img.onload = () => r(performance.now()))))
			);
			const picked = await page.evaluate(() => (window as unknown as { __picked: number }).__picked);
			const kb = Number((await page.getByText(/^Page 1 · \d+ KB$/).textContent())!.match(/(\d+) KB/)![1]);
			const saveAt = await page.evaluate(() => performance.now());
			await page.getByRole('button', { name: 'Save 1 page' }).click();
			const shown = page.getByRole('img', { name: `Page 1 of Bench page ${run}` });
			await shown.waitFor({ timeout: 30_000 });
			const shownAt = await shown.evaluate(
				(img: HTMLImageElement) =>
					new Promise<number>((r) =>
						img.complete && img.naturalWidth ? r(performance.now()) : (img.onload = () => r(performance.now()))
					)
			);
			photo.push({
				prepare: shownPreview - picked,
				store: shownAt - saveAt,
				total: shownPreview - picked + (shownAt - saveAt),
				kb
			});
			threadUrl = page.url();
		}
		log(`photo: ${JSON.stringify(photo.map((p) => Math.round(p.total)))} ms`);

		// ---- the raw engine on the same file: decode, scale to 1600 px, encode WebP (no app, no storing)
		const rawPhoto: number[] = [];
		for (let run = 0; run < RUNS; run++)
			rawPhoto.push(
				await page.evaluate(async (b64) => {
					const bin = atob(b64);
					const bytes = new Uint8Array(bin.length);
					for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
					const file = new Blob([bytes], { type: 'image/jpeg' });
					const t0 = performance.now();
					const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
					const canvas = new OffscreenCanvas(1600, 1200);
					canvas.getContext('2d')!.drawImage(bitmap, 0, 0, 1600, 1200);
					bitmap.close();
					await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
					return performance.now() - t0;
				}, jpeg.toString('base64'))
			);
		log(`raw decode + scale + WebP: ${JSON.stringify(rawPhoto.map(Math.round))} ms`);
		const photoFigures = {
			'photo picked → compressed, stored and shown (12 MP), median ms': r1(
				pct(
					photo.map((p) => p.total),
					50
				)
			),
			'  of which compress + preview, median ms': r1(
				pct(
					photo.map((p) => p.prepare),
					50
				)
			),
			'  of which store + show, median ms': r1(
				pct(
					photo.map((p) => p.store),
					50
				)
			),
			'stored page size, KB': photo.map((p) => p.kb),
			'raw engine: decode + scale + WebP of the same file, median ms': r1(pct(rawPhoto, 50))
		};
		if (photoOnly) {
			console.log(JSON.stringify({ cpuThrottle: 4, chromium: browser.version(), figures: photoFigures }, null, 2));
			await context.close();
			return;
		}

		// ---- pointer event → ink painted (app), and the same on a raw canvas
		const measureInk = (selector: string) =>
			page.evaluate(async (sel) => {
				const canvas = document.querySelector(sel) as HTMLCanvasElement;
				const box = canvas.getBoundingClientRect();
				const handler: number[] = [];
				const frame: number[] = [];
				const fire = (type: string, x: number, y: number) =>
					canvas.dispatchEvent(
						new PointerEvent(type, {
							bubbles: true,
							pointerId: 9,
							pointerType: 'pen',
							clientX: x,
							clientY: y,
							pressure: 0.6
						})
					);
				for (let s = 0; s < 6; s++) {
					const y = box.top + 40 + s * 30;
					fire('pointerdown', box.left + 20, y);
					for (let i = 1; i <= 40; i++) {
						const t0 = performance.now();
						fire('pointermove', box.left + 20 + i * 6, y + Math.sin(i / 3) * 6);
						handler.push(performance.now() - t0);
						frame.push((await new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())))) - t0);
					}
					fire('pointerup', box.left + 260, y);
					await new Promise((r) => setTimeout(r, 150));
				}
				return { handler, frame };
			}, selector);
		await page.goto(threadUrl);
		await page.locator('canvas[data-strokes]').waitFor();
		const app = await measureInk('canvas[data-strokes]');
		await page.evaluate(() => {
			const c = document.createElement('canvas');
			c.id = 'raw-canvas';
			c.width = 1600;
			c.height = 1200;
			c.style.cssText = 'position:fixed;left:0;top:0;width:800px;height:600px;z-index:9999;touch-action:none';
			document.body.append(c);
			const ctx = c.getContext('2d')!;
			let last: [number, number] | null = null;
			c.addEventListener('pointerdown', (e) => (last = [e.offsetX * 2, e.offsetY * 2]));
			c.addEventListener('pointermove', (e) => {
				if (!last) return;
				ctx.beginPath();
				ctx.moveTo(...last);
				last = [e.offsetX * 2, e.offsetY * 2];
				ctx.lineTo(...last);
				ctx.stroke();
			});
			c.addEventListener('pointerup', () => (last = null));
		});
		const raw = await measureInk('#raw-canvas');
		await page.evaluate(() => document.getElementById('raw-canvas')?.remove());

		// ---- the ink stored for a typical marked page: ~40 handwritten marks (ticks, crosses, a comment)
		const typical = await page.evaluate(async () => {
			const canvas = document.querySelector('canvas[data-strokes]') as HTMLCanvasElement;
			const box = canvas.getBoundingClientRect();
			const fire = (type: string, x: number, y: number) =>
				canvas.dispatchEvent(
					new PointerEvent(type, {
						bubbles: true,
						pointerId: 9,
						pointerType: 'pen',
						clientX: x,
						clientY: y,
						pressure: 0.5
					})
				);
			for (let s = 0; s < 40; s++) {
				const x0 = box.left + 30 + (s % 8) * 80;
				const y0 = box.top + 30 + Math.floor(s / 8) * 60;
				fire('pointerdown', x0, y0);
				for (let i = 1; i <= 60; i++) fire('pointermove', x0 + i * 0.8, y0 + Math.sin(i / 4) * 10);
				fire('pointerup', x0 + 48, y0);
				await new Promise((r) => setTimeout(r, 60));
			}
			await new Promise((r) => setTimeout(r, 1500));
			return Number(canvas.dataset.strokes);
		});
		const layerSizes = await page.evaluate(
			() =>
				new Promise<number[]>((resolve, reject) => {
					const open = indexedDB.open('waymark');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const q = open.result.transaction('inkLayer').objectStore('inkLayer').getAll();
						q.onsuccess = () => resolve((q.result as unknown[]).map((d) => JSON.stringify(d).length));
					};
				})
		);

		log(
			`ink handler p95 app ${r1(pct(app.handler, 95))} ms, raw ${r1(pct(raw.handler, 95))} ms; next frame p95 app ${r1(pct(app.frame, 95))} ms, raw ${r1(pct(raw.frame, 95))} ms; ink per pen ${Math.max(...layerSizes)} bytes`
		);

		// ---- a page with 200 strokes: drawn from its stored ink (app) and the same strokes on a raw canvas
		const redraw = await page.evaluate(async () => {
			const canvas = document.querySelector('canvas[data-strokes]') as HTMLCanvasElement;
			const box = canvas.getBoundingClientRect();
			const fire = (type: string, x: number, y: number) =>
				canvas.dispatchEvent(
					new PointerEvent(type, {
						bubbles: true,
						pointerId: 9,
						pointerType: 'pen',
						clientX: x,
						clientY: y,
						pressure: 0.5
					})
				);
			// Bounded: a save that fails would otherwise keep the count below 200 for ever.
			for (let attempt = 0; attempt < 400 && Number(canvas.dataset.strokes) < 200; attempt++) {
				const n = Number(canvas.dataset.strokes);
				const x0 = box.left + 20 + (n % 14) * 50;
				const y0 = box.top + 20 + Math.floor(n / 14) * 25;
				fire('pointerdown', x0, y0);
				for (let i = 1; i <= 20; i++) fire('pointermove', x0 + i * 2, y0 + Math.sin(i / 2) * 6);
				fire('pointerup', x0 + 40, y0);
				await new Promise((r) => setTimeout(r, 30));
			}
			// Let the last saves land before the page is opened afresh (bounded: 2 minutes).
			for (let wait = 0; wait < 1200 && canvas.dataset.unsaved !== '0'; wait++)
				await new Promise((r) => setTimeout(r, 100));
			return Number(canvas.dataset.strokes);
		});
		// Reload the page view: time from the route's start to 200 strokes painted.
		await page.goto('/');
		const t = await page.evaluate(() => performance.now());
		await page.goto(threadUrl);
		await page.waitForFunction(
			(n) => Number(document.querySelector<HTMLCanvasElement>('canvas[data-strokes]')?.dataset.strokes) >= n,
			redraw,
			{ timeout: 30_000 }
		);
		const appRedraw =
			(await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))))) - t;
		// The redraw alone: every stored stroke decoded and painted, as after an undo or a new layer.
		const appRender = Number(await page.locator('canvas[data-strokes]').getAttribute('data-render-ms'));
		const rawRedraw = await page.evaluate(() => {
			const c = document.createElement('canvas');
			c.width = 1600;
			c.height = 1200;
			const ctx = c.getContext('2d')!;
			const t0 = performance.now();
			for (let s = 0; s < 200; s++) {
				const x0 = 40 + (s % 14) * 100;
				const y0 = 40 + Math.floor(s / 14) * 50;
				for (let i = 1; i <= 20; i++) {
					ctx.lineWidth = 6;
					ctx.beginPath();
					ctx.moveTo(x0 + (i - 1) * 4, y0 + Math.sin((i - 1) / 2) * 12);
					ctx.lineTo(x0 + i * 4, y0 + Math.sin(i / 2) * 12);
					ctx.stroke();
				}
			}
			return performance.now() - t0;
		});

		const figures = {
			...photoFigures,
			'pointer event → ink drawn (handler), p95 ms: app': r1(pct(app.handler, 95)),
			'pointer event → ink drawn (handler), p95 ms: raw canvas': r1(pct(raw.handler, 95)),
			'pointer event → next frame, p95 ms: app': r1(pct(app.frame, 95)),
			'pointer event → next frame, p95 ms: raw canvas': r1(pct(raw.frame, 95)),
			'typical marked page (40 marks), ink document per pen, bytes': Math.max(...layerSizes),
			'strokes on the 200-stroke page': redraw,
			'open the page and draw its 200 stored strokes, ms: app (includes reading the ink)': r1(appRedraw),
			'redraw the 200-stroke page, ms: app': appRender,
			'draw 200 strokes, ms: raw canvas': r1(rawRedraw),
			'typical page strokes drawn': typical
		};
		console.log(JSON.stringify({ cpuThrottle: 4, chromium: browser.version(), figures }, null, 2));
		await context.close();
	} finally {
		await browser.close();
		await server.stop();
	}
}

main().catch((err: unknown) => {
	console.error(err);
	process.exit(1);
});
