/**
 * Event ids: UUID version 7 (RFC 9562), a 48-bit millisecond timestamp ahead of a counter
 * and random bits, made by the `uuid` package. Its v7 keeps a counter within a millisecond
 * (RFC 9562 §6.2, method 1: seeded at random each new millisecond, incremented for each id
 * after), so ids made in one process are strictly increasing even when thousands are made in
 * the same millisecond or the clock steps back: the log's unique index on them grows at its
 * end, and ids sort in the order they were recorded.
 */
import { v7 } from 'uuid';

/** A fresh event id, greater than every id this process made before it. */
export function newEventId(): string {
  return v7();
}
