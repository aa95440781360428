/**
 * jsPDF's built-in fonts (Helvetica) can only draw Windows-1252 characters; anything else comes
 * out as garbage. Names and free text are made printable first: accents the font lacks are
 * dropped (Ł → L), typographic marks kept, anything else becomes "?" rather than noise.
 */
const CP1252_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

function isPrintable(ch: string): boolean {
	const code = ch.codePointAt(0)!;
	return (
		(code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || code === 0x0a || CP1252_EXTRAS.includes(ch)
	);
}

const FALLBACKS: Record<string, string> = {
	Ł: 'L',
	ł: 'l',
	Đ: 'D',
	đ: 'd',
	ı: 'i',
	'\t': ' ',
	'\u2212': '-',
	'\u2009': ' ',
	'\u202f': ' ',
	'\u2026': '...'
};

export function pdfText(text: string): string {
	let out = '';
	for (const ch of text.replace(/\r\n?/g, '\n')) {
		if (isPrintable(ch)) out += ch;
		else if (FALLBACKS[ch] !== undefined) out += FALLBACKS[ch];
		else {
			const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
			out += base && [...base].every(isPrintable) ? base : '?';
		}
	}
	return out;
}
