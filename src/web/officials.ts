/**
 * Officials named on the pages: the register records who did something by the account's
 * username (the event's actor, a transfer's creator, a roll call's counter…); a page names them
 * by the account's display name. A name recorded that is no account (a command run from the
 * command line, a register imported) is shown as recorded.
 */
import type { Queryable } from '../store/database.ts';

/** How a page names the official behind a recorded username. */
export type OfficialName = (username: string) => string;

/** The display names of the register's accounts, by username. */
export async function officialNames(q: Queryable): Promise<OfficialName> {
  const { rows } = await q.query<{ username: string; display_name: string }>('SELECT username, display_name FROM account');
  const names = new Map(rows.map((r) => [r.username, r.display_name]));
  return (username) => names.get(username) ?? username;
}
