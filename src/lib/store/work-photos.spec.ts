import { beforeEach, describe, expect, it } from 'vitest';
import { decodePoints } from '$lib/domain/ink';
import { freshDatabase } from '$tests/test-db';
import * as workPhotos from './work-photos';

const PHOTO = 'workPhoto:01JD8Z3Q5W3M9X4K2T6B7C8D9H';
const PUPIL = 'pupil:01JD8Z3Q5W3M9X4K2T6B7C8D9E';
const stroke = (id: string) => ({
	id,
	tool: 'pen' as const,
	width: 4,
	points: [
		{ x: 1, y: 2, p: 50 },
		{ x: 30, y: 40, p: 60 }
	]
});

describe('ink sessions', () => {
	beforeEach(() => {
		freshDatabase();
	});

	it('keeps every stroke of quick marks whose saves overlap, in one layer', async () => {
		const session: workPhotos.InkSession = { pupilId: PUPIL, photoId: PHOTO, pen: 'red' };
		await Promise.all(Array.from({ length: 12 }, (_, i) => workPhotos.addStroke(session, stroke(`s${i}`))));
		const layers = await workPhotos.inkFor(PHOTO);
		expect(layers).toHaveLength(1);
		expect(layers[0]!.strokes.map((s) => s.id)).toEqual(Array.from({ length: 12 }, (_, i) => `s${i}`));
		expect(decodePoints(layers[0]!.strokes[0]!.points)).toEqual([
			{ x: 1, y: 2, p: 50 },
			{ x: 30, y: 40, p: 60 }
		]);
	});

	it('takes back a stroke and puts it back exactly (undo, redo), and erases across layers', async () => {
		const red: workPhotos.InkSession = { pupilId: PUPIL, photoId: PHOTO, pen: 'red' };
		const purple: workPhotos.InkSession = { pupilId: PUPIL, photoId: PHOTO, pen: 'purple' };
		const saved = await workPhotos.addStroke(red, stroke('a'));
		await workPhotos.addStroke(purple, stroke('b'));
		await workPhotos.removeStroke(red, 'a');
		expect((await workPhotos.inkFor(PHOTO)).flatMap((l) => l.strokes.map((s) => s.id))).toEqual(['b']);
		if (!saved.ok) throw new Error(saved.message);
		await workPhotos.restoreStroke(red, saved.record.strokes[0]!);
		await workPhotos.eraseStrokes(red, ['b']);
		const layers = await workPhotos.inkFor(PHOTO);
		expect(layers.find((l) => l.pen === 'red')).toMatchObject({ strokes: [{ id: 'a' }], erases: ['b'] });
		// The pupil's purple stroke is hidden, never removed from the pupil's own layer.
		expect(layers.find((l) => l.pen === 'purple')!.strokes.map((s) => s.id)).toEqual(['b']);
	});
});
