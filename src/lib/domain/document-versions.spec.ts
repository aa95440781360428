import { describe, expect, it } from 'vitest';
import {
	earlierVersions,
	isLocked,
	latestVersions,
	newVersionFields,
	savedOutcome,
	versionForBatch,
	versionOf
} from './document-versions';

const sent = { _id: 'feedbackForm:A', status: 'sent' as const };
const v2 = { _id: 'feedbackForm:B', status: 'sent' as const, version: 2, supersedes: 'feedbackForm:A' };
const v3 = { _id: 'feedbackForm:C', status: 'draft' as const, version: 3, supersedes: 'feedbackForm:B' };
const other = { _id: 'feedbackForm:D', status: 'draft' as const };

describe('versions of sent documents', () => {
	it('locks a sent document and leaves drafts editable', () => {
		expect(isLocked(sent)).toBe(true);
		expect(isLocked(other)).toBe(false);
	});

	it('starts a new draft version that points at the sent one', () => {
		expect(newVersionFields(v2)).toMatchObject({ status: 'draft', version: 3, supersedes: 'feedbackForm:B' });
		expect(versionOf(sent)).toBe(1);
	});

	it('shows only the newest version of each document, and the earlier ones as history', () => {
		expect(latestVersions([sent, v2, v3, other]).map((d) => d._id)).toEqual(['feedbackForm:C', 'feedbackForm:D']);
		expect(earlierVersions(v3, [sent, v2, v3, other]).map((d) => d._id)).toEqual(['feedbackForm:B', 'feedbackForm:A']);
	});

	it('brings the sent version back when its newer draft is archived', () => {
		expect(latestVersions([sent, v2, { ...v3, archived: true }]).map((d) => d._id)).toEqual(['feedbackForm:B']);
	});
});

describe('what saving says', () => {
	it('a draft saved in place is "saved"; a sent document saved again names its new version', () => {
		expect(savedOutcome({ _id: 'feedbackForm:A' }, { _id: 'feedbackForm:A' }, 'Feedback form')).toEqual({
			isNewVersion: false,
			message: 'Feedback form saved'
		});
		expect(savedOutcome(undefined, { _id: 'feedbackForm:A' }, 'Feedback form').isNewVersion).toBe(false);
		expect(savedOutcome({ _id: 'feedbackForm:A' }, { _id: 'feedbackForm:B', version: 2 }, 'Feedback form')).toEqual({
			isNewVersion: true,
			message: 'Saved as version 2. The sent version is kept.'
		});
	});
});

describe('what a batch PDF prints', () => {
	const sept = '2026-09-27';
	const oct = '2026-10-18';
	const a = { ...sent, periodEnd: sept };
	const b = { ...v2, periodEnd: sept };
	const c = { ...v3, periodEnd: sept };
	const newerDraft = { ...other, periodEnd: oct };

	it('leaves drafts out: the highest sent version, even when a newer draft version or period exists', () => {
		expect(versionForBatch([a, b, c, newerDraft], false)?._id).toBe('feedbackForm:B');
		expect(versionForBatch([newerDraft], false)).toBeUndefined();
	});

	it('with drafts chosen, prints the current version of the newest period', () => {
		expect(versionForBatch([a, b, c], true)?._id).toBe('feedbackForm:C');
		expect(versionForBatch([a, b, c, newerDraft], true)?._id).toBe('feedbackForm:D');
	});

	it('never prints a withdrawn document', () => {
		expect(versionForBatch([{ ...b, archived: true }, a], false)?._id).toBe('feedbackForm:A');
	});
});
