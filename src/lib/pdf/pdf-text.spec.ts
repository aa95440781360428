import { describe, expect, it } from 'vitest';
import { fontHas, pdfText } from './pdf-text';

describe('text the PDF font can print', () => {
	it('keeps English punctuation, every European accent, Greek and Cyrillic as typed', () => {
		const typed = 'Zoë O’Neil – “good” 3 — Good ×2 £5 €3 … Łukasz Dąbrowski Şükrü Nguyễn Ἀλέξης Дмитрий ½';
		expect(pdfText(typed)).toBe(typed);
	});

	it('turns emoji into words in brackets, common ones by name', () => {
		expect(pdfText('persevered 💪')).toBe('persevered [flexed biceps]');
		expect(pdfText('Great work 👍🏽!')).toBe('Great work [thumbs up]!');
		expect(pdfText('❤️ reading')).toBe('[heart] reading');
		expect(pdfText('🦩 drawing')).toBe('[emoji] drawing');
		expect(pdfText('👨‍👩‍👧 family')).toBe('[emoji] family');
	});

	it('gives symbols the font lacks their plain form', () => {
		expect(pdfText('score ≥ 7 ✓ ★')).toBe('score >= 7 [tick] *');
	});

	it('prints a letter from a script the font lacks as ?, and normalises line ends and tabs', () => {
		expect(pdfText('Ahmed أحمد')).toBe('Ahmed ????');
		expect(pdfText('one\r\ntwo\rthree\tfour')).toBe('one\ntwo\nthree four');
	});

	it('knows the font covers Latin, Greek and Cyrillic and not Arabic or emoji', () => {
		expect(['A', 'ę', 'Ω', 'Ж', '—'].every((c) => fontHas(c.codePointAt(0)!))).toBe(true);
		expect(['ا', '💪'].some((c) => fontHas(c.codePointAt(0)!))).toBe(false);
	});
});
