/**
 * Runs shell commands side by side and fails when any of them fails: `npm run check` uses it for
 * svelte-check, ESLint and Prettier, which each keep one core busy and do not depend on one
 * another, so on the two-core build machine they finish in about the time of the slowest.
 * Each command's output is printed whole when it ends, so the logs never interleave.
 *
 *   tsx scripts/all-at-once.ts 'svelte-check …' 'eslint .' 'prettier --check .'
 */
import { spawn } from 'node:child_process';

interface Outcome {
	command: string;
	code: number;
	seconds: number;
}

function run(command: string): Promise<Outcome> {
	const started = Date.now();
	return new Promise((resolve) => {
		const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
		const output: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
		child.on('close', (code, signal) => {
			const seconds = Math.round((Date.now() - started) / 100) / 10;
			process.stdout.write(`\n> ${command}  (${seconds} s)\n`);
			process.stdout.write(Buffer.concat(output));
			resolve({ command, code: code ?? (signal ? 1 : 0), seconds });
		});
	});
}

const commands = process.argv.slice(2);
if (commands.length === 0) {
	console.error('usage: tsx scripts/all-at-once.ts "<command>" "<command>" …');
	process.exit(2);
}
const outcomes = await Promise.all(commands.map(run));
const failed = outcomes.filter((o) => o.code !== 0);
for (const o of failed) console.error(`\nFAILED (exit ${o.code}): ${o.command}`);
process.exit(failed.length ? 1 : 0);
