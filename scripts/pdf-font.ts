/**
 * The PDFs' Unicode font (Noto Sans regular and bold, SIL Open Font License 1.1, from the
 * `@expo-google-fonts/noto-sans` package), cut down at build time to the characters a British
 * school's names and comments use: Latin with every accent, Greek, Cyrillic, punctuation,
 * currency and number forms. The full fonts are 630 KB each; the subsets about 230 KB.
 *
 * Served as the virtual module `virtual:pdf-font`, which only `src/lib/pdf/pdf-kit.ts` imports,
 * with import(): the fonts travel in a lazy chunk, never in the first load. `virtual:pdf-font-coverage`
 * says which code points the subset really has, so the one text cleaner keeps exactly what the
 * font can draw.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** Unicode blocks kept (inclusive). Everything else a person types goes through the cleaner. */
export const PDF_FONT_RANGES: readonly (readonly [number, number])[] = [
	[0x20, 0x7e], // Basic Latin
	[0xa0, 0x24f], // Latin-1, Latin Extended-A and -B (Polish, Turkish, Romanian, Czech …)
	[0x2b0, 0x36f], // modifier letters (ʼ ˚) and combining accents, for names typed decomposed
	[0x370, 0x3ff], // Greek
	[0x400, 0x4ff], // Cyrillic
	[0x1e00, 0x1eff], // Latin Extended Additional (Vietnamese, Welsh ŵ ŷ)
	[0x1f00, 0x1fff], // Greek Extended
	[0x2000, 0x206f], // General Punctuation (– — ‘ ’ “ ” … •)
	[0x20a0, 0x20cf], // currency (€)
	[0x2100, 0x218f], // letterlike symbols and number forms (№ ™ ½ ⅓)
	[0x2212, 0x2212] // minus sign (Noto Sans has no other maths operators, arrows or dingbats)
];

export interface PdfFontData {
	regular: string;
	bold: string;
	/** Code point ranges the subset covers, "20-7e,a0-24f,…" (hex). */
	covered: string;
}

function rangesText(codePoints: Iterable<number>): string {
	const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
	const out: string[] = [];
	for (let i = 0; i < sorted.length;) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
		out.push(i === j ? sorted[i]!.toString(16) : `${sorted[i]!.toString(16)}-${sorted[j]!.toString(16)}`);
		i = j + 1;
	}
	return out.join(',');
}

export async function buildPdfFont(): Promise<PdfFontData> {
	const require = createRequire(import.meta.url);
	const { default: subsetFont } = await import('subset-font');
	const hb = await import('harfbuzzjs');
	let text = '';
	for (const [from, to] of PDF_FONT_RANGES) for (let c = from; c <= to; c++) text += String.fromCodePoint(c);
	const subset = async (file: string) => {
		const source = await readFile(require.resolve(`@expo-google-fonts/noto-sans/${file}`));
		return subsetFont(source, text, { targetFormat: 'truetype', noHinting: true });
	};
	const [regular, bold] = await Promise.all([
		subset('400Regular/NotoSans_400Regular.ttf'),
		subset('700Bold/NotoSans_700Bold.ttf')
	]);
	// Coverage of the regular face (the bold one has the same character set).
	const blob = new hb.Blob(regular);
	const face = new hb.Face(blob, 0);
	const covered = rangesText(face.collectUnicodes());
	return { regular: regular.toString('base64'), bold: bold.toString('base64'), covered };
}

const FONTS = 'virtual:pdf-font';
/** Apart from the fonts: the cleaner needs the coverage on every screen that offers a PDF. */
const COVERAGE = 'virtual:pdf-font-coverage';

export function pdfFontPlugin(): Plugin {
	let built: Promise<PdfFontData> | null = null;
	return {
		name: 'waymark-pdf-font',
		resolveId(id) {
			return id === FONTS || id === COVERAGE ? `\0${id}` : null;
		},
		async load(id) {
			if (id !== `\0${FONTS}` && id !== `\0${COVERAGE}`) return null;
			built ??= buildPdfFont();
			const data = await built;
			return id === `\0${FONTS}`
				? `export const regular = ${JSON.stringify(data.regular)};\nexport const bold = ${JSON.stringify(data.bold)};\n`
				: `export const covered = ${JSON.stringify(data.covered)};\n`;
		}
	};
}
