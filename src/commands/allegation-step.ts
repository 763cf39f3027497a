/** The independent authority's steps on a referral: take it up, close it (allegation.ts refuses anyone else by name). */
import { decideAllegationStep, type Allegation, type AllegationStep } from '../domain/allegation.ts';
import { loadAllegation, lockOwnerOf } from '../store/complaints.ts';
import { keepSealedWords, sealWords, type WordsToKeep } from '../store/sealed-texts.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

export type AllegationStepInput<K extends AllegationStep['kind']> = Omit<Extract<AllegationStep, { kind: K }>, 'kind'> & { readonly allegation_id: string };

/** The referral, and the findings' words sealed when its account is sealed (a confidential complaint's: sealed-text.ts). */
type Loaded = { readonly allegation: Allegation | null; readonly words: WordsToKeep | null };

function allegationStep<K extends AllegationStep['kind']>(kind: string, step: K): CommandDefinition<AllegationStepInput<K>, Loaded, { allegation_id: string; events: ReturnType<typeof eventSummary> }> {
  return {
    kind,
    lock: (tx, input) => lockOwnerOf(tx, 'allegation', input.allegation_id),
    async load(tx, input) {
      const allegation = await loadAllegation(tx, input.allegation_id);
      const findings = (input as { findings?: unknown }).findings;
      return { allegation, words: allegation?.account_sha256 && typeof findings === 'string' ? sealWords(findings.trim()) : null };
    },
    decide({ allegation, words }, input, ctx) {
      const { allegation_id: _id, ...fields } = input;
      return decideAllegationStep(allegation, { ...fields, kind: step } as unknown as AllegationStep, ctx, words);
    },
    async effect(tx, events, _input, { words }) {
      if (words && events.some((e) => e.kind === 'allegation.closed')) await keepSealedWords(tx, [words], events[0]!.recorded_at);
    },
    respond: (events, input) => ({ allegation_id: input.allegation_id, events: eventSummary(events) }),
  };
}

export const acknowledgeReferral = allegationStep('acknowledge-referral', 'acknowledge');
export const closeAllegation = allegationStep('close-allegation', 'close');
