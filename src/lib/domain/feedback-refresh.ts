import { formatDay } from './calendar-days';
import type { ExitResult, FeedbackDraft, Topic } from './feedback-draft';
import { subjectLabel } from './lesson';
import type { RecordChange } from './report-refresh';

/**
 * A saved feedback-form draft against the records as they are now. Unlike a half-term report,
 * the parts of a feedback form that come from the records (lessons attended, topics, exit
 * tickets, attendance, what progress is judged against) are not typed by the teacher, so
 * "Refresh from records" takes them whole; the ATL grade, progress, comment and signature are
 * the teacher's and are never touched.
 */

/** The parts of a feedback form the records decide. */
export type FeedbackComputed = Pick<FeedbackDraft, 'lessonsAttended' | 'topics' | 'basis'> &
	Partial<Pick<FeedbackDraft, 'exitResults' | 'basisDetail' | 'attendance'>>;

/** What a draft says when no register was taken in its period; older forms kept no figure at all. */
const NO_ATTENDANCE = 'No sessions recorded';

const topicLine = (t: Topic) => `${subjectLabel(t.subject)}: ${t.topic}`;
const exitLine = (r: ExitResult) => `${formatDay(r.date)} · ${subjectLabel(r.subject)}: ${r.topic} · ${r.result}`;

function listChange(part: string, label: string, was: string[], now: string[]): RecordChange | undefined {
	const added = now.filter((l) => !was.includes(l));
	const removed = was.filter((l) => !now.includes(l));
	return added.length || removed.length ? { part, label, added, removed } : undefined;
}

function valueChange(part: string, label: string, was: string, now: string): RecordChange | undefined {
	return was === now ? undefined : { part, label, added: [now], removed: [was], isValue: true };
}

/** What the records say differently from the saved form, in the order the form shows them. */
export function feedbackRecordChanges(saved: FeedbackComputed, now: FeedbackComputed): RecordChange[] {
	const attendance = (a: string | undefined) => a?.trim() || NO_ATTENDANCE;
	return [
		valueChange('lessonsAttended', 'Lessons attended', String(saved.lessonsAttended), String(now.lessonsAttended)),
		valueChange('attendance', 'Attendance', attendance(saved.attendance), attendance(now.attendance)),
		listChange('topics', 'Topics learnt', saved.topics.map(topicLine), now.topics.map(topicLine)),
		listChange(
			'exitResults',
			'Exit tickets',
			(saved.exitResults ?? []).map(exitLine),
			(now.exitResults ?? []).map(exitLine)
		),
		valueChange('basisDetail', 'Judged against', saved.basisDetail ?? '', now.basisDetail ?? '')
	].filter((c): c is RecordChange => c !== undefined);
}

/** The computed parts of a form or draft, for `feedbackRecordChanges` and the refresh. */
export function feedbackComputed(from: FeedbackComputed): FeedbackComputed {
	const { lessonsAttended, topics, exitResults, basis, basisDetail, attendance } = from;
	return { lessonsAttended, topics, exitResults, basis, basisDetail, attendance };
}
