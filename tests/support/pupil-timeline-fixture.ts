/** One pupil's records for the timeline, evidence pack and subject access tests. Test-only. */
import type { PupilRecords } from '../../src/lib/domain/pupil-timeline';
import { makeDoc } from './test-factories';

export const KS3 = ['Emerging', 'Developing', 'Secure', 'Mastered'];

export function recordsFor(overrides: Partial<PupilRecords> = {}): PupilRecords {
	const pupil = makeDoc('pupil', { givenName: 'Sam', familyName: 'Patel', yearGroup: 10, startDate: '2026-09-07' });
	const at = (o: Record<string, unknown>) => ({ pupilId: pupil._id, ...o });
	const red = makeDoc(
		'markingNote',
		at({
			pen: 'red',
			kind: 'feedback',
			text: 'Show your working.',
			workTitle: 'Fractions',
			createdAt: '2026-10-01T10:00:00Z'
		})
	);
	return {
		pupil,
		intake: [makeDoc('intake', at({ subject: 'maths', workingAt: '3', ks4Target: '5', receivedDate: '2026-09-01' }))],
		baseline: [
			makeDoc('baseline', at({ domain: 'literacy', date: '2026-09-08', instrument: 'NGRT', standardisedScore: 86 }))
		],
		plan: [],
		planReview: [],
		lesson: [],
		exitTicket: [
			makeDoc(
				'exitTicket',
				at({ date: '2026-10-05', subject: 'maths', topic: 'Fractions', outcome: undefined, score: 7, maxScore: 10 })
			)
		],
		markingNote: [
			makeDoc(
				'markingNote',
				at({
					pen: 'red',
					kind: 'feedback',
					text: 'Unanswered note.',
					workTitle: 'Poem',
					createdAt: '2026-11-01T10:00:00Z'
				})
			),
			red,
			makeDoc(
				'markingNote',
				at({
					pen: 'purple',
					kind: 'response',
					text: 'I added the steps.',
					workTitle: 'Fractions',
					replyTo: red._id,
					createdAt: '2026-10-02T10:00:00Z'
				})
			)
		],
		feedbackForm: [
			makeDoc('feedbackForm', at({ periodEnd: '2026-10-09', atl: 3, progress: 'meeting', status: 'sent' }))
		],
		progressReport: [],
		parentContact: [],
		hostWork: [],
		assessment: [
			makeDoc(
				'assessment',
				at({ kind: 'teacher', subject: 'maths', name: 'Term test', date: '2026-11-20', grade: '5' })
			),
			makeDoc(
				'assessment',
				at({ kind: 'teacher', subject: 'maths', name: 'Quiz', date: '2026-10-20', grade: 'Secure' })
			)
		],
		behaviour: [
			makeDoc('behaviour', at({ date: '2026-10-05', polarity: 'positive' })),
			makeDoc('behaviour', at({ date: '2026-10-06', polarity: 'negative' }))
		],
		attendance: [
			makeDoc('attendance', at({ date: '2026-09-30', session: 'am', mark: 'present' })),
			makeDoc('attendance', at({ date: '2026-10-01', session: 'am', mark: 'late' })),
			makeDoc('attendance', at({ date: '2026-10-01', session: 'pm', mark: 'unauthorised-absence' }))
		],
		reintegration: [],
		workPhoto: [],
		inkLayer: [],
		carerContact: [
			makeDoc(
				'carerContact',
				at({ name: 'Priya Patel', relationship: 'Mother', restriction: 'Speak only about attendance.' })
			)
		],
		moderation: [],
		...overrides
	};
}
