/**
 * The person a page is about, named at its top: their main name (a link to the record) and
 * register number. Reading the name is a read of the person, audited like every other
 * (queries/personal-read.ts), with the page's purpose.
 */
import { h, type Html } from './jsx.ts';
import { mainName, Name, RegNo } from './components.tsx';
import type { View } from './view.ts';
import { personSummaries, type PersonSummaryView } from '../api/read-models.ts';
import { readPersonal } from '../queries/personal-read.ts';
import type { Database, Queryable } from '../store/database.ts';
import { isUuid } from '../domain/values.ts';

/** The person with this id, read for `purpose` by the page's official; null when there is none. */
export async function personOfPage(db: Queryable | Database, view: View, id: string, purpose: string, now: Date): Promise<PersonSummaryView | null> {
  if (!isUuid(id)) return null;
  const [summary] = await readPersonal(db, { accountId: view.account!.id, purpose, now }, (tx) => personSummaries(tx, [id]), (found) => found.map((s) => s.id));
  return summary ?? null;
}

/** The line naming the person over a page. */
export function PersonLead(props: { view: View; person: PersonSummaryView }): Html {
  const name = mainName(props.person.names, props.view);
  return (
    <p class="lead">
      <a href={`/persons/${props.person.id}`}>{name ? <Name full={name.full} script={name.script} /> : null}</a> · <RegNo value={props.person.register_number} />
    </p>
  );
}
