import { db } from './db';

/**
 * This tablet's own id (a random UUID made once, kept in `meta`): the server's device list
 * (lost or retired tablets) and the audit lines name the tablet by it.
 */
export async function thisDeviceId(): Promise<string> {
	let device = (await db.meta.get('deviceId'))?.value as string | undefined;
	if (!device) {
		device = crypto.randomUUID();
		await db.meta.put({ key: 'deviceId', value: device });
	}
	return device;
}
