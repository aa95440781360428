import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { EXIT_OUTCOMES } from '../../src/lib/domain/exit-ticket';
import { validateDocument } from '../../src/lib/domain/kinds';
import { NOTE_KINDS, PENS } from '../../src/lib/domain/marking-note';
import { makeDoc } from '../support/test-factories';
import { LessonPage } from './pages/lesson-page';
import { PupilsPage } from './pages/pupils-page';
import { putServerDocs, serverDocs, signedInTablet } from './support';

const GIVEN = ['Ava', 'Ben', 'Cara', 'Dev', 'Esme', 'Finn', 'Gus', 'Hana', 'Ivo', 'Jade'];

/** Ten pupils only this test knows, on the server as the office would have entered them. */
async function seedGroup(baseURL: string, marker: string) {
	const family = `Class${marker}`;
	const docs = GIVEN.map((givenName) => makeDoc('pupil', { givenName, familyName: family, yearGroup: 9 }));
	await putServerDocs(baseURL, docs);
	return { family, names: GIVEN.map((g) => `${g} ${family}`), ids: docs.map((d) => d._id) };
}

test('offline lesson: register 8 of 10, mark all 8 in at most 20 taps, red and purple pen, all reach the server', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const group = await seedGroup(baseURL!, marker);
	const { context, page } = await signedInTablet(browser, 'teacher1');
	const pupilsPage = new PupilsPage(page);
	await pupilsPage.open();
	await expect(pupilsPage.row(group.family)).toHaveCount(10); // synced while online

	await context.setOffline(true);
	const lesson = new LessonPage(page);
	await lesson.openList();
	const topic = `Fractions ${marker}`;
	await lesson.start({ topic, group: group.family });

	// From the opened lesson: every tap counted.
	const [present, absent] = [group.names.slice(0, 8), group.names.slice(8)];
	for (const name of present) await lesson.tap(lesson.tile(name));
	await expect(page.getByText('8 of 10 present')).toBeVisible();
	const outcomes = ['Secure', 'Developing', 'Not yet', 'Secure', 'Secure', 'Developing', 'Secure', 'Not yet'] as const;
	const saveMs: number[] = [];
	for (const [i, name] of present.entries()) {
		// Timed inside the page: from the tap's click event until the row says it is stored (the
		// row reads the ticket back from IndexedDB), so Playwright's own overhead is not counted.
		const timed = page.evaluate(
			(pupil) =>
				new Promise<number>((resolve) => {
					let tappedAt = 0;
					document.addEventListener('click', () => (tappedAt = performance.now()), { capture: true, once: true });
					const row = [...document.querySelectorAll('[data-testid="ticket-row"]')].find(
						(r) => r.querySelector('legend')?.textContent?.trim() === pupil
					)!;
					const watch = new MutationObserver(() => {
						if (tappedAt && row.textContent?.includes('✓ Saved')) {
							watch.disconnect();
							resolve(performance.now() - tappedAt);
						}
					});
					watch.observe(row, { subtree: true, childList: true, characterData: true });
				}),
			name
		);
		await lesson.tap(lesson.outcome(name, outcomes[i]!));
		await lesson.expectSaved(name);
		saveMs.push(Math.round(await timed));
	}
	await expect(page.getByText('8 of 8 marked')).toBeVisible();
	expect(lesson.taps).toBeLessThanOrEqual(20);
	const sorted = [...saveMs].sort((a, b) => a - b);
	test
		.info()
		.annotations.push(
			{ type: 'taps', description: `${lesson.taps} taps from the opened lesson to 8 pupils registered and marked` },
			{ type: 'save-ms', description: `tap to stored and shown: median ${sorted[4]} ms, max ${sorted.at(-1)} ms` }
		);
	console.log(`classroom: ${lesson.taps} taps; tap→stored median ${sorted[4]} ms, max ${sorted.at(-1)} ms`);

	// Absent pupils get no exit ticket.
	await expect(lesson.ticketRows()).toHaveCount(8);
	for (const name of absent) await expect(page.getByRole('group', { name })).toHaveCount(0);
	await expect(page.getByText(`Absent, no exit ticket: ${absent.join(', ')}`)).toBeVisible();

	const axe = await new AxeBuilder({ page }).analyze();
	expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

	// Red-pen feedback from the first pupil's exit ticket, then the pupil's purple-pen reply.
	await lesson
		.ticketRow(present[0]!)
		.getByRole('link', { name: /Marking note/ })
		.click();
	await expect(page.getByLabel('Title of the work')).toHaveValue(`Exit ticket: ${topic}`);
	await page.getByLabel('Red-pen note (staff feedback)').fill('Good start: now simplify your answer to question 3.');
	await page.getByRole('button', { name: 'Add red-pen note' }).click();
	await expect(page.getByRole('heading', { name: `Exit ticket: ${topic}`, level: 1 })).toBeVisible();
	await expect(page.getByText('1 red-pen note unanswered')).toBeVisible();
	await page.getByRole('radio', { name: 'Purple pen: pupil' }).check();
	await page.getByLabel('Purple-pen note (pupil’s words)').fill('I divided top and bottom by 4: it is 3/5.');
	await page.getByRole('button', { name: 'Add purple-pen note' }).click();
	await expect(page.getByText('All red-pen notes answered')).toBeVisible();

	const notes = page.getByRole('list', { name: 'Notes on this work, oldest first' }).getByRole('article');
	await page.reload(); // offline: the service worker serves the app, Dexie still has everything
	await expect(notes).toHaveCount(2);
	await expect(notes.nth(0)).toContainText('Red pen (staff)');
	await expect(notes.nth(1)).toContainText('Purple pen (pupil)');
	await expect(notes.nth(1)).toContainText('Replying to the red-pen note');
	const threadScan = await new AxeBuilder({ page }).analyze();
	expect(threadScan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
	await page.getByRole('link', { name: /From the lesson/ }).click();
	await expect(page.getByText('8 of 10 present')).toBeVisible();
	await expect(page.getByText('8 of 8 marked')).toBeVisible();
	await expect(lesson.outcome(present[1]!, 'Developing')).toBeChecked();

	// Behaviour from the lesson: a present pupil, a few taps, linked to this lesson.
	const quick = page.locator('section', { has: page.getByRole('heading', { name: 'Behaviour in this lesson' }) });
	await quick.getByRole('button', { name: present[2]!, exact: true }).click();
	const behaviourForm = page.getByRole('form', { name: `Log behaviour for ${present[2]}` });
	await behaviourForm.getByRole('radio', { name: 'Positive' }).check();
	await behaviourForm.getByRole('radio').nth(2).check();
	await behaviourForm.getByLabel('What happened').fill('Helped a classmate with fractions.');
	await behaviourForm.getByRole('button', { name: 'Save entry' }).click();
	await expect(quick).toContainText('Helped a classmate with fractions.');

	// The pupil page lists the work with no unanswered flag, and the exit ticket as a table.
	await page.goto(`/pupils/${encodeURIComponent(group.ids[0]!)}`);
	await expect(
		page
			.getByRole('list', { name: 'Marked work, newest first' })
			.getByRole('link', { name: new RegExp(`Exit ticket: ${topic}`) })
	).toBeVisible();
	await expect(page.getByText('Red pen unanswered')).toHaveCount(0);
	await page.getByText('Maths exit tickets as a table').click();
	await expect(page.getByRole('cell', { name: topic })).toBeVisible();

	// Back online: every document reaches the server and matches the contract.
	await context.setOffline(false);
	const onServer = async () => {
		const all = await serverDocs(baseURL!);
		const lessonDoc = all.find((d) => d.type === 'lesson' && d.topic === topic);
		const tickets = all.filter((d) => d.type === 'exitTicket' && d.lessonId === lessonDoc?._id);
		const notesDocs = all.filter((d) => d.type === 'markingNote' && d.pupilId === group.ids[0]);
		const behaviourDocs = all.filter((d) => d.type === 'behaviour' && d.lessonId === lessonDoc?._id);
		return { lessonDoc, tickets, notesDocs, behaviourDocs };
	};
	await expect
		.poll(
			async () => {
				const s = await onServer();
				return [s.lessonDoc ? 1 : 0, s.tickets.length, s.notesDocs.length, s.behaviourDocs.length];
			},
			{ timeout: 15_000 }
		)
		.toEqual([1, 8, 2, 1]);
	const { lessonDoc, tickets, notesDocs } = await onServer();
	for (const doc of [lessonDoc!, ...tickets, ...notesDocs]) expect(validateDocument(doc)).toMatchObject({ ok: true });
	expect(lessonDoc).toMatchObject({
		subject: 'maths',
		teacher: 'teacher1',
		pupilIds: group.ids,
		present: group.ids.slice(0, 8)
	});
	for (const t of tickets) {
		expect(group.ids.slice(0, 8)).toContain(t.pupilId);
		expect(EXIT_OUTCOMES).toContain(t.outcome);
		expect(t).toMatchObject({ date: lessonDoc!.date, subject: 'maths', topic, createdBy: 'teacher1' });
		expect(t.score).toBeUndefined();
	}
	const red = notesDocs.find((n) => n.pen === 'red')!;
	const purple = notesDocs.find((n) => n.pen === 'purple')!;
	expect(PENS).toContain(red.pen);
	expect(NOTE_KINDS).toContain(purple.kind);
	expect(red).toMatchObject({ kind: 'feedback', lessonId: lessonDoc!._id, workTitle: `Exit ticket: ${topic}` });
	expect(purple).toMatchObject({ kind: 'response', replyTo: red._id, workTitle: `Exit ticket: ${topic}` });
	await context.close();
});

