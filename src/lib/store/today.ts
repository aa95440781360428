import { noticeTodayItem } from '$lib/domain/absence-notice';
import { isSchoolDay } from '$lib/domain/register';
import {
	assembleToday,
	feedbackTodayItem,
	lessonTodayItem,
	reviewTodayItem,
	type TodaySection
} from '$lib/domain/today';
import { fullName } from '$lib/domain/pupil';
import * as absenceNotices from './absence-notices';
import * as attendance from './attendance';
import * as exitTickets from './exit-tickets';
import * as feedbackForms from './feedback-forms';
import * as hostWork from './host-work';
import * as lessons from './lessons';
import * as parentContacts from './parent-contacts';
import * as plans from './plans';
import * as settings from './settings';

async function lessonItems(today: string) {
	const items = [];
	for (const lesson of await lessons.lessonsOn(today)) {
		const marked = new Set((await exitTickets.forLesson(lesson._id)).keys());
		const item = lessonTodayItem(lesson, marked);
		if (item) items.push(item);
	}
	return items;
}

/** Everything the Today screen lists, read from this tablet's records (works offline). */
export async function sections(today: string): Promise<TodaySection[]> {
	const [config, registers, calls, work, lessonList, forms, reviews, notices] = await Promise.all([
		settings.current(),
		attendance.statusFor(today),
		parentContacts.statuses(today),
		hostWork.list(),
		lessonItems(today),
		feedbackForms.dueForms(today),
		plans.reviewsDue(today),
		absenceNotices.forDay(today, absenceNotices.localTime())
	]);
	return assembleToday({
		today,
		isSchoolDay: isSchoolDay(today, config.halfTerms),
		registers,
		calls: calls.map((c) => ({ ...c, pupilName: fullName(c.pupil) })),
		hostWork: work.filter((w) => w.pupil.status === 'active').map((w) => ({ ...w, pupilName: fullName(w.pupil) })),
		lessons: lessonList,
		feedbackForms: forms.map((f) => feedbackTodayItem(f, today)),
		planReviews: reviews.map((r) => reviewTodayItem(r, today)),
		absenceNotices: notices.due.map((d) => noticeTodayItem(d, notices.by))
	});
}
