import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { bundleBudget } from './scripts/bundle-budget';
import { pdfFontPlugin } from './scripts/pdf-font';

/** Integration test files that must run alone (project `integration-timed`; see below). */
const TIMED_INTEGRATION = [
	'tests/integration/fault-injection.test.ts',
	'tests/integration/sync-connection.test.ts',
	'tests/integration/server-login-throttle.test.ts',
	'tests/integration/first-sync-snapshot.test.ts',
	'tests/integration/server-stop-under-load.test.ts'
];

export default defineConfig({
	plugins: [
		// The PDFs' Unicode font, subset at build time and loaded only with the PDF code.
		pdfFontPlugin(),
		sveltekit(),
		SvelteKitPWA({
			strategies: 'generateSW',
			// The page shows "update available — reload" and the person chooses when.
			registerType: 'prompt',
			injectRegister: false,
			kit: { adapterFallback: 'index.html', spa: true },
			manifest: {
				name: 'Waymark',
				short_name: 'Waymark',
				description: 'Pupil progress for alternative provision, offline first.',
				theme_color: '#1d4e5f',
				background_color: '#f6f4ef',
				display: 'standalone',
				start_url: '/',
				icons: [
					{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
					{ src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
				]
			},
			workbox: {
				navigateFallback: '/index.html',
				// Never answer the sync API from the cache: it must reach the server or fail.
				navigateFallbackDenylist: [/^\/couch/],
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webmanifest,woff2}'],
				// jsPDF's optional html2canvas / canvg / dompurify chunks are never used.
				globIgnores: ['**/html2canvas*', '**/purify*', '**/index.es*canvg*'],
				clientsClaim: true,
				maximumFileSizeToCacheInBytes: 3_000_000
			}
		}),
		// The build fails when first-load JavaScript passes 150 KiB gzip or holds a lazy-only library.
		bundleBudget({ limitKiB: 150 })
	],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'scripts/**/*.spec.ts'],
					environment: 'node',
					setupFiles: ['fake-indexeddb/auto']
				}
			},
			{
				extends: true,
				test: {
					// Each file starts its own server on a port of its own, so two files can run at once;
					// they mostly wait on the network and timers, so two fit on the two-core machine.
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					exclude: TIMED_INTEGRATION,
					environment: 'node',
					setupFiles: ['fake-indexeddb/auto'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					maxWorkers: 2,
					sequence: { groupOrder: 1 }
				}
			},
			{
				extends: true,
				test: {
					// Files whose tests race a clock (fault injection's time limits, the sign-in throttle's
					// waits, a server stopped or a sync cut off part-way): one at a time, after the others,
					// so no other file's work slows them on a busy machine.
					name: 'integration-timed',
					include: TIMED_INTEGRATION,
					environment: 'node',
					setupFiles: ['fake-indexeddb/auto'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					fileParallelism: false,
					sequence: { groupOrder: 2 }
				}
			},
			{
				extends: true,
				test: {
					// Benchmarks that need the app's own modules (Svelte runes, `$lib`): not part of npm test.
					name: 'bench',
					include: ['bench/**/*.node-bench.ts'],
					environment: 'node',
					setupFiles: ['fake-indexeddb/auto'],
					fileParallelism: false
				}
			}
		]
	}
});
