import { noticeTodayItem } from '$lib/domain/absence-notice';
import { isSchoolDay } from '$lib/domain/register';
import {
	assembleToday,
	ehcpReviewTodayItem,
	feedbackBatchTodayItem,
	feedbackTodayItem,
	lessonTodayItem,
	noPlanTodayItem,
	reportTodayItem,
	reviewTodayItem,
	type TodaySection
} from '$lib/domain/today';
import { ehcpReview } from '$lib/domain/ehcp-review';
import { groupByBatch } from '$lib/domain/feedback-batch';
import { onlyMyPupils } from '$lib/domain/key-worker';
import { fullName } from '$lib/domain/pupil';
import * as absenceNotices from './absence-notices';
import * as attendance from './attendance';
import * as exitTickets from './exit-tickets';
import * as feedbackForms from './feedback-forms';
import * as hostWork from './host-work';
import * as keyWorkers from './key-workers';
import * as lessons from './lessons';
import * as parentContacts from './parent-contacts';
import * as plans from './plans';
import * as progressReports from './progress-reports';
import * as pupils from './pupils';
import * as settings from './settings';
import * as timetable from './timetable';

async function lessonItems(today: string) {
	const items = [];
	const { exitTicketSubjects } = await settings.current();
	for (const lesson of await lessons.lessonsOn(today)) {
		const marked = new Set((await exitTickets.forLesson(lesson._id)).keys());
		const item = lessonTodayItem(lesson, marked, exitTicketSubjects);
		if (item) items.push(item);
	}
	return items;
}

/**
 * What the Today screen lists, read from this tablet's records (works offline): everything, or
 * with `keyWorker`, only what is due for that staff member's own pupils (and the shared duties).
 */
export async function sections(today: string, keyWorker?: string): Promise<TodaySection[]> {
	const all = await allSections(today);
	return keyWorker ? onlyMyPupils(all, await keyWorkers.pupilIdsOf(keyWorker)) : all;
}

async function allSections(today: string): Promise<TodaySection[]> {
	const [config, registers, calls, work, lessonList, forms, reports, reviews, noPlan, notices, slots, roll] =
		await Promise.all([
			settings.current(),
			attendance.statusFor(today),
			parentContacts.statuses(today),
			hostWork.list(),
			lessonItems(today),
			feedbackForms.dueForms(today),
			progressReports.dueReports(today),
			plans.reviewsDue(today),
			plans.pupilsWithoutPlan(),
			absenceNotices.forDay(today, absenceNotices.localTime()),
			timetable.todayItems(today),
			pupils.list()
		]);
	const ehcpReviews = roll.flatMap((p) => {
		const review = ehcpReview(p, today);
		const item = review && ehcpReviewTodayItem({ _id: p._id, name: fullName(p) }, review);
		return item ? [item] : [];
	});
	// Forms that go in a host school's batch are one item per batch; the rest one per pupil.
	const batches = groupByBatch(forms);
	return assembleToday({
		today,
		isSchoolDay: isSchoolDay(today, config.halfTerms),
		registers,
		calls: calls.map((c) => ({ ...c, pupilName: fullName(c.pupil) })),
		hostWork: work.filter((w) => w.pupil.status === 'active').map((w) => ({ ...w, pupilName: fullName(w.pupil) })),
		timetable: slots,
		lessons: lessonList,
		feedbackForms: [
			...batches.groups.map((g) => feedbackBatchTodayItem(g, today)),
			...batches.single.map((f) => feedbackTodayItem(f, today))
		],
		halfTermReports: reports.map(reportTodayItem),
		planReviews: [
			...noPlan.map((p) => noPlanTodayItem({ _id: p._id, name: fullName(p) })),
			...reviews.map((r) => reviewTodayItem(r, today)),
			...ehcpReviews
		],
		absenceNotices: notices.due.map((d) => noticeTodayItem(d, notices.by))
	});
}
