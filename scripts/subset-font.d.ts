/** subset-font ships no types; this is the part Waymark uses (see scripts/pdf-font.ts). */
declare module 'subset-font' {
	export default function subsetFont(
		font: Buffer,
		text: string,
		options?: { targetFormat?: 'truetype' | 'woff' | 'woff2' | 'sfnt'; noHinting?: boolean }
	): Promise<Buffer>;
}
