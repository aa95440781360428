import { describe, expect, it } from 'vitest';
import { firstLoad, firstLoadRoots, type ChunkInfo } from './bundle-budget';

const chunk = (fileName: string, over: Partial<ChunkInfo> = {}): ChunkInfo => ({
	fileName,
	code: `/* ${fileName} */ ${'x'.repeat(200)}`,
	isEntry: false,
	imports: [],
	moduleIds: [],
	facadeModuleId: null,
	...over
});

describe('bundle budget', () => {
	const chunks = [
		chunk('entry/start.js', {
			isEntry: true,
			facadeModuleId: '/app/node_modules/@sveltejs/kit/src/runtime/client/entry.js',
			imports: ['chunks/runtime.js']
		}),
		chunk('entry/app.js', {
			isEntry: true,
			facadeModuleId: '/app/.svelte-kit/generated/client-optimized/app.js',
			imports: ['chunks/runtime.js']
		}),
		chunk('nodes/0.js', {
			isEntry: true,
			facadeModuleId: '/app/.svelte-kit/generated/client-optimized/nodes/0.js',
			imports: ['chunks/dexie.js']
		}),
		chunk('nodes/2.js', { isEntry: true, facadeModuleId: '/app/.svelte-kit/generated/client-optimized/nodes/2.js' }),
		chunk('nodes/9.js', {
			isEntry: true,
			facadeModuleId: '/app/.svelte-kit/generated/client-optimized/nodes/9.js',
			imports: ['chunks/pdf.js']
		}),
		chunk('chunks/runtime.js'),
		chunk('chunks/dexie.js', { moduleIds: ['/app/node_modules/dexie/dist/dexie.mjs'] }),
		chunk('chunks/pdf.js', { moduleIds: ['/app/node_modules/jspdf/dist/jspdf.es.min.js'] })
	];
	const sources: Record<string, string> = {
		'/app/.svelte-kit/generated/client-optimized/nodes/2.js':
			'export { default as component } from "../../../../src/routes/+page.svelte";',
		'/app/.svelte-kit/generated/client-optimized/nodes/9.js':
			'export { default as component } from "../../../../src/routes/reports/+page.svelte";'
	};
	const roots = firstLoadRoots(chunks, ['+page.svelte', 'pupils/+page.svelte'], (id) => sources[id] ?? '');

	it('counts the entries, the root layout and the landing pages, not other routes', () => {
		expect(roots.sort()).toEqual(['entry/app.js', 'entry/start.js', 'nodes/0.js', 'nodes/2.js']);
	});

	it('follows static imports once and leaves lazily loaded chunks out', () => {
		const report = firstLoad(chunks, roots);
		expect(report.files.map((f) => f.fileName).sort()).toEqual([
			'chunks/dexie.js',
			'chunks/runtime.js',
			'entry/app.js',
			'entry/start.js',
			'nodes/0.js',
			'nodes/2.js'
		]);
		expect(report.totalBytes).toBe(report.files.reduce((s, f) => s + f.gzipBytes, 0));
		expect(report.lazyLibrariesFound).toEqual([]);
	});

	it('names a lazy-only library (jsPDF) that slipped into the first load', () => {
		const report = firstLoad(chunks, [...roots, 'nodes/9.js']);
		expect(report.lazyLibrariesFound).toEqual(['jspdf']);
	});
});
