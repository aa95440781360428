/**
 * Which Chromium the end-to-end tests drive. Pure: what the machine has comes in as a probe, so the
 * choice is unit-tested (chromium.spec.ts) and shared by the installer script and playwright.config.ts.
 */
import { existsSync } from 'node:fs';

export interface MachineProbe {
	env: Record<string, string | undefined>;
	exists(path: string): boolean;
	/** Where Playwright's own Chromium would be, whether or not it was downloaded. */
	playwrightChromium: string | null;
	isRoot: boolean;
	isDebian: boolean;
}

/** Debian's package, then Ubuntu's name for it. */
export const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const INSTALL_HINT =
	'No Chromium for the end-to-end tests: install Debian/Ubuntu\'s "chromium" package (apt-get install chromium), run "npx playwright install chromium", or set WAYMARK_CHROMIUM to a Chromium binary.';

export type Found = { path: string; source: 'WAYMARK_CHROMIUM' | 'system' | 'playwright' };

/** The browser to use, in order: WAYMARK_CHROMIUM, the system package, Playwright's own download. */
export function findChromium(probe: MachineProbe): Found | null {
	const named = probe.env.WAYMARK_CHROMIUM;
	if (named) return probe.exists(named) ? { path: named, source: 'WAYMARK_CHROMIUM' } : null;
	const system = SYSTEM_CHROMIUM.find((p) => probe.exists(p));
	if (system) return { path: system, source: 'system' };
	const own = probe.playwrightChromium;
	if (own && probe.exists(own)) return { path: own, source: 'playwright' };
	return null;
}

export type InstallStep = 'playwright-download' | 'apt-get';

/**
 * What to try when nothing was found: Playwright's download works wherever its servers are reachable;
 * apt-get only as root on Debian or Ubuntu. A WAYMARK_CHROMIUM that names a missing file is a mistake
 * to report, not a reason to install something else.
 */
export function installSteps(probe: MachineProbe): InstallStep[] {
	if (probe.env.WAYMARK_CHROMIUM) return [];
	const steps: InstallStep[] = ['playwright-download'];
	if (probe.isRoot && probe.isDebian) steps.push('apt-get');
	return steps;
}

/** The probe of this machine. */
export function probeMachine(playwrightChromium: string | null): MachineProbe {
	return {
		env: process.env,
		exists: existsSync,
		playwrightChromium,
		isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
		isDebian: existsSync('/etc/debian_version')
	};
}
