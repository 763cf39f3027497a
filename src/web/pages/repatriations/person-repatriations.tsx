/** A person's repatriation cases on their record, each linked to its page, with whether a court case blocks travel; and "open a case" for those who may. */
import { h, type Html } from '../../jsx.ts';
import { Badge } from '../../components.tsx';
import { nationalityLabel } from '../../nationality-choices.ts';
import type { RepatriationListEntryShown as RepatriationListEntry } from '../../../api/liaison.ts';
import type { View } from '../../view.ts';
import { statusTone } from './status-tone.ts';

export function PersonRepatriations(props: { view: View; personId: string; cases: readonly RepatriationListEntry[] | null; mayOpen: boolean }): Html {
  const { t } = props.view;
  return (
    <section aria-labelledby="repatriations-heading" id="repatriations">
      <h2 id="repatriations-heading">{t('repatriation.person_cases')}</h2>
      {props.cases === null ? (
        <p class="banner bad">{t('repatriation.cases_failed')}</p>
      ) : props.cases.length ? (
        <ul class="plain">
          {props.cases.map((c) => (
            <li>
              <a href={`/repatriations/${c.id}`}>{nationalityLabel(t, c.state)}</a> <Badge tone={statusTone(c.status)}>{t.of('repatriation_status', c.status)}</Badge>
              {c.blocked ? <Badge tone="bad">{t('repatriation.court_blocked')}</Badge> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('repatriation.no_person_cases')}</p>
      )}
      {props.mayOpen ? (
        <p class="no-print">
          <a class="button" href={`/persons/${props.personId}/repatriations/new`}>
            {t('repatriation.open_case')}
          </a>
        </p>
      ) : null}
    </section>
  );
}
