import { decideReviewLookup, type InformationRequest, type ReviewLookup } from '../domain/information-request.ts';
import { loadInformationRequest, lockInformationRequest } from '../store/information-requests.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';
import { lookupCandidates } from './information-lookup.ts';

interface Loaded {
  readonly request: InformationRequest | null;
  readonly candidates: readonly { person_id: string; score: number }[];
}

/**
 * Record the look-up of a request: the matcher is run again here, on every name the requester
 * gave, so the candidates recorded are the register's own, and each must have been reviewed.
 */
export const reviewInformationLookup: CommandDefinition<ReviewLookup & { readonly request_id: string }, Loaded, { request_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'review-information-lookup',
  lock: (tx, input) => lockInformationRequest(tx, input.request_id),
  async load(tx, input, register) {
    const request = await loadInformationRequest(tx, input.request_id);
    return { request, candidates: request ? await lookupCandidates(register, request.asked_about, tx) : [] };
  },
  decide: (s, input, ctx) => decideReviewLookup(s.request, s.candidates, input, ctx),
  respond: (events, input) => ({ request_id: input.request_id, events: eventSummary(events) }),
};
