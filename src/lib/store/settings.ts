import { DEFAULT_SETTINGS, SETTINGS_ID, type Settings, type SettingsInput } from '$lib/domain/settings';
import { db } from './db';
import { repository } from './repository';

const repo = repository('settings');

/** The organisation's settings, or the defaults until someone saves them. */
export async function current(): Promise<SettingsInput> {
	const stored = await db.records<Settings>('settings').get(SETTINGS_ID);
	return stored ? ({ ...DEFAULT_SETTINGS, ...stored } as unknown as SettingsInput) : DEFAULT_SETTINGS;
}

/** Save the settings; `base` is what the form loaded (see repository `update`): only changes are applied. */
export function save(input: SettingsInput, base?: SettingsInput | Settings) {
	return repo.upsert(SETTINGS_ID, input, { base: base as Settings | undefined });
}
