import { describe, expect, it } from 'vitest';
import { findChromium, installSteps, type MachineProbe } from './chromium';

const machine = (files: string[], over: Partial<MachineProbe> = {}): MachineProbe => ({
	env: {},
	exists: (p) => files.includes(p),
	playwrightChromium: '/root/.cache/ms-playwright/chromium-1/chrome',
	isRoot: false,
	isDebian: false,
	...over
});

describe('choosing the Chromium for end-to-end tests', () => {
	it('uses WAYMARK_CHROMIUM first, even when Debian has its own', () => {
		const probe = machine(['/opt/c/chrome', '/usr/bin/chromium'], { env: { WAYMARK_CHROMIUM: '/opt/c/chrome' } });
		expect(findChromium(probe)).toEqual({ path: '/opt/c/chrome', source: 'WAYMARK_CHROMIUM' });
	});

	it('does not fall back to another browser when WAYMARK_CHROMIUM names a missing file', () => {
		const probe = machine(['/usr/bin/chromium'], { env: { WAYMARK_CHROMIUM: '/nope' }, isRoot: true, isDebian: true });
		expect(findChromium(probe)).toBeNull();
		expect(installSteps(probe)).toEqual([]);
	});

	it("prefers the system package, then Playwright's own download", () => {
		expect(findChromium(machine(['/usr/bin/chromium-browser']))?.path).toBe('/usr/bin/chromium-browser');
		const own = '/root/.cache/ms-playwright/chromium-1/chrome';
		expect(findChromium(machine([own]))).toEqual({ path: own, source: 'playwright' });
	});

	it('finds nothing on a fresh machine', () => {
		expect(findChromium(machine([]))).toBeNull();
	});

	it('tries the download, then apt-get only as root on Debian', () => {
		expect(installSteps(machine([]))).toEqual(['playwright-download']);
		expect(installSteps(machine([], { isRoot: true }))).toEqual(['playwright-download']);
		expect(installSteps(machine([], { isRoot: true, isDebian: true }))).toEqual(['playwright-download', 'apt-get']);
	});
});
