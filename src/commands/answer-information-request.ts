import type { AnswerReference } from '../domain/article18-answer.ts';
import { decideAnswerRequest, type InformationRequest } from '../domain/information-request.ts';
import { computeAnswer, loadInformationRequest, lockInformationRequest } from '../store/information-requests.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

interface Loaded {
  readonly request: InformationRequest | null;
  readonly computed: AnswerReference | null;
}

/** Answer a request with every article 18 item as the register holds it now (kept by reference), or "not held in this register". */
export const answerInformationRequest: CommandDefinition<{ readonly request_id: string }, Loaded, { request_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'answer-information-request',
  async lock(tx, input) {
    await lockInformationRequest(tx, input.request_id);
    const request = await loadInformationRequest(tx, input.request_id);
    if (request?.lookup?.identified) await lockPersons(tx, [request.lookup.identified]);
  },
  async load(tx, input, register) {
    const request = await loadInformationRequest(tx, input.request_id);
    const now = (register.clock ?? (() => new Date()))().toISOString();
    const computed = request?.lookup?.identified ? await computeAnswer(tx, request.lookup.identified, request.requester.relationship, now) : null;
    // The event keeps the answer by reference (what recomputes it, and its digest): an answer with hundreds of transfers is larger than an event may be.
    return { request, computed: computed?.reference ?? null };
  },
  decide: (s, _input, ctx) => decideAnswerRequest(s.request, s.computed, ctx),
  respond: (events, input) => ({ request_id: input.request_id, events: eventSummary(events) }),
};
