/** How dates, periods and file names are written on documents sent to host schools. */
import { formatDay } from './calendar-days';

/** "7 Sep 2026 – 27 Sep 2026". */
export function periodText(start: string, end: string): string {
	return `${formatDay(start)} – ${formatDay(end)}`;
}

function slug(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
}

/**
 * "Jordan-Ellis_feedback-form_2026-09-07_to_2026-09-27.pdf": who, what and when, safe on every
 * file system (no spaces, slashes or accents).
 */
export function documentFilename(parts: {
	who: string;
	document: string;
	periodStart: string;
	periodEnd: string;
	version?: number;
}): string {
	const version = parts.version && parts.version > 1 ? `_v${parts.version}` : '';
	return `${slug(parts.who) || 'pupil'}_${slug(parts.document).toLowerCase()}_${parts.periodStart}_to_${parts.periodEnd}${version}.pdf`;
}
