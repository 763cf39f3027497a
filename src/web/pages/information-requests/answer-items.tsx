/**
 * The article 18 items of an answer, as the request page and the printed letter show them:
 * every item, given, "not recorded" (with the reason when one was recorded) or "withheld"
 * (the restriction named with its legal basis, judicial reference and expiry).
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import type { Article18Answer, Article18Facts, Item } from '../../../domain/article18-answer.ts';
import { article18Items, type Article18Item } from '../../../domain/restriction.ts';
import type { View } from '../../view.ts';

function Facts(props: { view: View; item: Article18Item; facts: unknown }): Html {
  const { t } = props.view;
  const row = (label: string, value: Html | string) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  const b = (s: string) => <bdi>{s}</bdi>;
  switch (props.item) {
    case 'ordering_authority': {
      const f = props.facts as Article18Facts['ordering_authority'];
      return <dl class="facts">{row(t('a18.authority'), b(f.authority))}{row(t('a18.law'), <>{b(f.law)} — {b(f.article)}</>)}{row(t('a18.basis'), <>{b(f.basis_reference)} · {b(f.basis_issued_by)} · {t.date(f.basis_issued_on)}</>)}</dl>;
    }
    case 'detention_began': {
      const f = props.facts as Article18Facts['detention_began'];
      return <dl class="facts">{row(t('a18.at'), t.dateTime(f.at))}{row(t('a18.place'), b(f.place))}{row(t('a18.authority'), b(f.authority))}</dl>;
    }
    case 'admission': {
      const f = props.facts as Article18Facts['admission'];
      return <dl class="facts">{row(t('a18.at'), t.dateTime(f.at))}{row(t('a18.facility'), b(f.facility))}{row(t('a18.authority'), b(f.facility_authority))}</dl>;
    }
    case 'supervising_authority': {
      const f = props.facts as Article18Facts['supervising_authority'];
      return <dl class="facts">{row(t('a18.authority'), b(f.authority))}</dl>;
    }
    case 'whereabouts': {
      const f = props.facts as Article18Facts['whereabouts'];
      return (
        <>
          <p>
            {t.of('custody_status', f.status)} — <bdi>{f.place}</bdi> ({t('a18.since', { at: t.dateTime(f.since) })})
          </p>
          <table class="movements">
            <thead>
              <tr>
                <th scope="col">{t('a18.at')}</th>
                <th scope="col">{t('a18.movement')}</th>
                <th scope="col">{t('a18.place')}</th>
              </tr>
            </thead>
            <tbody>
              {f.movements.map((m) => (
                <tr>
                  <td>{t.dateTime(m.at)}</td>
                  <td>{t.of('a18_movement', m.kind)}</td>
                  <td>
                    <bdi>{m.place}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      );
    }
    case 'release': {
      const f = props.facts as Article18Facts['release'];
      return f.released ? <dl class="facts">{row(t('a18.at'), t.dateTime(f.at))}{row(t('a18.movement'), t.of('a18_movement', f.kind))}{row(t('a18.to'), b(f.to))}{row(t('a18.reference'), b(f.reference))}</dl> : <p>{t('a18.not_released')}</p>;
    }
    case 'health': {
      const f = props.facts as Article18Facts['health'];
      return (
        <dl class="facts">
          {row(t('a18.health_record'), f.health_record ? b(f.health_record) : t('a18.not_recorded'))}
          {row(t('a18.last_examination'), f.last_examination ? <>{t.dateTime(f.last_examination.at)} — {b(f.last_examination.outcome)}</> : t('a18.not_recorded'))}
        </dl>
      );
    }
    case 'death': {
      const f = props.facts as Article18Facts['death'];
      return f.died ? <dl class="facts">{row(t('a18.at'), t.dateTime(f.at))}{row(t('a18.circumstances'), b(f.circumstances))}{row(t('a18.cause'), b(f.cause))}{row(t('a18.remains'), b(f.remains))}</dl> : <p>{t('a18.not_died')}</p>;
    }
  }
}

function ItemBody(props: { view: View; item: Article18Item; value: Item<unknown> }): Html {
  const { t } = props.view;
  const v = props.value;
  if (v.status === 'given') return <Facts view={props.view} item={props.item} facts={v.facts} />;
  if (v.status === 'not_recorded') return <p class="muted">{v.reason ? t('a18.not_recorded_because', { reason: v.reason }) : t('a18.not_recorded')}</p>;
  return (
    <p class="withheld">
      <strong>{t('a18.withheld')}</strong> {t('a18.withheld_by', { basis: v.legal_basis, reference: v.judicial_reference, until: t.dateTime(v.expires_at) })}
    </p>
  );
}

/** Every item of the answer, in the order of article 18(1). */
export function AnswerItems(props: { view: View; answer: Article18Answer }): Html {
  const { t } = props.view;
  return (
    <div class="answer-items">
      {article18Items.map((item) => (
        <section class="a18-item" id={`a18-${item}`}>
          <h3>{t.of('a18_item', item)}</h3>
          <ItemBody view={props.view} item={item} value={props.answer.items[item] as Item<unknown>} />
        </section>
      ))}
    </div>
  );
}
