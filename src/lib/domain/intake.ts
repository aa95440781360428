import { z } from 'zod';
import { documentSchema, type DocOf, isoDate, optionalText, pupilRef, requiredText, type InputOf } from './common';

export const INTAKE_SUBJECTS = ['maths', 'english'] as const;
export const EXAM_BOARDS = ['AQA', 'Edexcel', 'OCR', 'WJEC-Eduqas', 'other'] as const;

/** Host-school attainment at intake for one subject (R1.2). Grades are strings: "4", "5-", "Emerging". */
export const intakeSchema = documentSchema('intake', {
	pupilId: pupilRef,
	subject: z.enum(INTAKE_SUBJECTS, { error: 'Subject must be maths or english' }),
	workingAt: requiredText('Working-at grade', 40),
	ks4Target: requiredText('KS4 target', 40),
	ks3Target: optionalText('KS3 target', 40),
	examBoard: z.enum(EXAM_BOARDS, { error: 'Exam board must be AQA, Edexcel, OCR, WJEC-Eduqas or other' }).optional(),
	specificWork: optionalText('Specific work'),
	receivedDate: isoDate.optional()
});

export type Intake = DocOf<typeof intakeSchema>;
export type IntakeInput = InputOf<Intake>;
