import { decideAssessClassification, type AssessClassification, type AssessSubject } from '../domain/classification.ts';
import { custodyStay } from '../store/cases.ts';
import { currentClassification } from '../store/custody-life.ts';
import { loadPersons, lockPersons } from '../store/subjects.ts';
import { eventSummary, type CommandDefinition } from './execute.ts';

/** Assess a person's security category and risk, with reasons and a review date (superseding the current assessment). */
export const assessClassification: CommandDefinition<AssessClassification, AssessSubject, { classification_id: string; events: ReturnType<typeof eventSummary> }> = {
  kind: 'assess-classification',
  lock: (tx, input) => lockPersons(tx, [input.person_id]),
  async load(tx, input) {
    const person = (await loadPersons(tx, [input.person_id])).get(input.person_id) ?? null;
    if (!person) return { person, stay: null, current: null };
    return { person, stay: await custodyStay(tx, person.id), current: await currentClassification(tx, person.id) };
  },
  decide: (subject, input, ctx) => decideAssessClassification(subject, input, ctx),
  respond: (events) => ({ classification_id: (events[0]!.data as { classification_id: string }).classification_id, events: eventSummary(events) }),
};
