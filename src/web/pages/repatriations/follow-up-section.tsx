/**
 * After the return (repatriation-follow-up.ts): the contacts the decision set, each with its
 * clock and when it was made; every contact recorded — when, through which channel, who made
 * it, whether the person was seen or heard, the concerns raised; a waiver recorded at closing.
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge } from '../../components.tsx';
import type { RepatriationCaseShown } from '../../../api/liaison.ts';
import type { View } from '../../view.ts';
import { responseClockTone } from '../../clocks-panel.tsx';

export function FollowUpSection(props: { view: View; case: RepatriationCaseShown }): Html {
  const { view, case: c } = props;
  const { t } = view;
  const set = c.decision?.outcome === 'approved' ? c.decision.follow_ups : [];
  if (!set.length && !c.follow_ups.length && !c.contacts.length) return <></>;
  return (
    <section aria-labelledby="follow-up-heading" id="follow-up">
      <h2 id="follow-up-heading">{t('follow_up.heading')}</h2>
      <p class="hint">{t('follow_up.intro')}</p>
      {c.follow_up_clocks.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('follow_up.due')}</th>
                <th scope="col">{t('follow_up.clock')}</th>
                <th scope="col">{t('follow_up.made')}</th>
              </tr>
            </thead>
            <tbody>
              {c.follow_up_clocks.map((f) => (
                <tr>
                  <td>{t.dateTime(f.due)}</td>
                  <td>
                    <Badge tone={responseClockTone[f.status]}>{t.of('clock_status', f.status)}</Badge>
                  </td>
                  <td>{f.made_at ? t.dateTime(f.made_at) : t('follow_up.not_made')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        // Approved, not yet returned: the dates stand, their clocks start with the return.
        <p>
          {t('follow_up.set')}: {set.map((f, i) => (i ? <>{' · '}{t.dateTime(f.due_at)}</> : t.dateTime(f.due_at)))}
        </p>
      )}
      {c.closed?.follow_up_waiver ? (
        <p class="banner warn">
          {t('follow_up.waived')}: <bdi>{c.closed.follow_up_waiver}</bdi>
        </p>
      ) : null}
      <h3>{t('follow_up.contacts')}</h3>
      {c.contacts.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('follow_up.contacted_at')}</th>
                <th scope="col">{t('follow_up.channel')}</th>
                <th scope="col">{t('follow_up.contacted_by')}</th>
                <th scope="col">{t('follow_up.person_reached')}</th>
                <th scope="col">{t('follow_up.concerns')}</th>
              </tr>
            </thead>
            <tbody>
              {c.contacts.map((k) => (
                <tr>
                  <td>{t.dateTime(k.contacted_at)}</td>
                  <td>{t.of('follow_up_channel', k.channel)}</td>
                  <td>
                    <bdi>{k.contacted_by}</bdi>
                  </td>
                  <td>
                    <Badge tone={k.person_reached === 'not_reached' ? 'bad' : 'ok'}>{t.of('person_reached', k.person_reached)}</Badge>
                  </td>
                  <td>{k.concerns ? <bdi>{k.concerns}</bdi> : t('follow_up.no_concerns')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{t('follow_up.no_contacts')}</p>
      )}
    </section>
  );
}
