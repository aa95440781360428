/**
 * docs/images/marked-page.png — a photographed page marked in red (teacher) and answered in purple
 * (pupil), at tablet size (1080×810), for the docs. Same set-up as the photo benchmark.
 */
import { photoTablet } from './photo-tablet';
import { launchBrowser, prepareBuild, startServer } from './setup';

const ORG = { slug: 'shot', name: 'Screenshot Centre' };
const LOGIN = { name: 'shot-teacher', password: 'shot-teacher-password-1' };
const PIN = '2468';

async function main() {
	const { buildDir } = prepareBuild(process.argv.includes('--skip-build'));
	const server = await startServer(buildDir);
	const browser = await launchBrowser();
	try {
		const { context, page, pupil } = await photoTablet(server, browser, {
			org: ORG,
			login: { ...LOGIN, fullName: 'Sam Teacher' },
			pin: PIN,
			pupil: { givenName: 'Jordan', familyName: 'Example' }
		});
		await page.goto(`/pupils/${encodeURIComponent(pupil._id)}/work/new`);
		await page.getByText('Jordan Example').first().waitFor();
		const jpeg = Buffer.from(
			await page.evaluate(async () => {
				const c = document.createElement('canvas');
				c.width = 2400;
				c.height = 1800;
				const ctx = c.getContext('2d')!;
				ctx.fillStyle = '#fbfaf4';
				ctx.fillRect(0, 0, 2400, 1800);
				ctx.strokeStyle = '#9ab';
				for (let y = 200; y < 1800; y += 110) ctx.strokeRect(120, y, 2160, 0.5);
				ctx.fillStyle = '#223';
				ctx.font = '80px serif';
				const lines = ['Fractions — Monday', '1)  3/4 + 1/8 = 7/8', '2)  2/3 + 1/6 = 3/9', '3)  1/2 of 18 = 9'];
				lines.forEach((l, i) => ctx.fillText(l, 160, 180 + i * 220));
				const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/jpeg', 0.9));
				const bytes = new Uint8Array(await blob.arrayBuffer());
				let s = '';
				for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
				return btoa(s);
			}),
			'base64'
		);
		await page.getByLabel('Title of the photographed work').fill('Adding fractions');
		await page
			.getByLabel('Add photo of work')
			.setInputFiles({ name: 'page.jpg', mimeType: 'image/jpeg', buffer: jpeg });
		await page.getByRole('button', { name: 'Save 1 page' }).click();
		const canvas = page.locator('canvas[data-strokes]');
		await canvas.waitFor();
		const stroke = async (points: [number, number][]) => {
			const box = (await canvas.boundingBox())!;
			const at = (p: [number, number]) => [box.x + box.width * p[0], box.y + box.height * p[1]] as const;
			await page.mouse.move(...at(points[0]!));
			await page.mouse.down();
			for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
			await page.mouse.up();
		};
		// Teacher, red: a tick on 1), a cross and an underline on 2), a tick on 3).
		await stroke([
			[0.62, 0.17],
			[0.65, 0.22],
			[0.72, 0.12]
		]);
		await stroke([
			[0.62, 0.28],
			[0.69, 0.36]
		]);
		await stroke([
			[0.69, 0.28],
			[0.62, 0.36]
		]);
		await stroke([
			[0.3, 0.37],
			[0.42, 0.37]
		]);
		await stroke([
			[0.62, 0.41],
			[0.65, 0.46],
			[0.72, 0.36]
		]);
		// Pupil, purple: the redraft of 2) written beside it.
		await page.getByRole('radio', { name: 'Purple pen (pupil)' }).check();
		await stroke([
			[0.76, 0.33],
			[0.8, 0.28],
			[0.82, 0.35],
			[0.86, 0.29],
			[0.9, 0.33],
			[0.94, 0.3]
		]);
		await stroke([
			[0.76, 0.37],
			[0.94, 0.37]
		]);
		await page
			.waitForFunction(
				() => document.querySelector<HTMLCanvasElement>('canvas[data-strokes]')?.dataset.unsaved === '0',
				undefined,
				{ timeout: 30_000 }
			)
			.catch(() => undefined);
		await canvas.scrollIntoViewIfNeeded();
		// The 'Page saved' notice would cover the header.
		await page
			.getByRole('button', { name: /close|dismiss/i })
			.first()
			.click()
			.catch(() => undefined);
		await page.waitForTimeout(500);
		await page.screenshot({ path: 'docs/images/marked-page.png' });
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
