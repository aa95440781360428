// Draws the Waymark signpost as PNGs with Node built-ins only (zlib), so no image tool is needed.
// Run: node scripts/make-icons.mjs  → static/icon-192.png, static/icon-512.png, static/favicon.png
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BG = [0x1d, 0x4e, 0x5f];
const LIGHT = [0xf6, 0xf4, 0xef];
const AMBER = [0xe8, 0xb0, 0x4a];

// Shapes in a 64-unit square (same as src/lib/ui/Logo.svelte). Full-bleed background so the
// 512 icon also works as a maskable icon; glyph kept inside the central safe zone.
function colourAt(x, y) {
	const inPost = x >= 29 && x <= 35 && y >= 12 && y <= 54;
	const upper = y >= 15 && y <= 27 && x >= 14 && x <= 51 - Math.abs(y - 21) * (7 / 6);
	const lower = y >= 31 && y <= 43 && x <= 50 && x >= 15 + Math.abs(y - 37) * (7 / 6);
	if (lower) return AMBER;
	if (upper || inPost) return LIGHT;
	return BG;
}

function crc32(buf) {
	let c = ~0;
	for (const byte of buf) {
		c ^= byte;
		for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
	}
	return ~c >>> 0;
}

function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}

function png(size, rounded) {
	const SS = 4; // supersampling for smooth edges
	const raw = Buffer.alloc(size * (size * 4 + 1));
	const radius = rounded ? size * (14 / 64) : 0;
	for (let py = 0; py < size; py++) {
		raw[py * (size * 4 + 1)] = 0;
		for (let px = 0; px < size; px++) {
			let r = 0,
				g = 0,
				b = 0,
				a = 0;
			for (let sy = 0; sy < SS; sy++) {
				for (let sx = 0; sx < SS; sx++) {
					const fx = px + (sx + 0.5) / SS;
					const fy = py + (sy + 0.5) / SS;
					if (radius && outsideRounded(fx, fy, size, radius)) continue;
					const [cr, cg, cb] = colourAt((fx / size) * 64, (fy / size) * 64);
					r += cr;
					g += cg;
					b += cb;
					a += 1;
				}
			}
			const o = py * (size * 4 + 1) + 1 + px * 4;
			const n = SS * SS;
			raw[o] = a ? Math.round(r / a) : 0;
			raw[o + 1] = a ? Math.round(g / a) : 0;
			raw[o + 2] = a ? Math.round(b / a) : 0;
			raw[o + 3] = Math.round((a / n) * 255);
		}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 8; // bit depth
	header[9] = 6; // RGBA
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

function outsideRounded(x, y, size, r) {
	const cx = Math.min(Math.max(x, r), size - r);
	const cy = Math.min(Math.max(y, r), size - r);
	return (x - cx) ** 2 + (y - cy) ** 2 > r * r;
}

const out = new URL('../static/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), png(192, false));
writeFileSync(new URL('icon-512.png', out), png(512, false));
writeFileSync(new URL('favicon.png', out), png(48, true));
console.log('icons written to static/');
