/** A person's cases on their record: each case with its court, stage and charges, linked to its page; and "open a case" for those who may. */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge } from '../../components.tsx';
import type { View } from '../../view.ts';
import { stageTone } from './case-page.tsx';
import { penaltyText } from './penalty.ts';
import type { CaseView } from './views.ts';

export function PersonCases(props: { view: View; personId: string; cases: readonly CaseView[] | null; mayOpen: boolean }): Html {
  const { view } = props;
  const { t } = view;
  return (
    <section aria-labelledby="cases-heading" id="cases">
      <h2 id="cases-heading">{t('case.person_cases')}</h2>
      {props.cases === null ? (
        <p class="banner bad">{t('case.cases_failed')}</p>
      ) : props.cases.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('case.reference')}</th>
                <th scope="col">{t('case.court')}</th>
                <th scope="col">{t('case.stage')}</th>
                <th scope="col">{t('case.charges')}</th>
                <th scope="col">{t('case.orders_heading')}</th>
              </tr>
            </thead>
            <tbody>
              {props.cases.map((c) => {
                const pending = c.orders.filter((o) => o.confirmation === 'pending').length;
                return (
                  <tr>
                    <td>
                      <a href={`/cases/${c.id}`}>
                        <bdi dir="ltr">{c.reference}</bdi>
                      </a>
                    </td>
                    <td>
                      <bdi>{c.court}</bdi>
                    </td>
                    <td>
                      <Badge tone={stageTone(c.stage)}>{t.of('case_stage', c.stage)}</Badge>
                    </td>
                    <td>
                      <ul class="plain">
                        {c.charges.map((charge) => (
                          <li>
                            <bdi>{charge.law}</bdi> · <bdi>{charge.article}</bdi> · {penaltyText(t, charge.max_penalty)}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {t('case.orders_count', { count: c.orders.length })}
                      {pending ? (
                        <>
                          {' '}
                          <Badge tone="warn">{t('case.pending_count', { count: pending })}</Badge>
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{t('case.no_cases')}</p>
      )}
      {props.mayOpen ? (
        <p class="no-print">
          <a class="button" href={`/persons/${props.personId}/cases/new`}>
            {t('case.open_case')}
          </a>
        </p>
      ) : null}
    </section>
  );
}
