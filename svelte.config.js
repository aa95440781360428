import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// SPA: every route falls back to index.html, which the service worker precaches.
		adapter: adapter({ fallback: 'index.html' }),
		// The PWA plugin generates the worker; workbox-window registers it (src/lib/ui/pwa).
		serviceWorker: { register: false },
		// Test factories and fixtures live under tests/, out of the app's source.
		alias: { $tests: 'tests/support' }
	}
};

export default config;
