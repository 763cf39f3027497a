/**
 * Text the register can keep. No string may hold NUL (PostgreSQL text cannot store it, and no
 * name or reason needs it) or a UTF-16 surrogate outside a pair (no character at all: it
 * cannot be written as UTF-8) — whether it arrives in a request, a list's cell, or a page.
 */
const unkeepableSource = '\\u0000|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const unkeepable = new RegExp(unkeepableSource);

/** Every unkeepable code unit of a text (global: for `replace`). */
export const unkeepableUnits = (): RegExp => new RegExp(unkeepableSource, 'g');

/** Why a string cannot be kept as text, or null. */
export function textFault(value: string): string | null {
  const found = unkeepable.exec(value);
  if (!found) return null;
  return found[0] === '\u0000' ? 'holds a NUL character (U+0000)' : 'holds a lone UTF-16 surrogate, which is no character';
}

/** At most `max` UTF-16 units of `text`, never half a surrogate pair, with an ellipsis if cut. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 1]!) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}
