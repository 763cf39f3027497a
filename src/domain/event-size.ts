/**
 * How large an event may be. The log is published in the C2SP tlog-tiles format, whose entry
 * bundles give each entry a 16-bit length: an event's canonical bytes must fit in 65,535, or
 * monitors outside the institution could not follow the log. Lists that grow with their input
 * (a scanner's upload, a roll call's discrepancies, a handover list's rows, an order's persons,
 * a receipt's register numbers) are therefore written as several events of one command, each
 * carrying a bounded chunk; the write path refuses any event that would still not fit.
 */

/** The most bytes an event's canonical form may take (tlog-tiles entry length, 16 bits). */
export const maxEventBytes = 65_535;

/** The bytes of one list the chunks of an event may carry: the rest of the event (envelope, ids, names) fits in what is left. */
export const listBytesPerEvent = 48 * 1024;

/** At most this many items of a list in one event, whatever their size. */
export const maxListItemsPerEvent = 500;

const encoder = new TextEncoder();

/**
 * The UTF-8 length of a value's JSON. RFC 8785 canonical JSON orders keys but writes strings
 * and numbers as JSON.stringify does, so the length is the same.
 */
export function jsonByteLength(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/**
 * Split a list into chunks of at most `maxItems` items whose JSON takes at most `maxBytes`,
 * in order. A list that fits is one chunk, the list itself; an empty list is one empty chunk.
 * An item larger than `maxBytes` on its own is a chunk alone (the write path refuses it).
 */
export function chunkList<T>(items: readonly T[], maxItems = maxListItemsPerEvent, maxBytes = listBytesPerEvent): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = 2; // "[" and "]"
  for (const item of items) {
    const size = jsonByteLength(item);
    // An item after the first is preceded by a comma.
    if (chunk.length && (chunk.length >= maxItems || bytes + 1 + size > maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 2;
    }
    bytes += (chunk.length ? 1 : 0) + size;
    chunk.push(item);
  }
  chunks.push(chunk);
  return chunks;
}
