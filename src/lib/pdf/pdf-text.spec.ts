import { describe, expect, it } from 'vitest';
import { pdfText } from './pdf-text';

describe('text the PDF font can print', () => {
	it('keeps English punctuation and Western European accents', () => {
		expect(pdfText('Zoë O’Neil – “good” 3 — Good ×2 £5')).toBe('Zoë O’Neil – “good” 3 — Good ×2 £5');
	});

	it('turns letters the font lacks into their plain form, and the rest into ?', () => {
		expect(pdfText('Łukasz Dąbrowski Şükrü')).toBe('Lukasz Dabrowski Sükrü');
		expect(pdfText('Ahmed 🙂 أحمد')).toBe('Ahmed ? ????');
	});
});
