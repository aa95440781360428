import { callOrder, type CarerContact } from '$lib/domain/carer-contact';
import { repository } from './repository';

const repo = repository('carerContact');

/** Add, correct and withdraw (archive: never deleted) a pupil's parents and carers. */
export const { create, update, archive, get } = repo;

/** A pupil's parents and carers, in the order they are offered for a call. */
export async function forPupil(pupilId: string): Promise<CarerContact[]> {
	return callOrder(await repo.forPupil(pupilId));
}
