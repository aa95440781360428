import type { Page } from '@playwright/test';

/** The attendance register as a teacher uses it. */
export class RegisterPage {
	constructor(readonly page: Page) {}

	async open(date: string, session: 'am' | 'pm') {
		await this.page.goto(`/attendance?date=${date}&session=${session}`);
		await this.page.getByRole('heading', { name: 'Attendance register', level: 1 }).waitFor();
	}

	/** One pupil's quick codes: a radio group named after the pupil. */
	row(name: string) {
		return this.page.getByRole('group', { name: new RegExp(`^${name} · Year`) });
	}

	/** The pupil's whole entry: quick codes, the full code list and the absence reason. */
	entry(name: string) {
		return this.page.getByRole('listitem').filter({ has: this.row(name) });
	}

	/** One tap on a quick code, named with its letter: `/ Present`, `\ Present`, `L Late`, `N Absent, no reason yet`. */
	async mark(name: string, label: string) {
		await this.row(name).getByRole('radio', { name: label, exact: true }).check();
	}

	codeList(name: string) {
		return this.page.getByRole('combobox', { name: `Code for ${name}` });
	}

	/** Any DfE code from the full list, e.g. `I` (illness). */
	async code(name: string, code: string) {
		await this.codeList(name).selectOption(code);
	}

	reason(name: string) {
		return this.entry(name).getByRole('textbox', { name: /^Reason for absence/ });
	}
}

/** The calls, attendance, behaviour and host-work section of a pupil's page. */
export class PupilLogsSection {
	constructor(readonly page: Page) {}

	async open(pupilId: string, name: string) {
		await this.page.goto(`/pupils/${encodeURIComponent(pupilId)}`);
		await this.page.getByRole('heading', { name, level: 1 }).waitFor();
	}

	async logCall(p: {
		who: string;
		outcome: 'Spoke to them' | 'No answer' | 'Voicemail' | 'Message left';
		discussed?: string;
	}) {
		await this.page.getByRole('button', { name: 'Log a call' }).click();
		const form = this.page.getByRole('form', { name: /Log a call/ });
		await form.getByLabel('Who was contacted').fill(p.who);
		await form.getByRole('radio', { name: p.outcome }).check();
		if (p.discussed) await form.getByLabel('What was discussed').fill(p.discussed);
		await form.getByRole('button', { name: 'Save call' }).click();
		await form.waitFor({ state: 'detached' });
	}

	async logBehaviour(p: { polarity: 'Positive' | 'Negative'; category: string; what: string; action?: string }) {
		await this.page.getByRole('button', { name: 'Log behaviour' }).click();
		const form = this.page.getByRole('form', { name: /Log behaviour/ });
		await form.getByRole('radio', { name: p.polarity }).check();
		await form.getByRole('radio', { name: p.category }).check();
		await form.getByLabel('What happened').fill(p.what);
		if (p.action) await form.getByLabel('Action taken (optional)').fill(p.action);
		await form.getByRole('button', { name: 'Save entry' }).click();
		await form.waitFor({ state: 'detached' });
	}

	async recordHostWork(p: { subject: string; work: string; received: string; due: string }) {
		await this.page.getByRole('button', { name: 'Record work' }).click();
		const form = this.page.getByRole('form', { name: /Record host-school work/ });
		await form.getByLabel('Subject').selectOption(p.subject);
		await form.getByLabel('The work').fill(p.work);
		await form.getByLabel('Received').fill(p.received);
		await form.getByLabel('Due back (optional)').fill(p.due);
		await form.getByRole('button', { name: 'Save work' }).click();
		await form.waitFor({ state: 'detached' });
	}
}
