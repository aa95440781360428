import { z } from 'zod';
import { docId, documentSchema, pupilRef, type DocOf, type InputOf } from './common';
import { PENS, type Pen } from './marking-note';

/**
 * Ink on a photographed page. Each drawing session of one person with one pen is its own document
 * that only that session ever changes (strokes are appended; an undo takes back its own last stroke;
 * erasing another stroke is recorded as its id in `erases`). So two tablets annotating one page never
 * edit the same document and never conflict, and the pupil's purple layer stays apart from the
 * teacher's red one.
 *
 * Points are in the page picture's pixels. A stroke's points are stored as text: the first point,
 * then the change from the point before, each number in base 36 — a few characters a point.
 */
export const INK_TOOLS = ['pen', 'highlighter'] as const;
export type InkTool = (typeof INK_TOOLS)[number];

export const MAX_STROKE_CHARS = 24_000;
export const MAX_LAYER_CHARS = 200_000;
export const MAX_STROKES_PER_LAYER = 1000;

export const PEN_COLOURS: Record<Pen, string> = { red: '#c8102e', purple: '#6a1b9a' };
export const HIGHLIGHTER_COLOUR = 'rgba(255, 214, 0, 0.4)';

const strokeSchema = z.looseObject({
	id: z.string().regex(/^[0-9A-Za-z]{1,32}$/, { error: 'stroke id must be letters and digits' }),
	tool: z.enum(INK_TOOLS, { error: 'tool must be pen or highlighter' }),
	width: z.number().min(0.5).max(80),
	points: z
		.string()
		.max(MAX_STROKE_CHARS, { error: 'a stroke is too long' })
		.regex(/^[-0-9a-z,]*$/, { error: 'stroke points are not readable' })
});

export const inkLayerSchema = documentSchema('inkLayer', {
	pupilId: pupilRef,
	photoId: docId('workPhoto'),
	pen: z.enum(PENS, { error: 'Pen must be red or purple' }),
	strokes: z
		.array(strokeSchema)
		.max(MAX_STROKES_PER_LAYER, { error: `at most ${MAX_STROKES_PER_LAYER} strokes in one session` })
		.refine((strokes) => strokes.reduce((n, s) => n + s.points.length, 0) <= MAX_LAYER_CHARS, {
			error: 'this ink is too large to store; start a new session'
		}),
	erases: z.array(z.string().max(32)).max(2000).optional()
});

export type InkLayer = DocOf<typeof inkLayerSchema>;
export type InkLayerInput = InputOf<InkLayer>;
export type InkStroke = InkLayer['strokes'][number];

/** A point of a stroke: page pixels, and pen pressure 0–100 (50 when the device gives none). */
export interface InkPoint {
	x: number;
	y: number;
	p: number;
}

export function encodePoints(points: readonly InkPoint[]): string {
	const out: string[] = [];
	let prev: InkPoint = { x: 0, y: 0, p: 0 };
	for (const raw of points) {
		const pt = { x: Math.round(raw.x), y: Math.round(raw.y), p: Math.round(raw.p) };
		out.push((pt.x - prev.x).toString(36), (pt.y - prev.y).toString(36), (pt.p - prev.p).toString(36));
		prev = pt;
	}
	return out.join(',');
}

/** The points of an encoded stroke; an unreadable one gives none rather than garbage. */
export function decodePoints(text: string): InkPoint[] {
	if (!text) return [];
	const nums = text.split(',').map((n) => parseInt(n, 36));
	if (nums.length % 3 !== 0 || nums.some((n) => Number.isNaN(n))) return [];
	const points: InkPoint[] = [];
	let x = 0;
	let y = 0;
	let p = 0;
	for (let i = 0; i < nums.length; i += 3) {
		x += nums[i]!;
		y += nums[i + 1]!;
		p += nums[i + 2]!;
		points.push({ x, y, p });
	}
	return points;
}

function distanceToSegment(pt: InkPoint, a: InkPoint, b: InkPoint): number {
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	const len2 = dx * dx + dy * dy;
	const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((pt.x - a.x) * dx + (pt.y - a.y) * dy) / len2));
	return Math.hypot(pt.x - (a.x + t * dx), pt.y - (a.y + t * dy));
}

/**
 * Fewer points for the same line (Ramer–Douglas–Peucker): a pen at 240 Hz gives far more points than
 * the eye needs. Points where the pressure changes noticeably are kept so the line's weight survives.
 */
export function simplify(points: readonly InkPoint[], tolerance = 0.8): InkPoint[] {
	if (points.length <= 2) return [...points];
	const keep = new Uint8Array(points.length);
	keep[0] = 1;
	keep[points.length - 1] = 1;
	const stack: [number, number][] = [[0, points.length - 1]];
	while (stack.length) {
		const [first, last] = stack.pop()!;
		let worst = -1;
		let worstAt = -1;
		for (let i = first + 1; i < last; i++) {
			const d = distanceToSegment(points[i]!, points[first]!, points[last]!);
			const pressureStep = Math.abs(points[i]!.p - points[first]!.p) > 15 ? tolerance + 1 : 0;
			const score = Math.max(d, pressureStep);
			if (score > worst) {
				worst = score;
				worstAt = i;
			}
		}
		if (worst > tolerance) {
			keep[worstAt] = 1;
			stack.push([first, worstAt], [worstAt, last]);
		}
	}
	return points.filter((_, i) => keep[i]);
}

/** Whether a point lies within `radius` of a stroke's line (for the eraser). */
export function strokeNear(points: readonly InkPoint[], x: number, y: number, radius: number): boolean {
	const at = { x, y, p: 0 };
	if (points.length === 1) return Math.hypot(points[0]!.x - x, points[0]!.y - y) <= radius;
	for (let i = 1; i < points.length; i++) if (distanceToSegment(at, points[i - 1]!, points[i]!) <= radius) return true;
	return false;
}

export interface VisibleStroke {
	stroke: InkStroke;
	pen: Pen;
	layerId: string;
	author: string;
}

/** Every stroke still showing on a page: layers oldest first, strokes in drawing order, erased ones left out. */
export function visibleStrokes(layers: readonly InkLayer[]): VisibleStroke[] {
	const live = layers.filter((l) => !l.archived);
	const erased = new Set(live.flatMap((l) => l.erases ?? []));
	return [...live]
		.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a._id < b._id ? -1 : 1))
		.flatMap((l) =>
			l.strokes
				.filter((s) => !erased.has(s.id))
				.map((stroke) => ({ stroke, pen: l.pen, layerId: l._id, author: l.createdBy }))
		);
}

/** The colour a stroke is drawn in. */
export function strokeColour(stroke: Pick<InkStroke, 'tool'>, pen: Pen): string {
	return stroke.tool === 'highlighter' ? HIGHLIGHTER_COLOUR : PEN_COLOURS[pen];
}

/** A short unique stroke id: time and chance, enough within one page. */
export function newStrokeId(now = Date.now(), random = Math.random): string {
	return now.toString(36) + Math.floor(random() * 36 ** 4).toString(36);
}
