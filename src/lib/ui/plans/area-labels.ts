import { OBJECTIVE_AREAS } from '$lib/domain/plan';

export const AREA_LABELS: Record<(typeof OBJECTIVE_AREAS)[number], string> = {
	literacy: 'Literacy',
	numeracy: 'Numeracy',
	wellbeing: 'Emotional well-being',
	behaviour: 'Behaviour',
	attendance: 'Attendance',
	vocational: 'Vocational',
	other: 'Other'
};

export const AREA_OPTIONS = OBJECTIVE_AREAS.map((a) => ({ value: a, label: AREA_LABELS[a] }));
