import { z } from 'zod';
import { timeOfDay } from './absence-notice';
import {
	docId,
	documentSchema,
	isoDate,
	optionalText,
	pupilRef,
	requiredText,
	type DocOf,
	type InputOf
} from './common';

export const POLARITIES = ['positive', 'negative'] as const;
export const SEVERITIES = ['low', 'medium', 'high'] as const;
/** Internal: removed from lessons but on site; suspension: fixed period (DfE); permanent exclusion. */
export const SUSPENSION_TYPES = ['internal', 'suspension', 'permanent-exclusion'] as const;

/** Parents or carers told about the incident: who (a contact on the pupil's record when picked) and when. */
const carersInformedSchema = z.looseObject({
	contactId: docId('carerContact').optional(),
	name: requiredText('Who was informed', 200),
	date: isoDate,
	time: timeOfDay.optional()
});

const physicalInterventionSchema = z.looseObject({
	by: requiredText('Who used the physical intervention', 500),
	details: optionalText('Physical intervention details', 2000)
});

const suspensionSchema = z
	.looseObject({
		type: z.enum(SUSPENSION_TYPES, { error: 'Choose internal, suspension or permanent exclusion' }),
		startDate: isoDate,
		/** Absent for a permanent exclusion (it has no end) and when not yet known. */
		endDate: isoDate.optional()
	})
	.refine((s) => !s.endDate || s.startDate <= s.endDate, {
		error: 'The suspension must end on or after the day it starts',
		path: ['endDate']
	});

/**
 * R5.1: one entry in the behaviour log. The contract's fields are required as before; everything a
 * PRU records about an incident (issue 13 item 4) is optional, so a quick entry from the lesson
 * screen stays a few taps and older entries stay valid.
 */
export const behaviourSchema = documentSchema('behaviour', {
	pupilId: pupilRef,
	date: isoDate,
	polarity: z.enum(POLARITIES, { error: 'Entry must be positive or negative' }),
	category: requiredText('Category', 100),
	description: requiredText('Description', 5000),
	actionTaken: optionalText('Action taken', 5000),
	lessonId: docId('lesson').optional(),
	/** The entry this one corrects (withdrawn when this was saved): its earlier version, kept as history. */
	supersedes: docId('behaviour').optional(),
	/** When it happened, `HH:MM`. */
	time: timeOfDay.optional(),
	location: optionalText('Location', 200),
	severity: z.enum(SEVERITIES, { error: 'Severity must be low, medium or high' }).optional(),
	/** Categories besides `category` (an incident can be both physical aggression and discriminatory). */
	otherCategories: z.array(requiredText('Category', 100)).max(12).optional(),
	pupilsInvolved: optionalText('Other pupils involved', 1000),
	staffInvolved: optionalText('Staff involved', 1000),
	carersInformed: carersInformedSchema.optional(),
	physicalIntervention: physicalInterventionSchema.optional(),
	injury: optionalText('Injury', 2000),
	suspension: suspensionSchema.optional()
}).refine((b) => !b.carersInformed || b.carersInformed.date >= b.date, {
	error: 'Parents or carers cannot have been told before the day it happened',
	path: ['carersInformed', 'date']
});

export type Behaviour = DocOf<typeof behaviourSchema>;
export type BehaviourInput = InputOf<Behaviour>;
