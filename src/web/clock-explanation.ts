/** A legal clock's explanation in the reader's language: its numbers and instants, and the events it rests on. */
import { explanationInstants as instants, type ClockExplanation } from '../domain/clocks/evaluate-clocks.ts';
import type { Translator } from './i18n.ts';


/** The explanation as a sentence; `refName` says how an event is named to this reader (its index in a case file, its number in the log). */
export function explainClock(t: Translator, explanation: ClockExplanation, refName: (ref: number) => string = (ref) => t.plain(ref)): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(explanation.values)) values[name] = instants.has(name) && typeof value === 'number' ? t.dateTime(new Date(value)) : value;
  const text = t.of('clock', explanation.key, values);
  return explanation.refs.length ? `${text} ${t('clock_refs', { refs: explanation.refs.map(refName).join(t.dir === 'rtl' ? '، ' : ', ') })}` : text;
}
