import { describe, expect, it } from 'vitest';
import {
	decodePoints,
	encodePoints,
	inkLayerSchema,
	MAX_LAYER_CHARS,
	simplify,
	strokeNear,
	visibleStrokes,
	type InkLayer,
	type InkPoint
} from './ink';
import { makeDoc } from '$tests/test-factories';

const line = (n: number, step = 1): InkPoint[] =>
	Array.from({ length: n }, (_, i) => ({ x: 100 + i * step, y: 200, p: 50 }));

describe('stroke encoding', () => {
	it('reads back exactly the points it wrote, rounded to whole pixels', () => {
		const points = [
			{ x: 10.4, y: 20.6, p: 50 },
			{ x: 12, y: 19, p: 55 },
			{ x: 1599, y: 2000, p: 0 }
		];
		expect(decodePoints(encodePoints(points))).toEqual([
			{ x: 10, y: 21, p: 50 },
			{ x: 12, y: 19, p: 55 },
			{ x: 1599, y: 2000, p: 0 }
		]);
	});

	it('writes the first point then the change from each point before', () => {
		// 36 → "10" in base 36; a step of +1 → "1"; a step back of 2 → "-2".
		expect(
			encodePoints([
				{ x: 36, y: 36, p: 36 },
				{ x: 37, y: 34, p: 36 }
			])
		).toBe('10,10,10,1,-2,0');
	});

	it('gives no points for unreadable text rather than garbage', () => {
		expect(decodePoints('1,2')).toEqual([]);
		expect(decodePoints('1,2,%')).toEqual([]);
		expect(decodePoints('')).toEqual([]);
	});

	it('keeps a typical marked stroke to a few characters a point', () => {
		const wiggle = Array.from({ length: 60 }, (_, i) => ({
			x: 300 + i * 3,
			y: 400 + Math.round(Math.sin(i / 4) * 12),
			p: 40 + (i % 5)
		}));
		expect(encodePoints(wiggle).length / wiggle.length).toBeLessThan(9);
	});
});

describe('simplifying a stroke', () => {
	it('reduces a straight line to its two ends', () => {
		expect(simplify(line(100))).toEqual([line(100)[0], line(100)[99]]);
	});

	it('keeps the corner of an L', () => {
		const l = [...line(50), ...Array.from({ length: 50 }, (_, i) => ({ x: 149, y: 201 + i, p: 50 }))];
		const kept = simplify(l);
		expect(kept).toHaveLength(3);
		expect(kept[1]).toEqual({ x: 149, y: 200, p: 50 });
	});

	it('keeps a point where the pressure changes, so the line keeps its weight', () => {
		const pressed = line(20).map((pt, i) => (i === 10 ? { ...pt, p: 95 } : pt));
		expect(simplify(pressed).some((pt) => pt.p === 95)).toBe(true);
	});
});

describe('the eraser', () => {
	it('finds a stroke within its radius and not beyond', () => {
		expect(strokeNear(line(50), 120, 205, 6)).toBe(true);
		expect(strokeNear(line(50), 120, 215, 6)).toBe(false);
	});
});

describe('which strokes show on a page', () => {
	const layer = (over: Partial<InkLayer>) => makeDoc('inkLayer', over as Record<string, unknown>) as InkLayer;

	it('shows every layer oldest first and leaves out strokes erased in any layer', () => {
		const red = layer({
			createdAt: '2026-10-05T09:00:00Z',
			strokes: [
				{ id: 'a', tool: 'pen', width: 3, points: '1,1,1' },
				{ id: 'b', tool: 'pen', width: 3, points: '2,2,2' }
			]
		});
		const purple = layer({
			pen: 'purple',
			createdAt: '2026-10-05T08:00:00Z',
			strokes: [{ id: 'c', tool: 'highlighter', width: 20, points: '3,3,3' }],
			erases: ['b']
		});
		expect(visibleStrokes([red, purple]).map((s) => [s.stroke.id, s.pen])).toEqual([
			['c', 'purple'],
			['a', 'red']
		]);
	});

	it('ignores a withdrawn layer', () => {
		expect(visibleStrokes([layer({ archived: true })])).toEqual([]);
	});
});

describe('size limits', () => {
	it('refuses a session whose ink is larger than a page can hold', () => {
		const huge = 'a,'.repeat(11_000) + 'a';
		const strokes = Array.from({ length: Math.ceil(MAX_LAYER_CHARS / huge.length) + 1 }, (_, i) => ({
			id: `s${i}`,
			tool: 'pen',
			width: 3,
			points: huge.slice(0, huge.length - ((huge.length - 1) % 6))
		}));
		const result = inkLayerSchema.safeParse(makeDoc('inkLayer', { strokes }));
		expect(result.success).toBe(false);
		expect(JSON.stringify(result.error?.issues)).toMatch(/too large to store/);
	});
});