test('bad input gets a plain-English message and saves nothing; the last group comes back', async ({
	browser,
	baseURL
}) => {
	const marker = Date.now().toString(36);
	const group = await seedGroup(baseURL!, marker);
	const { context, page } = await signedInTablet(browser, 'teacher1');
	const pupilsPage = new PupilsPage(page);
	await pupilsPage.open();
	await expect(pupilsPage.row(group.family)).toHaveCount(10);
	const lesson = new LessonPage(page);
	await lesson.openList();

	// Empty topic and a negative maximum: both explained, no lesson made.
	await lesson.fillNew({ topic: '', subject: 'Science', group: group.family, maxScore: '-5' });
	await page.getByRole('button', { name: 'Start lesson' }).click();
	await expect(page.getByLabel('Topic')).toHaveAccessibleDescription(/Topic is required/);
	await expect(page.getByLabel('Maximum score')).toHaveAccessibleDescription(/Maximum must be at least 1/);
	await expect(page.getByLabel('Topic')).toHaveAttribute('aria-invalid', 'true');
	await expect(page).toHaveURL(/\/lessons\/new$/);

	const topic = `Forces ${marker}`;
	await page.getByLabel('Topic').fill(topic);
	await page.getByLabel('Maximum score').fill('20');
	await page.getByRole('button', { name: 'Start lesson' }).click();
	await expect(page.getByRole('heading', { name: `Science: ${topic}`, level: 1 })).toBeVisible();

	// A score above the maximum: explained beside the box, nothing stored.
	const name = group.names[0]!;
	await lesson.tile(name).click();
	const score = page.getByLabel(`Score for ${name}`);
	await score.fill('25');
	await score.press('Enter');
	await expect(score).toHaveAccessibleDescription(/Score cannot be more than the maximum \(20\)/);
	await expect(lesson.ticketRows().first()).toContainText('Not marked');
	await expect
		.poll(async () => (await serverDocs(baseURL!, 'lesson')).find((d) => d.topic === topic)?.present, {
			timeout: 10_000
		})
		.toEqual([group.ids[0]]);
	const lessonId = (await serverDocs(baseURL!, 'lesson')).find((d) => d.topic === topic)!._id;
	expect((await serverDocs(baseURL!, 'exitTicket')).filter((t) => t.lessonId === lessonId)).toEqual([]);

	// A half mark (14.5 of 20) is a score like any other.
	await score.fill('14.5');
	await score.press('Enter');
	await expect(lesson.ticketRows().first()).toContainText('✓ Saved');
	await expect
		.poll(
			async () =>
				(await serverDocs(baseURL!, 'exitTicket'))
					.filter((t) => t.lessonId === lessonId)
					.map((t) => [t.score, t.maxScore]),
			{ timeout: 10_000 }
		)
		.toEqual([[14.5, 20]]);

	// Starting the next science lesson brings back this teacher's last science group.
	await lesson.openList();
	await page.getByRole('link', { name: 'Start a lesson' }).click();
	await page.getByRole('group', { name: 'Subject' }).getByRole('radio', { name: 'Science' }).check();
	await expect(page.getByRole('group', { name: /^Group/ })).toContainText('(10 chosen)');
	await context.close();
});
