import { monotonicFactory } from 'ulid';

// Monotonic: ids made in the same millisecond on this tablet still sort in creation order.
const nextUlid = monotonicFactory();

/** A new document id made on this device: `<type>:<ULID>` (data contract, "Databases and ids"). */
export function newId(type: string): string {
	return `${type}:${nextUlid()}`;
}
