/** The independent authority's steps on a referral: take it up, close it (allegation.ts refuses anyone else by name). */
import { decideAllegationStep, type Allegation, type AllegationStep } from '../domain/allegation.ts';
import { loadAllegation, lockOwnerOf } from '../store/complaints.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

export type AllegationStepInput<K extends AllegationStep['kind']> = Omit<Extract<AllegationStep, { kind: K }>, 'kind'> & { readonly allegation_id: string };

function allegationStep<K extends AllegationStep['kind']>(kind: string, step: K): CommandDefinition<AllegationStepInput<K>, Allegation | null, { allegation_id: string; events: ReturnType<typeof eventSummary> }> {
  return {
    kind,
    lock: (tx, input) => lockOwnerOf(tx, 'allegation', input.allegation_id),
    load: (tx, input) => loadAllegation(tx, input.allegation_id),
    decide(allegation, input, ctx) {
      const { allegation_id: _id, ...fields } = input;
      return decideAllegationStep(allegation, { ...fields, kind: step } as unknown as AllegationStep, ctx);
    },
    respond: (events, input) => ({ allegation_id: input.allegation_id, events: eventSummary(events) }),
  };
}

export const acknowledgeReferral = allegationStep('acknowledge-referral', 'acknowledge');
export const closeAllegation = allegationStep('close-allegation', 'close');
