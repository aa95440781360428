// Waymark is a single-page app: everything renders on the tablet, from IndexedDB, offline.
export const ssr = false;
export const prerender = false;
