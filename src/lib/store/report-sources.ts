import type { Attendance } from '$lib/domain/attendance';
import type { Behaviour } from '$lib/domain/behaviour';
import type { ExitTicket } from '$lib/domain/exit-ticket';
import type { FeedbackForm } from '$lib/domain/feedback-form';
import type { HostWork } from '$lib/domain/host-work';
import type { Intake } from '$lib/domain/intake';
import type { Lesson } from '$lib/domain/lesson';
import type { Plan } from '$lib/domain/plan';
import type { PlanReview } from '$lib/domain/plan-review';
import type { RecordType } from '$lib/domain/kinds';
import { db } from './db';

/** The records a pupil's feedback forms and reports are drafted from, read with the indexes. */

async function pupilRows<T extends { archived?: boolean }>(type: RecordType, pupilId: string): Promise<T[]> {
	const rows = await db.records(type).where('pupilId').equals(pupilId).toArray();
	return (rows as unknown as T[]).filter((r) => !r.archived);
}

/** Lessons the pupil was in the group for (the register decides whether they attended). */
export async function lessonsOf(pupilId: string): Promise<Lesson[]> {
	const rows = await db.records<Lesson>('lesson').where('pupilIds').equals(pupilId).toArray();
	return rows.filter((l) => !l.archived);
}

export const exitTicketsOf = (pupilId: string) => pupilRows<ExitTicket>('exitTicket', pupilId);
export const intakesOf = (pupilId: string) => pupilRows<Intake>('intake', pupilId);
export const feedbackFormsOf = (pupilId: string) => pupilRows<FeedbackForm>('feedbackForm', pupilId);
export const plansOf = (pupilId: string) => pupilRows<Plan>('plan', pupilId);
export const planReviewsOf = (pupilId: string) => pupilRows<PlanReview>('planReview', pupilId);
export const behaviourOf = (pupilId: string) => pupilRows<Behaviour>('behaviour', pupilId);
export const attendanceOf = (pupilId: string) => pupilRows<Attendance>('attendance', pupilId);
export const hostWorkOf = (pupilId: string) => pupilRows<HostWork>('hostWork', pupilId);
