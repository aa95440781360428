/**
 * Build-time budget for the JavaScript a tablet must load before the first screen works.
 *
 * First-load JS = everything reachable by STATIC imports from SvelteKit's client entries
 * (`entry/start`, `entry/app`), the root layout node and the landing pages' nodes (Today and
 * Pupils). Dynamic `import()` chunks (jsPDF, charts, CSV import, other routes) are not counted:
 * they load when used. Sizes are gzip level 9, in KiB (1024 bytes).
 *
 * `vite build` FAILS when the total is over the budget, or when a lazily-loaded library (jsPDF,
 * jspdf-autotable, uPlot, papaparse, html2canvas) has slipped into the first load.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export interface ChunkInfo {
	fileName: string;
	code: string;
	isEntry: boolean;
	/** Static imports (file names). */
	imports: string[];
	/** Module ids bundled in the chunk. */
	moduleIds: string[];
	/** The module an entry chunk stands for (a SvelteKit node file, `entry/start`, …). */
	facadeModuleId: string | null;
}

export interface FirstLoadReport {
	totalBytes: number;
	files: { fileName: string; gzipBytes: number }[];
	/** Lazy-only libraries found in the first load (should be empty). */
	lazyLibrariesFound: string[];
}

/** Libraries that must be loaded only when a person uses the feature. */
export const LAZY_ONLY = ['jspdf', 'jspdf-autotable', 'uplot', 'papaparse', 'html2canvas', 'canvg', 'dompurify'];

const gzipSize = (code: string) => gzipSync(code, { level: 9 }).length;

/** The static-import closure of `roots`, with gzip sizes. */
export function firstLoad(chunks: ChunkInfo[], roots: string[]): FirstLoadReport {
	const byName = new Map(chunks.map((c) => [c.fileName, c]));
	const seen = new Set<string>();
	const stack = [...roots];
	while (stack.length) {
		const name = stack.pop()!;
		if (seen.has(name) || !byName.has(name)) continue;
		seen.add(name);
		stack.push(...byName.get(name)!.imports);
	}
	const files = [...seen]
		.map((fileName) => ({ fileName, gzipBytes: gzipSize(byName.get(fileName)!.code) }))
		.sort((a, b) => b.gzipBytes - a.gzipBytes);
	const lazyLibrariesFound = new Set<string>();
	for (const name of seen) {
		for (const id of byName.get(name)!.moduleIds) {
			const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id.replaceAll('\\', '/'));
			if (match && LAZY_ONLY.includes(match[1]!)) lazyLibrariesFound.add(match[1]!);
		}
	}
	return {
		totalBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
		files,
		lazyLibrariesFound: [...lazyLibrariesFound].sort()
	};
}

/** Which client chunks start the app: SvelteKit's entries, the root layout and the landing pages. */
export function firstLoadRoots(
	chunks: ChunkInfo[],
	landingPages: string[],
	readSource: (id: string) => string
): string[] {
	const roots: string[] = [];
	for (const c of chunks) {
		if (!c.isEntry || !c.facadeModuleId) continue;
		const id = c.facadeModuleId.replaceAll('\\', '/');
		if (
			/\/entry\/(start|app)\.js$|\/client-optimized\/app\.js$|@sveltejs\/kit\/src\/runtime\/client\/entry\.js$/.test(id)
		) {
			roots.push(c.fileName);
			continue;
		}
		const node = /\/nodes\/(\d+)\.js$/.exec(id);
		if (!node) continue;
		if (node[1] === '0') {
			roots.push(c.fileName); // the root layout: on every screen
			continue;
		}
		let source = '';
		try {
			source = readSource(c.facadeModuleId);
		} catch {
			continue;
		}
		if (landingPages.some((page) => source.includes(`src/routes/${page}"`) || source.includes(`src/routes/${page}'`)))
			roots.push(c.fileName);
	}
	return roots;
}

export function bundleBudget(opts: { limitKiB?: number; landingPages?: string[] } = {}): Plugin {
	const limit = (opts.limitKiB ?? 150) * 1024;
	const landingPages = opts.landingPages ?? ['+page.svelte', 'pupils/+page.svelte'];
	return {
		name: 'waymark-bundle-budget',
		apply: 'build',
		enforce: 'post',
		generateBundle(_options, bundle) {
			const chunks: ChunkInfo[] = [];
			for (const out of Object.values(bundle)) {
				if (out.type !== 'chunk') continue;
				chunks.push({
					fileName: out.fileName,
					code: out.code,
					isEntry: out.isEntry,
					imports: out.imports,
					moduleIds: Object.keys(out.modules),
					facadeModuleId: out.facadeModuleId
				});
			}
			// Only the client build has SvelteKit's browser entry.
			if (!chunks.some((c) => /entry\/start/.test(c.fileName))) return;
			const roots = firstLoadRoots(chunks, landingPages, (id) => readFileSync(id, 'utf8'));
			const report = firstLoad(chunks, roots);
			const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
			const summary = `first-load JavaScript ${kib(report.totalBytes)} gzip (budget ${kib(limit)}, ${report.files.length} files)`;
			if (report.lazyLibrariesFound.length) {
				this.error(
					`Bundle budget: ${report.lazyLibrariesFound.join(', ')} must be loaded only when used (dynamic import()), but ${report.lazyLibrariesFound.length === 1 ? 'it is' : 'they are'} in the first load. ${summary}.`
				);
			}
			if (report.totalBytes > limit) {
				const biggest = report.files
					.slice(0, 6)
					.map((f) => `${f.fileName} ${kib(f.gzipBytes)}`)
					.join(', ');
				this.error(
					`Bundle budget exceeded: ${summary}. Largest: ${biggest}. Move code behind a dynamic import() or trim it.`
				);
			}
			console.log(`[bundle-budget] ${summary}`);
		}
	};
}
