import type { NewEvent } from '../domain/events.ts';
import { parseRegisterNumber } from '../domain/register-number.ts';
import { decideCount, type CountContext, type CountRollCall, type RollCall } from '../domain/roll-call.ts';
import { alreadyCounted, loadRollCall, lockRollCall, personsByRegisterNumber } from '../store/roll-calls.ts';
import type { CommandDefinition } from './execute.ts';

interface State {
  readonly rollCall: (RollCall & { readonly counted: number }) | null;
  readonly known: CountContext;
}

interface Counted {
  readonly roll_call_id: string;
  /** Persons (or unknown numbers) this command added to the count. */
  readonly newly_counted: number;
  /** Scans that added nobody: the person was counted already, under this or another of their numbers. */
  readonly repeated: number;
  readonly total_counted: number;
  /** Numbers counted that are on nobody's record: they will be discrepancies. */
  readonly not_on_register: readonly string[];
}

/**
 * Count register numbers at a roll call: one scan or a scanner's whole upload, set-based
 * (three queries whatever the batch size). Repeating a scan is harmless: it writes nothing.
 */
export const countRollCall: CommandDefinition<CountRollCall, State, Counted> = {
  kind: 'count-roll-call',
  lock: (tx, input) => lockRollCall(tx, input.roll_call_id),
  async load(tx, input) {
    const rollCall = await loadRollCall(tx, input.roll_call_id);
    const numbers = [...new Set(input.register_numbers.map(parseRegisterNumber).filter((n): n is string => n !== null))];
    const onRegister = rollCall ? await personsByRegisterNumber(tx, numbers) : new Map<string, string>();
    const counted = rollCall ? await alreadyCounted(tx, rollCall.id, numbers, [...new Set(onRegister.values())]) : { numbers: new Set<string>(), persons: new Set<string>() };
    return { rollCall, known: { onRegister, countedNumbers: counted.numbers, countedPersons: counted.persons } };
  },
  decide: (state, input, ctx) => decideCount(state.rollCall, input, state.known, ctx),
  respond(events, input, state) {
    const counted = events.flatMap((e) => (e as NewEvent<'roll_call.counted'>).data.counted);
    return {
      roll_call_id: input.roll_call_id,
      newly_counted: counted.length,
      repeated: input.register_numbers.length - counted.length,
      total_counted: state.rollCall!.counted + counted.length,
      not_on_register: counted.filter((c) => c.person_id === null).map((c) => c.register_number),
    };
  },
};
