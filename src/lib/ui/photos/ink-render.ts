/**
 * Drawing ink onto a 2D canvas in page pixels: the annotator, the read-only page view and the
 * evidence-pack PDF all draw with this, so a stroke looks the same everywhere.
 */
import {
	decodePoints,
	strokeColour,
	visibleStrokes,
	type InkLayer,
	type InkPoint,
	type InkTool
} from '$lib/domain/ink';
import type { Pen } from '$lib/domain/marking-note';

export interface DrawableStroke {
	tool: InkTool;
	width: number;
	pen: Pen;
	points: readonly InkPoint[];
}

/** Pressure thickens a pen line (0.6× to 1.4× its width); a highlighter is even. */
function widthAt(stroke: DrawableStroke, p: number): number {
	return stroke.tool === 'highlighter' ? stroke.width : stroke.width * (0.6 + (0.8 * p) / 100);
}

/** Draw one stroke, or only its segments from `from` on (for ink that appears as the pen moves). */
export function drawStroke(ctx: CanvasRenderingContext2D, stroke: DrawableStroke, from = 0): void {
	const pts = stroke.points;
	if (pts.length === 0) return;
	ctx.strokeStyle = strokeColour(stroke, stroke.pen);
	ctx.fillStyle = ctx.strokeStyle;
	ctx.lineCap = 'round';
	ctx.lineJoin = 'round';
	if (pts.length === 1) {
		ctx.beginPath();
		ctx.arc(pts[0]!.x, pts[0]!.y, widthAt(stroke, pts[0]!.p) / 2, 0, Math.PI * 2);
		ctx.fill();
		return;
	}
	if (stroke.tool === 'highlighter') {
		// One path, so overlapping segments do not darken the highlight.
		ctx.lineWidth = stroke.width;
		ctx.beginPath();
		ctx.moveTo(pts[Math.max(0, from - 1)]!.x, pts[Math.max(0, from - 1)]!.y);
		for (let i = Math.max(1, from); i < pts.length; i++) ctx.lineTo(pts[i]!.x, pts[i]!.y);
		ctx.stroke();
		return;
	}
	for (let i = Math.max(1, from); i < pts.length; i++) {
		ctx.lineWidth = widthAt(stroke, (pts[i - 1]!.p + pts[i]!.p) / 2);
		ctx.beginPath();
		ctx.moveTo(pts[i - 1]!.x, pts[i - 1]!.y);
		ctx.lineTo(pts[i]!.x, pts[i]!.y);
		ctx.stroke();
	}
}

/** The strokes still showing on a page, decoded, in drawing order. */
export function drawableStrokes(layers: readonly InkLayer[]): (DrawableStroke & { id: string })[] {
	return visibleStrokes(layers).map(({ stroke, pen }) => ({
		id: stroke.id,
		tool: stroke.tool,
		width: stroke.width,
		pen,
		points: decodePoints(stroke.points)
	}));
}

/** Clear the canvas and draw every stroke: highlighter first, so pen lines stay crisp on top. */
export function drawAll(ctx: CanvasRenderingContext2D, strokes: readonly DrawableStroke[]): void {
	ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
	for (const s of strokes) if (s.tool === 'highlighter') drawStroke(ctx, s);
	for (const s of strokes) if (s.tool !== 'highlighter') drawStroke(ctx, s);
}
