/** Built by scripts/pdf-font.ts: the PDFs' Noto Sans subset (base64 TrueType) and its coverage. */
declare module 'virtual:pdf-font' {
	export const regular: string;
	export const bold: string;
}
declare module 'virtual:pdf-font-coverage' {
	/** Hex code point ranges the font draws, "20-7e,a0-24f,…". */
	export const covered: string;
}
