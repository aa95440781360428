/**
 * Runs shell commands side by side and fails when any of them fails. `npm run check` uses it for
 * svelte-check, ESLint and Prettier, which each keep one core busy and do not depend on one
 * another, so on the two-core build machine they finish in about the time of the slowest.
 * `npm test` also builds the app for the end-to-end tests beside the checks: after the first half
 * minute only ESLint is left running, so the build mostly uses the core it leaves idle. (Not beside
 * the integration tests: their fault-injection file has time limits a busy machine can break.)
 *
 * The first command's output is shown as it comes (a long test run shows its progress); each other
 * command's output is printed whole once it and the first have ended, so the logs never interleave.
 *
 *   tsx scripts/all-at-once.ts 'svelte-check …' 'eslint .' 'prettier --check .'
 */
import { spawn } from 'node:child_process';

interface Outcome {
	command: string;
	code: number;
	seconds: number;
	output: Buffer;
}

function run(command: string, live: boolean): Promise<Outcome> {
	const started = Date.now();
	if (live) process.stdout.write(`\n> ${command}\n`);
	return new Promise((resolve) => {
		const child = spawn(command, {
			shell: true,
			stdio: ['ignore', live ? 'inherit' : 'pipe', live ? 'inherit' : 'pipe']
		});
		const output: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
		child.on('close', (code, signal) => {
			const seconds = Math.round((Date.now() - started) / 100) / 10;
			resolve({ command, code: code ?? (signal ? 1 : 0), seconds, output: Buffer.concat(output) });
		});
	});
}

function report(o: Outcome, live: boolean) {
	process.stdout.write(live ? `\n< ${o.command}  (${o.seconds} s)\n` : `\n> ${o.command}  (${o.seconds} s)\n`);
	process.stdout.write(o.output);
}

const commands = process.argv.slice(2);
if (commands.length === 0) {
	console.error('usage: tsx scripts/all-at-once.ts "<command>" "<command>" …');
	process.exit(2);
}
const [first, ...others] = commands as [string, ...string[]];
const firstDone = run(first, true).then((o) => (report(o, true), o));
const outcomes = await Promise.all([
	firstDone,
	...others.map((command) =>
		run(command, false).then(async (o) => {
			await firstDone;
			report(o, false);
			return o;
		})
	)
]);
const failed = outcomes.filter((o) => o.code !== 0);
for (const o of failed) console.error(`\nFAILED (exit ${o.code}): ${o.command}`);
process.exit(failed.length ? 1 : 0);
