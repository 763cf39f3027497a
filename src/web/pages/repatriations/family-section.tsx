/**
 * The case's family (repatriation-family.ts): its group, the person's place in it and the
 * evidence; the other members of the group the reader reaches, each with their case's stage; the
 * children a parent names, with their case or that they have none; an unaccompanied child flagged,
 * with the guardian once named.
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, Name, RegNo, mainName } from '../../components.tsx';
import type { RepatriationCaseShown } from '../../../api/liaison.ts';
import type { View } from '../../view.ts';
import { statusTone } from './status-tone.ts';

type Names = ReadonlyMap<string, readonly { readonly script: string; readonly full: string }[]>;

function Member(props: { view: View; person_id: string; register_number: string; case_id: string | null; names: Names }): Html {
  const name = mainName(props.names.get(props.person_id) ?? [], props.view);
  const label = name ? <Name full={name.full} script={name.script} /> : <RegNo value={props.register_number} />;
  return props.case_id ? (
    <>
      <a href={`/repatriations/${props.case_id}`}>{label}</a> · <RegNo value={props.register_number} />
    </>
  ) : (
    <>
      {label} · <RegNo value={props.register_number} />
    </>
  );
}

export function FamilySection(props: { view: View; case: RepatriationCaseShown; names: Names }): Html {
  const { view, case: c, names } = props;
  const { t } = view;
  return (
    <section aria-labelledby="family-heading" id="family">
      <h2 id="family-heading">{t('family.heading')}</h2>
      {c.unaccompanied ? (
        <p class={c.guardian ? 'banner warn' : 'banner bad'} role="status">
          {t('family.unaccompanied')}
        </p>
      ) : null}
      {c.family ? (
        <dl class="facts">
          <dt>{t('family.group')}</dt>
          <dd>
            <bdi dir="ltr">{c.family.group}</bdi> · {t.of('family_role', c.family.role)}
          </dd>
          <dt>{t('family.evidence')}</dt>
          <dd>
            <bdi>{c.family.evidence}</bdi> · <bdi>{view.official(c.family.recorded_by)}</bdi>
          </dd>
        </dl>
      ) : (
        <p class="muted">{t('family.none')}</p>
      )}
      {c.family_members.length ? (
        <div class="table-wrap">
          <table>
            <caption>{t('family.members')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('repatriation.person')}</th>
                <th scope="col">{t('family.role')}</th>
                <th scope="col">{t('repatriation.status')}</th>
              </tr>
            </thead>
            <tbody>
              {c.family_members.map((m) => (
                <tr>
                  <td>
                    <Member view={view} person_id={m.person_id} register_number={m.register_number} case_id={m.case_id} names={names} /> {m.minor ? <Badge tone="info">{t('family.minor')}</Badge> : null}
                  </td>
                  <td>{m.role ? t.of('family_role', m.role) : '—'}</td>
                  <td>
                    <Badge tone={statusTone(m.status)}>{t.of('repatriation_status', m.status)}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {c.named_children.length ? (
        <>
          <h3>{t('family.named_children')}</h3>
          <ul class="plain">
            {c.named_children.map((n) => (
              <li>
                <Member view={view} person_id={n.person_id} register_number={n.register_number} case_id={n.case_id} names={names} /> {n.minor ? <Badge tone="info">{t('family.minor')}</Badge> : null}{' '}
                {n.case_id ? null : <Badge tone="bad">{t('family.no_case')}</Badge>}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {c.guardian ? (
        <dl class="facts">
          <dt>{t('family.guardian')}</dt>
          <dd>
            <bdi>{c.guardian.name}</bdi> · <bdi>{c.guardian.relationship}</bdi> · <bdi>{c.guardian.contact}</bdi>
          </dd>
          <dt>{t('family.appointed_by')}</dt>
          <dd>
            <bdi>{c.guardian.appointed_by}</bdi> · {t.dateTime(c.guardian.appointed_at)}
          </dd>
        </dl>
      ) : null}
    </section>
  );
}
