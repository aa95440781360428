import { fullName } from '$lib/domain/pupil';
import * as pupils from '$lib/store/pupils';
import type { PageLoad } from './$types';

// Read before the page opens, so the page title a screen reader hears on arriving is the pupil's
// name, not a placeholder; the page then follows the record live.
export const load: PageLoad = async ({ params }) => {
	const pupil = await pupils.get(params.id).catch(() => undefined);
	return { title: pupil ? fullName(pupil) : 'Pupil' };
};
