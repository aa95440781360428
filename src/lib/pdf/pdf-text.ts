import { covered } from 'virtual:pdf-font-coverage';

/**
 * The one text cleaner for every PDF. The documents print in an embedded Noto Sans subset
 * (scripts/pdf-font.ts): Latin with all accents, Greek, Cyrillic, typographic punctuation and
 * common symbols print exactly as typed. Only what that font cannot draw is replaced:
 * - emoji (colour pictures no PDF text font carries) become a word in brackets, "💪" → "[flexed
 *   biceps]", or "[emoji]" for one not in the list below;
 * - a few symbols the font lacks get their plain form ("≤" → "<=", "✓" → "[tick]", "★" → "*");
 * - a letter from a script the font lacks becomes its unaccented form when that prints, else "?";
 * - tabs become spaces, Windows and old Mac line ends become "\n".
 */

const RANGES: [number, number][] = covered.split(',').map((r) => {
	const [from = '', to = from] = r.split('-');
	return [parseInt(from, 16), parseInt(to, 16)];
});

/** Whether the PDF font can draw this code point. */
export function fontHas(codePoint: number): boolean {
	let lo = 0;
	let hi = RANGES.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const [from, to] = RANGES[mid]!;
		if (codePoint < from) hi = mid - 1;
		else if (codePoint > to) lo = mid + 1;
		else return true;
	}
	return false;
}

const prints = (text: string) => [...text].every((ch) => ch === '\n' || fontHas(ch.codePointAt(0)!));

/** The emoji teachers and pupils use most, in words; any other prints as "[emoji]". */
const EMOJI_WORDS: Record<string, string> = {
	'👍': 'thumbs up',
	'👎': 'thumbs down',
	'👏': 'clapping',
	'💪': 'flexed biceps',
	'🙌': 'raised hands',
	'🙂': 'smile',
	'😊': 'smile',
	'😀': 'smile',
	'😃': 'smile',
	'😄': 'smile',
	'😁': 'grin',
	'☺': 'smile',
	'😂': 'laughing',
	'🤣': 'laughing',
	'😉': 'wink',
	'😐': 'neutral face',
	'🙁': 'sad face',
	'☹': 'sad face',
	'😞': 'sad face',
	'😢': 'crying',
	'😭': 'crying',
	'😟': 'worried',
	'😠': 'angry',
	'😡': 'angry',
	'🤔': 'thinking',
	'😴': 'sleepy',
	'❤': 'heart',
	'💙': 'heart',
	'💚': 'heart',
	'⭐': 'star',
	'🌟': 'star',
	'✨': 'sparkles',
	'🏆': 'trophy',
	'🥇': 'gold medal',
	'🎉': 'celebration',
	'🔥': 'fire',
	'💯': '100',
	'✅': 'tick',
	'✔': 'tick',
	'❌': 'cross',
	'📚': 'books',
	'📖': 'book',
	'✏': 'pencil',
	'⚽': 'football'
};

/** Symbols Noto Sans lacks that have a plain form. */
const SYMBOLS: Record<string, string> = {
	'≤': '<=',
	'≥': '>=',
	'≠': '=/=',
	'→': '->',
	'←': '<-',
	'✓': '[tick]',
	'✗': '[cross]',
	'★': '*',
	'☆': '*'
};

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
/** Joiners, variation selectors and skin tones: parts of an emoji, invisible on their own. */
const EMOJI_PARTS = /\u200D|\uFE0E|\uFE0F|\p{Emoji_Modifier}/gu;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function replacement(segment: string): string {
	const bare = segment.replace(EMOJI_PARTS, '');
	if (bare && prints(bare)) return bare; // "✓︎" with a text-style selector: the tick prints
	if (SYMBOLS[bare] !== undefined) return SYMBOLS[bare];
	if (EMOJI.test(segment)) return `[${EMOJI_WORDS[[...bare][0] ?? ''] ?? 'emoji'}]`;
	const base = segment.normalize('NFKD').replace(/\p{M}/gu, '');
	return base && prints(base) ? base : '?';
}

export function pdfText(text: string): string {
	let out = '';
	for (const { segment } of graphemes.segment(text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').normalize('NFC')))
		out += prints(segment) ? segment : replacement(segment);
	return out;
}
