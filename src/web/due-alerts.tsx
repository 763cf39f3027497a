/**
 * A dashboard section of things waiting past or near their deadline (information requests to
 * answer, classifications to review, the repatriation desk's tasks): a banner counting those
 * overdue and those due soon, the earliest in a table ending with each one's state, a word on
 * the rest, or a quiet line when nothing is due.
 */
import { h, Fragment, type Html } from './jsx.ts';
import { Badge } from './components.tsx';
import type { View } from './view.ts';

export function DueAlertsSection<R extends { readonly overdue: boolean }>(props: {
  view: View;
  /** The section's id (its heading's is `${id}-heading`). */
  id: string;
  heading: string;
  /** How many are overdue and due soon in all, and the earliest of them. */
  due: { readonly overdue: number; readonly due_soon: number };
  rows: readonly R[];
  banner: string;
  /** The headings of the columns before the state's. */
  columns: readonly string[];
  cells: (row: R) => Html;
  /** What is said of those not listed, how many they are. */
  more: (count: number) => Html;
  /** What is said when nothing is due. */
  empty: string;
}): Html {
  const { t } = props.view;
  const { overdue, due_soon } = props.due;
  return (
    <section aria-labelledby={`${props.id}-heading`} id={props.id}>
      <h2 id={`${props.id}-heading`}>{props.heading}</h2>
      {overdue + due_soon ? (
        <>
          <p class={`banner ${overdue ? 'bad' : 'warn'}`} role="status">
            {props.banner}
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  {props.columns.map((c) => (
                    <th scope="col">{c}</th>
                  ))}
                  <th scope="col">{t('clocks.status')}</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r) => (
                  <tr>
                    {props.cells(r)}
                    <td>
                      <Badge tone={r.overdue ? 'bad' : 'warn'}>{t.of('clock_status', r.overdue ? 'breached' : 'due_soon')}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {overdue + due_soon > props.rows.length ? props.more(overdue + due_soon - props.rows.length) : null}
        </>
      ) : (
        <p class="muted">{props.empty}</p>
      )}
    </section>
  );
}
