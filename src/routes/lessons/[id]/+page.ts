import { lessonPageTitle } from '$lib/domain/lesson';
import * as lessons from '$lib/store/lessons';
import type { PageLoad } from './$types';

// The lesson is read before the page opens, so the page title a screen reader hears on arriving
// names the lesson ("Maths: Fractions, 7 Oct 2026"), not a placeholder; the page then follows it live.
export const load: PageLoad = async ({ params }) => {
	const lesson = await lessons.get(params.id).catch(() => undefined);
	return { title: lesson ? lessonPageTitle(lesson) : 'Lesson' };
};
