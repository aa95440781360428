import { liveQuery } from 'dexie';

/**
 * A Dexie liveQuery as a Svelte 5 value: `.current` updates whenever the rows it read change,
 * whether the change came from this page, another tab or the sync layer.
 *
 *   const pupilList = live(() => ({ search }), (f) => pupils.list(f), []);
 *
 * `deps` is read inside an effect, so reactive values it touches re-run the query; the query
 * itself runs inside Dexie's zone, which is how Dexie knows which tables to watch.
 * Call it during component initialisation (it uses $effect).
 */
export function live<D, T>(deps: () => D, query: (deps: D) => Promise<T> | T, initial: T) {
	// Raw: each result is replaced whole, never mutated, so it needs no deep proxy. A deep one made
	// every read of a large result (the trends dashboard's ~37k marks) go through a proxy trap:
	// ~250 ms of a 1.5 s dashboard open in Chromium's profiler.
	let current = $state.raw<T>(initial);
	let error = $state<unknown>(null);
	let isLoading = $state(true);

	$effect(() => {
		const args = deps();
		const subscription = liveQuery(() => query(args)).subscribe({
			next: (value) => {
				current = value;
				error = null;
				isLoading = false;
			},
			error: (err) => {
				error = err;
				isLoading = false;
			}
		});
		return () => subscription.unsubscribe();
	});

	return {
		get current() {
			return current;
		},
		get error() {
			return error;
		},
		get isLoading() {
			return isLoading;
		}
	};
}
