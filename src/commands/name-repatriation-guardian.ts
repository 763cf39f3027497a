import { repatriationStep } from './repatriation-command.ts';

/** The guardian of an unaccompanied child, without whom the child's case is not closed (repatriation-family.ts). */
export const nameRepatriationGuardian = repatriationStep('name-repatriation-guardian', 'name_guardian');
