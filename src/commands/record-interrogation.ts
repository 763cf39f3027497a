import { decideInterrogation, type RecordInterrogation } from '../domain/case.ts';
import { caseCommand, createdIn, type CreatedInCase } from './case-command.ts';

/** Record an interrogation session (BP23). */
export const recordInterrogation = caseCommand<RecordInterrogation, object, CreatedInCase<'interrogation_id'>>({
  kind: 'record-interrogation',
  decide: (subject, input, ctx) => decideInterrogation(subject, input, ctx),
  respond: createdIn('interrogation_id'),
});
