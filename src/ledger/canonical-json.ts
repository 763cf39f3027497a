/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * Object members are sorted by the UTF-16 code units of their names; strings and
 * numbers are serialised exactly as ECMAScript's JSON.stringify does, which is what
 * RFC 8785 prescribes. The event log stores these bytes, so the same value always
 * hashes to the same leaf.
 */

/** A JSON value as the canonicaliser accepts it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Serialise a JSON value canonically (RFC 8785) to a string. */
export function canonicalJson(value: unknown): string {
  // Most values the register writes (events, requests) have only names that a plain object
  // keeps in the order they were set: a copy with its members in canonical order is written
  // by the engine's JSON.stringify in one pass, which serialises strings and numbers exactly
  // as the members below do. A name that the engine would reorder falls back to the loop.
  const sorted = sortedCopy(value);
  return sorted === reordered ? serialise(value) : JSON.stringify(sorted);
}

/** Marks a value holding a member name that a plain object does not keep in insertion order. */
const reordered: unique symbol = Symbol('reordered');

/**
 * A copy of `value` whose objects are plain objects with their members set in canonical
 * order, undefined members left out; the same type errors as {@link serialise}. Returns
 * {@link reordered} when some member name is one an object lists out of insertion order
 * (names that read as array indexes come first, in numeric order) or one that assigning
 * would not create (`__proto__`).
 */
function sortedCopy(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('RFC 8785 cannot represent NaN or Infinity');
      return value;
    case 'object': {
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const member = sortedCopy(value[i]);
          if (member === reordered) return reordered;
          out[i] = member;
        }
        return out;
      }
      const object = value as Record<string, unknown>;
      const keys = Object.keys(object).sort();
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const first = key.charCodeAt(0);
        if ((first >= 48 && first <= 57) || key === '__proto__') return reordered;
        const member = object[key];
        if (member === undefined) continue;
        const copy = sortedCopy(member);
        if (copy === reordered) return reordered;
        out[key] = copy;
      }
      return out;
    }
    default:
      throw new TypeError(`RFC 8785 cannot represent a value of type ${typeof value}`);
  }
}

/** RFC 8785 member by member: for values whose member names a plain object would reorder. */
function serialise(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('RFC 8785 cannot represent NaN or Infinity');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + serialise(value[i]);
        return out + ']';
      }
      const object = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, exactly as RFC 8785 section 3.2.3 requires.
      const keys = Object.keys(object).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = object[key];
        if (member === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(key) + ':' + serialise(member);
        first = false;
      }
      return out + '}';
    }
    default:
      throw new TypeError(`RFC 8785 cannot represent a value of type ${typeof value}`);
  }
}

/** Canonical JSON as UTF-8 bytes. */
export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}
