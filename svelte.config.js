import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// SPA: every route falls back to index.html, which the service worker precaches.
		// precompress: brotli and gzip copies beside every file, sent by the server (server/app.ts).
		adapter: adapter({ fallback: 'index.html', precompress: true }),
		// The PWA plugin generates the worker; workbox-window registers it (src/lib/ui/pwa).
		serviceWorker: { register: false },
		// Test factories and fixtures live under tests/, out of the app's source.
		alias: { $tests: 'tests/support' },
		// A Content-Security-Policy <meta> with the SHA-256 of SvelteKit's inline bootstrap script, so
		// the page refuses any other inline script wherever the build is served. The server sends
		// the same policy as a header with what a <meta> cannot carry (frame-ancestors):
		// server/security-headers.ts. Styles stay 'unsafe-inline': Svelte sets style attributes.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
