import type { Moderation, ModerationSample } from './moderation';
import { termOn } from './school-terms';
import type { Settings } from './settings';

/** How many samples the moderator agreed with, of how many looked at. */
export interface Agreement {
	agreed: number;
	total: number;
	/** Whole percent; null when no samples were looked at. */
	percent: number | null;
}

export function agreementOf(samples: readonly Pick<ModerationSample, 'agreed'>[]): Agreement {
	const agreed = samples.filter((s) => s.agreed).length;
	const total = samples.length;
	return { agreed, total, percent: total ? Math.round((agreed / total) * 100) : null };
}

/** One school term's moderation: the samples of every meeting held in it, pooled. */
export interface AgreementPeriod extends Agreement {
	/** e.g. "Autumn 2026" — the school's terms from the half-term calendar (school-terms.ts). */
	label: string;
	/** First day of the term, YYYY-MM-DD: sorts the periods. */
	start: string;
	meetings: number;
}

/** The school term a date falls in: the school's terms from the half-term calendar (`termOn`). */
export function termOf(date: string, halfTerms: Settings['halfTerms'] = []): { label: string; start: string } {
	const term = termOn(date, halfTerms);
	return { label: term.name, start: term.start };
}

/**
 * Agreement rate over time (R5.2): per term, samples pooled across that term's meetings (so a
 * meeting with 12 samples weighs more than one with 2), oldest first. Archived meetings and other
 * subjects (when `subject` is given) are left out.
 */
export function agreementOverTime(
	meetings: readonly Moderation[],
	subject?: string,
	halfTerms: Settings['halfTerms'] = []
): AgreementPeriod[] {
	const byTerm = new Map<string, { label: string; start: string; samples: ModerationSample[]; meetings: number }>();
	for (const meeting of meetings) {
		if (meeting.archived || (subject && meeting.subject !== subject)) continue;
		const term = termOf(meeting.date, halfTerms);
		const entry = byTerm.get(term.start) ?? { ...term, samples: [], meetings: 0 };
		entry.samples.push(...meeting.samples);
		entry.meetings += 1;
		byTerm.set(term.start, entry);
	}
	return [...byTerm.values()]
		.sort((a, b) => a.start.localeCompare(b.start))
		.map(({ label, start, samples, meetings: count }) => ({ label, start, meetings: count, ...agreementOf(samples) }));
}

/** Every sample of every meeting that is not archived: the headline rate. */
export function overallAgreement(meetings: readonly Moderation[], subject?: string): Agreement {
	return agreementOf(
		meetings.filter((m) => !m.archived && (!subject || m.subject === subject)).flatMap((m) => m.samples)
	);
}

/**
 * "Up", "down" or "level" between the last two terms with samples, for a sentence beside the
 * table; null when there is only one term.
 */
export function agreementTrend(periods: readonly AgreementPeriod[]): 'up' | 'down' | 'level' | null {
	const known = periods.filter((p) => p.percent !== null);
	if (known.length < 2) return null;
	const before = known[known.length - 2]!.percent as number;
	const last = known[known.length - 1]!.percent as number;
	return last > before ? 'up' : last < before ? 'down' : 'level';
}

/**
 * A judgement that matches the moderator's, ignoring case and spaces, is agreed unless someone
 * says otherwise: the form pre-ticks "agreed" so typing the same grade twice costs no extra tap.
 */
export function judgementsMatch(internal: string, moderated: string): boolean {
	const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
	return norm(internal) !== '' && norm(internal) === norm(moderated);
}
