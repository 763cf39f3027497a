import type { AnswerReference, Article18Answer } from '../domain/article18-answer.ts';
import { decideAnswerRequest, type InformationRequest } from '../domain/information-request.ts';
import { computeAnswer, keepGivenAnswer, loadInformationRequest, lockInformationRequest } from '../store/information-requests.ts';
import { lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

interface Loaded {
  readonly request: InformationRequest | null;
  readonly computed: AnswerReference | null;
  readonly answer: Article18Answer | null;
}

/**
 * Answer a request with every article 18 item as the register holds it now, or "not held in this
 * register". The event keeps the answer by reference (what recomputes it, and its digest); the
 * answer itself is kept beside the log under that digest, so it is read back exactly as given.
 */
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
    return { request, computed: computed?.reference ?? null, answer: computed?.answer ?? null };
  },
  decide: (s, _input, ctx) => decideAnswerRequest(s.request, s.computed, ctx),
  async effect(tx, events, _input, s) {
    if (s.answer) await keepGivenAnswer(tx, s.answer, events[0]!.recorded_at);
  },
  respond: (events, input) => ({ request_id: input.request_id, events: eventSummary(events) }),
};
