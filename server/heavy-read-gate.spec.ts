import { describe, expect, it } from 'vitest';
import { concurrencyGate, isHeavyRead } from './heavy-read-gate';

const req = (method: string, path: string, query: Record<string, string> = {}, bytes?: number) => ({
	method,
	path,
	query,
	headers: bytes === undefined ? {} : { 'content-length': String(bytes) }
});

describe('heavy reads on the embedded server', () => {
	it('are a first sync’s changes pages and _bulk_get batches, never live sync’s', () => {
		expect(isHeavyRead(req('GET', '/waymark-x/_changes', { style: 'all_docs', limit: '10000' }))).toBe(true);
		expect(isHeavyRead(req('GET', '/waymark-x/_changes', { feed: 'normal' }))).toBe(true);
		expect(isHeavyRead(req('POST', '/waymark-x/_bulk_get', {}, 90_000))).toBe(true);
		expect(isHeavyRead(req('POST', '/waymark-x/_bulk_get', {}, 900))).toBe(false);
		expect(isHeavyRead(req('GET', '/waymark-x/_changes', { limit: '100' }))).toBe(false);
		expect(isHeavyRead(req('GET', '/waymark-x/_changes', { feed: 'longpoll' }))).toBe(false);
		expect(isHeavyRead(req('GET', '/waymark-x/_changes', { feed: 'continuous' }))).toBe(false);
		expect(isHeavyRead(req('POST', '/waymark-x/_bulk_docs'))).toBe(false);
		expect(isHeavyRead(req('GET', '/waymark-x/pupil:01ABC'))).toBe(false);
	});

	it('run at most the limit at once; the rest start in the order they came, as each one ends', async () => {
		const gate = concurrencyGate(2);
		const started: number[] = [];
		const finish: (() => void)[] = [];
		const tasks = [0, 1, 2, 3].map((n) =>
			gate.enter().then((done) => {
				started.push(n);
				finish[n] = done;
			})
		);
		await Promise.resolve();
		await Promise.resolve();
		expect(started).toEqual([0, 1]);
		expect(gate.waiting).toBe(2);
		finish[1]!();
		finish[1]!(); // a second call gives nothing back twice
		await new Promise((r) => setTimeout(r, 0));
		expect(started).toEqual([0, 1, 2]);
		expect(gate.running).toBe(2);
		finish[0]!();
		await Promise.all(tasks);
		expect(started).toEqual([0, 1, 2, 3]);
		finish[2]!();
		finish[3]!();
		expect(gate.running).toBe(0);
	});
});
