/**
 * A repatriation case's page: whose case it is and the state, where the case stands, what
 * blocks the person's travel (open cases before Iraqi courts), the request with its reminder
 * clock, the state's answer, the nationality confirmed, the safeguards assessment and its
 * review, the family, the decision with its assurances and the contacts it set, the follow-up
 * after the return, the person's refusal or the state's withdrawal; the timeline of its events;
 * and a form for each action the reader's role may take in the case's state (each refusal shown
 * at its control).
 */
import { h, Fragment, type Html, type Child } from '../../jsx.ts';
import { Badge, Input, Name, Radios, RegNo, Select, TextArea, mainName } from '../../components.tsx';
import { emptyForm, localNow, type FormState } from '../../forms.ts';
import { nationalityLabel } from '../../nationality-choices.ts';
import { assuranceSubjects, nationalityEvidence, repatriationOutcomes, requestChannels, reviewOutcomes, stateAnswers } from '../../../domain/repatriation.ts';
import { familyRoles } from '../../../domain/repatriation-family.ts';
import { followUpChannels, personReachedValues } from '../../../domain/repatriation-follow-up.ts';
import { repatriationRisks, returnWishes } from '../../../domain/repatriation-assessment.ts';
import { riskFindings } from '../../../domain/transfer.ts';
import type { RepatriationCaseShown } from '../../../api/liaison.ts';
import type { View } from '../../view.ts';
import { ActionForm } from '../cases/action-form.tsx';
import { consularStanding, followUpControls, repatriationActionForms, type RepatriationAction } from './forms.ts';
import { FamilySection } from './family-section.tsx';
import { FollowUpSection } from './follow-up-section.tsx';
import { statusTone } from './status-tone.ts';
import { consularWishes } from '../../../domain/consular-notification.ts';
import { childArrangements } from '../../../domain/repatriation-family.ts';
import { responseClockTone } from '../../clocks-panel.tsx';


export interface RepatriationDetail {
  readonly case: RepatriationCaseShown;
  readonly names: readonly { readonly script: string; readonly full: string }[];
  /** The names of the members of its family group and the children it names, by person. */
  readonly memberNames: ReadonlyMap<string, readonly { readonly script: string; readonly full: string }[]>;
}

const options = <T extends string>(view: View, group: Parameters<View['t']['of']>[0], values: readonly T[]) => values.map((v) => [v, view.t.of(group, v)] as const);

function Fact(props: { label: string; children?: Child }): Html {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </>
  );
}

export function RepatriationPage(props: { view: View; detail: RepatriationDetail; forms: Partial<Record<RepatriationAction, FormState>>; notice?: string; now: Date }): Html {
  const { view, detail, now } = props;
  const { t, can } = view;
  const c = detail.case;
  const name = mainName(detail.names, view);
  const form = (a: RepatriationAction): FormState => props.forms[a] ?? { ...emptyForm, scope: a };
  const consular = consularStanding(c);
  const offered = repatriationActionForms.filter((a) => can(a.permission) && (a.offered(c.status, (c.blockers?.length ?? 0), consular, c.minor, c) || props.forms[a.name]));
  const contactsDue = c.status === 'returned' && c.follow_ups.some((f) => f.made_at === null);
  const has = (a: RepatriationAction) => offered.some((o) => o.name === a);
  const action = (a: RepatriationAction) => `/repatriations/${c.id}/${a}`;
  const nowLocal = localNow(now);
  const a = c.assessment;
  // A state's liaison officer is shown the case as its state's policy shares it (api/liaison.ts): the sections never shared are left out.
  const trimmed = c.shared !== undefined;
  return (
    <>
      {props.notice ? (
        <p class="banner ok" role="status">
          {t('repatriation.saved')}
        </p>
      ) : null}
      <p class="lead">
        {can('person.read') ? <a href={`/persons/${c.person_id}#repatriations`}>{name ? <Name full={name.full} script={name.script} /> : <RegNo value={c.register_number} />}</a> : name ? <Name full={name.full} script={name.script} /> : null} · <RegNo value={c.register_number} /> ·{' '}
        <a href={`/repatriations?state=${c.state}`}>{nationalityLabel(t, c.state)}</a> <Badge tone={statusTone(c.status)}>{t.of('repatriation_status', c.status)}</Badge>
      </p>
      {trimmed ? (
        <p class="banner info" id="shared">
          {t('repatriation.shared_with_state')}
        </p>
      ) : null}
      {(c.blockers?.length ?? 0) ? (
        <div class="banner bad" role="alert" id="blockers">
          <p>{t('repatriation.blocked')}</p>
          <ul>
            {(c.blockers ?? []).map((b) => (
              <li>
                {can('case.read') ? (
                  <a href={`/cases/${b.court_case_id}`}>
                    <bdi dir="ltr">{b.reference}</bdi>
                  </a>
                ) : (
                  <bdi dir="ltr">{b.reference}</bdi>
                )}{' '}
                · <bdi>{b.court}</bdi>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl class="facts">
        <Fact label={t('repatriation.opened')}>
          {t.dateTime(c.opened_at)} · <bdi>{view.official(c.opened_by)}</bdi>
        </Fact>
        <Fact label={t('repatriation.reason')}>
          <bdi>{c.reason}</bdi>
        </Fact>
        <Fact label={t('repatriation.request')}>
          {c.request ? (
            <>
              {t.dateTime(c.request.sent_at)} · {t.of('request_channel', c.request.channel)} · <bdi dir="ltr">{c.request.reference}</bdi> · {t('repatriation.requests_sent', { count: c.requests_sent })}
            </>
          ) : (
            '—'
          )}
        </Fact>
        {c.answer_clocks ? (
          <>
            <Fact label={t('repatriation.reminder_due')}>
              {t.dateTime(c.answer_clocks.reminder.due)} <Badge tone={responseClockTone[c.answer_clocks.reminder.status]}>{t.of('clock_status', c.answer_clocks.reminder.status)}</Badge>
            </Fact>
            <Fact label={t('repatriation.escalation_due')}>
              {t.dateTime(c.answer_clocks.escalation.due)} <Badge tone={responseClockTone[c.answer_clocks.escalation.status]}>{t.of('clock_status', c.answer_clocks.escalation.status)}</Badge>
            </Fact>
          </>
        ) : null}
        {c.answer_clock?.reminded ? (
          <Fact label={t('repatriation.reminded')}>
            {t.dateTime(c.answer_clock.reminded.sent_at)} · {t.of('request_channel', c.answer_clock.reminded.channel)} · <bdi dir="ltr">{c.answer_clock.reminded.reference}</bdi> · <bdi>{view.official(c.answer_clock.reminded.sent_by)}</bdi>
          </Fact>
        ) : null}
        {c.answer_clock?.escalated ? (
          <Fact label={t('repatriation.escalated')}>
            {t.dateTime(c.answer_clock.escalated.escalated_at)} · <bdi>{c.answer_clock.escalated.to}</bdi> · <bdi dir="ltr">{c.answer_clock.escalated.reference}</bdi> · <bdi>{c.answer_clock.escalated.note}</bdi>
          </Fact>
        ) : null}
        <Fact label={t('repatriation.answer')}>
          {c.answer ? (
            <>
              {t.of('state_answer', c.answer.answer)} · {t.dateTime(c.answer.answered_at)}
              {c.answer.reference ? (
                <>
                  {' · '}
                  <bdi dir="ltr">{c.answer.reference}</bdi>
                </>
              ) : null}
            </>
          ) : (
            '—'
          )}
        </Fact>
        <Fact label={t('repatriation.nationality')}>
          {c.nationality ? (
            <>
              {t.of('nationality_evidence', c.nationality.evidence)} · {t.dateTime(c.nationality.confirmed_at)} · <bdi dir="ltr">{c.nationality.reference}</bdi>
            </>
          ) : (
            '—'
          )}
        </Fact>
        {c.person_refusal ? (
          <Fact label={t('repatriation.person_refusal')}>
            {t.dateTime(c.person_refusal.refused_at)} · <bdi>{c.person_refusal.statement}</bdi>
          </Fact>
        ) : null}
        {c.withdrawal ? (
          <Fact label={t('repatriation.withdrawal')}>
            {t.dateTime(c.withdrawal.withdrawn_at)} · <bdi dir="ltr">{c.withdrawal.reference}</bdi> · <bdi>{c.withdrawal.note}</bdi>
          </Fact>
        ) : null}
        {c.returned ? (
          <Fact label={t('repatriation.returned')}>
            {t.dateTime(c.returned.returned_at)} · <bdi>{c.returned.receiving_authority}</bdi> · <bdi>{c.returned.receiving_official}</bdi> · <bdi dir="ltr">{c.returned.receipt_reference}</bdi>
            {can('transfer.read') ? (
              <>
                {' · '}
                <a href={`/transfers/${c.returned.transfer_id}`}>{t('repatriation.transfer_link')}</a>
              </>
            ) : null}
          </Fact>
        ) : null}
        {c.closed ? (
          <Fact label={t('repatriation.closed')}>
            <bdi>{c.closed.reason}</bdi> · <bdi>{view.official(c.closed.closed_by)}</bdi>
          </Fact>
        ) : null}
      </dl>

      {trimmed ? null : (
        <>
          <section aria-labelledby="consular-heading" id="consular">
            <h2 id="consular-heading">{t('consular.heading')}</h2>
            <p class="hint">{t('consular.policy', { state: nationalityLabel(t, c.state) })}</p>
            {c.consular ? (
              <dl class="facts">
                <Fact label={t('consular.told')}>
                  {c.consular.told ? (
                    <>
                      {t.dateTime(c.consular.told.told_at)} · <bdi>{c.consular.told.language}</bdi> · <bdi>{view.official(c.consular.told.told_by)}</bdi>
                    </>
                  ) : (
                    <Badge tone="warn">{t('consular.not_yet_told')}</Badge>
                  )}
                </Fact>
                <Fact label={t('consular.wish')}>
                  {c.consular.wish ? <Badge tone={c.consular.wish === 'requests' ? 'info' : 'warn'}>{t.of('consular_wish', c.consular.wish)}</Badge> : '—'}
                  {c.consular.statement ? (
                    <>
                      {' · '}
                      <bdi>{c.consular.statement}</bdi>
                    </>
                  ) : null}
                  {' · '}
                  {t.of('consular_policy', c.consular.policy)}
                </Fact>
                <Fact label={t('consular.due')}>
                  {c.consular_clock ? (
                    <>
                      {t.dateTime(c.consular_clock.due)} <Badge tone={responseClockTone[c.consular_clock.status]}>{t.of('clock_status', c.consular_clock.status)}</Badge>
                    </>
                  ) : c.consular.sent ? (
                    '—'
                  ) : (
                    t('consular.nothing_owed')
                  )}
                </Fact>
                <Fact label={t('consular.sent')}>
                  {c.consular.sent ? (
                    <>
                      {t.dateTime(c.consular.sent.sent_at)} · {t.of('request_channel', c.consular.sent.channel)} · <bdi>{c.consular.sent.post}</bdi> · <bdi dir="ltr">{c.consular.sent.reference}</bdi> · <bdi>{view.official(c.consular.sent.sent_by)}</bdi>
                    </>
                  ) : (
                    '—'
                  )}
                </Fact>
              </dl>
            ) : (
              <p class="banner warn">{c.consular_policy === 'mandatory' ? t('consular.untold_mandatory', { state: nationalityLabel(t, c.state) }) : t('consular.untold')}</p>
            )}
          </section>
        </>
      )}

      {trimmed ? null : (
        <>
          <section aria-labelledby="assessment-heading" id="assessment">
            <h2 id="assessment-heading">{t('repatriation.assessment_heading')}</h2>
            {a ? (
              <>
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('repatriation.risk')}</th>
                        <th scope="col">{t('repatriation.finding')}</th>
                        <th scope="col">{t('repatriation.reasoning')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {repatriationRisks.map((r) => (
                        <tr>
                          <td>{t.of('repatriation_risk', r)}</td>
                          <td>
                            <Badge tone={a.risks[r].finding === 'real_risk' ? 'bad' : 'ok'}>{t.of('risk_finding', a.risks[r].finding)}</Badge>
                          </td>
                          <td>
                            <bdi>{a.risks[r].reasoning}</bdi>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <dl class="facts">
                  <Fact label={t('repatriation.heard')}>
                    {t.dateTime(a.heard.at)} · <bdi>{a.heard.summary}</bdi>
                  </Fact>
                  <Fact label={t('repatriation.counsel')}>
                    <bdi>{'name' in a.heard.counsel ? a.heard.counsel.name : a.heard.counsel.absent_reason}</bdi>
                  </Fact>
                  <Fact label={t('repatriation.interpreter')}>
                    <bdi>{'name' in a.heard.interpreter ? `${a.heard.interpreter.name} (${a.heard.interpreter.language})` : a.heard.interpreter.not_needed_reason}</bdi>
                  </Fact>
                  <Fact label={t('repatriation.wishes')}>
                    {t.of('return_wish', a.wishes.wish)} · <bdi>{a.wishes.statement}</bdi>
                  </Fact>
                  <Fact label={t('repatriation.assessed_by')}>
                    <bdi>{view.official(a.assessed_by)}</bdi>
                  </Fact>
                  {c.review ? (
                    <Fact label={t('repatriation.reviewed_by')}>
                      <bdi>{view.official(c.review.reviewed_by)}</bdi> · <bdi>{c.review.notes}</bdi>
                    </Fact>
                  ) : null}
                </dl>
              </>
            ) : (
              <p class="muted">{t('repatriation.no_assessment')}</p>
            )}
          </section>

          {c.minor || c.best_interests ? (
            <section aria-labelledby="best-interests-heading" id="best-interests">
              <h2 id="best-interests-heading">{t('best_interests.heading')}</h2>
              {c.best_interests ? (
                <dl class="facts">
                  <Fact label={t('best_interests.arrangement')}>
                    {t.of('child_arrangement', c.best_interests.arrangement)}
                    {c.best_interests.guardian ? (
                      <>
                        {' · '}
                        <bdi>{c.best_interests.guardian}</bdi>
                      </>
                    ) : null}
                    {c.best_interests.parent_case_id ? (
                      <>
                        {' · '}
                        <a href={`/repatriations/${c.best_interests.parent_case_id}`}>{t('best_interests.parent_case')}</a>
                      </>
                    ) : null}
                  </Fact>
                  <Fact label={t('best_interests.official')}>
                    {t.dateTime(c.best_interests.assessed_at)} · <bdi>{c.best_interests.official}</bdi>
                  </Fact>
                  <Fact label={t('best_interests.reasoning')}>
                    <bdi>{c.best_interests.reasoning}</bdi>
                  </Fact>
                  <Fact label={t('best_interests.child_views')}>
                    <bdi>{c.best_interests.child_views}</bdi>
                  </Fact>
                </dl>
              ) : (
                <p class="banner warn">{t('best_interests.none')}</p>
              )}
            </section>
          ) : null}
        </>
      )}

      <FamilySection view={view} case={c} names={detail.memberNames} />

      <section aria-labelledby="decision-heading" id="decision">
        <h2 id="decision-heading">{t('repatriation.decision_heading')}</h2>
        {c.decision ? (
          <>
            <p>
              <Badge tone={c.decision.outcome === 'approved' ? 'ok' : c.decision.outcome === 'refused' ? 'bad' : 'warn'}>{t.of('repatriation_outcome', c.decision.outcome)}</Badge> · <bdi>{view.official(c.decision.decided_by)}</bdi>
              {c.decision.reasons ? (
                <>
                  {' · '}
                  <bdi>{c.decision.reasons}</bdi>
                </>
              ) : null}
            </p>
            {c.decision.assurances.length ? (
              <ul>
                {c.decision.assurances.map((s) => (
                  <li>
                    {t.of('assurance_subject', s.against)}: <bdi>{s.text}</bdi> · <bdi>{s.given_by}</bdi> · {t.dateTime(s.given_at)} · <bdi dir="ltr">{s.reference}</bdi>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : (
          <p class="muted">{t('repatriation.no_decision')}</p>
        )}
      </section>

      {trimmed ? null : <FollowUpSection view={view} case={c} />}

      {trimmed ? null : (
        <>
          <section aria-labelledby="timeline-heading" id="timeline">
            <h2 id="timeline-heading">{t('repatriation.timeline')}</h2>
            <ol class="timeline">
              {c.history.map((e) => (
                <li>
                  <strong>{t.of('event', e.kind)}</strong> · {t.dateTime(e.occurred_at)} · <bdi>{view.official(e.actor)}</bdi>
                </li>
              ))}
            </ol>
          </section>
        </>
      )}

      {offered.length ? (
        <section aria-labelledby="actions-heading" id="actions" class="no-print">
          <h2 id="actions-heading">{t('repatriation.actions')}</h2>
          {has('requests') ? (
            <ActionForm view={view} action={action('requests')} title={t('repatriation.send_request')} form={form('requests')} submit={t('repatriation.record')}>
              <div class="grid-3">
                <Input form={form('requests')} name="/sent_at" type="datetime-local" label={t('repatriation.sent_at')} dir="ltr" value={nowLocal} required />
                <Select form={form('requests')} name="/channel" label={t('repatriation.channel')} options={options(view, 'request_channel', requestChannels)} blank={t('form.choose')} required />
                <Input form={form('requests')} name="/reference" label={t('repatriation.reference')} dir="ltr" required />
              </div>
            </ActionForm>
          ) : null}
          {has('answers') ? (
            <ActionForm view={view} action={action('answers')} title={t('repatriation.record_answer')} form={form('answers')} submit={t('repatriation.record')}>
              <Radios form={form('answers')} name="/answer" legend={t('repatriation.answer')} options={options(view, 'state_answer', stateAnswers)} />
              <div class="grid-2">
                <Input form={form('answers')} name="/answered_at" type="datetime-local" label={t('repatriation.answered_at')} dir="ltr" value={nowLocal} required />
                <Input form={form('answers')} name="/reference" label={t('repatriation.reference')} hint={t('repatriation.answer_reference_hint')} dir="ltr" />
              </div>
              <TextArea form={form('answers')} name="/note" label={t('repatriation.note')} />
            </ActionForm>
          ) : null}
          {has('nationality-confirmation') ? (
            <ActionForm view={view} action={action('nationality-confirmation')} title={t('repatriation.confirm_nationality', { state: nationalityLabel(t, c.state) })} form={form('nationality-confirmation')} submit={t('repatriation.record')}>
              <div class="grid-3">
                <Input form={form('nationality-confirmation')} name="/confirmed_at" type="datetime-local" label={t('repatriation.confirmed_at')} dir="ltr" value={nowLocal} required />
                <Select form={form('nationality-confirmation')} name="/evidence" label={t('repatriation.evidence')} options={options(view, 'nationality_evidence', nationalityEvidence)} blank={t('form.choose')} required />
                <Input form={form('nationality-confirmation')} name="/reference" label={t('repatriation.reference')} dir="ltr" required />
              </div>
            </ActionForm>
          ) : null}
          {has('assessment') ? <AssessmentForm view={view} action={action('assessment')} form={form('assessment')} now={nowLocal} /> : null}
          {has('review') ? (
            <ActionForm view={view} action={action('review')} title={t('repatriation.review')} form={form('review')} submit={t('repatriation.record')}>
              <p class="hint">{t('repatriation.review_hint')}</p>
              <Radios form={form('review')} name="/outcome" legend={t('repatriation.review_outcome')} options={options(view, 'review_outcome', reviewOutcomes)} />
              <TextArea form={form('review')} name="/notes" label={t('repatriation.notes')} required />
            </ActionForm>
          ) : null}
          {has('decision') ? (
            <ActionForm view={view} action={action('decision')} title={t('repatriation.decide')} form={form('decision')} submit={t('repatriation.record')}>
              <Radios form={form('decision')} name="/outcome" legend={t('repatriation.outcome')} options={options(view, 'repatriation_outcome', repatriationOutcomes)} />
              <TextArea form={form('decision')} name="/reasons" label={t('repatriation.reasons')} hint={t('repatriation.reasons_hint')} />
              <fieldset>
                <legend>{t('repatriation.assurance')}</legend>
                <div class="grid-2">
                  <Select form={form('decision')} name="/assurances/0/against" label={t('repatriation.assurance_against')} options={options(view, 'assurance_subject', assuranceSubjects)} blank={t('form.choose')} />
                  <Input form={form('decision')} name="/assurances/0/given_by" label={t('repatriation.given_by')} />
                  <Input form={form('decision')} name="/assurances/0/given_at" type="datetime-local" label={t('repatriation.given_at')} dir="ltr" />
                  <Input form={form('decision')} name="/assurances/0/reference" label={t('repatriation.reference')} dir="ltr" />
                </div>
                <TextArea form={form('decision')} name="/assurances/0/text" label={t('repatriation.assurance_text')} />
              </fieldset>
              <fieldset>
                <legend>{t('repatriation.follow_up_dates')}</legend>
                <p class="hint">{t('repatriation.follow_up_dates_hint')}</p>
                <div class="grid-3">
                  {followUpControls.map((name, i) => (
                    <Input form={form('decision')} name={name} type="datetime-local" label={t('repatriation.follow_up_due', { n: i + 1 })} dir="ltr" />
                  ))}
                </div>
              </fieldset>
            </ActionForm>
          ) : null}
          {has('court-permissions') ? (
            <ActionForm view={view} action={action('court-permissions')} title={t('repatriation.court_permission')} form={form('court-permissions')} submit={t('repatriation.record')}>
              <div class="grid-2">
                <Select form={form('court-permissions')} name="/court_case_id" label={t('repatriation.court_case')} options={(c.blockers ?? []).map((b) => [b.court_case_id, `${b.reference} · ${b.court}`] as const)} blank={t('form.choose')} required />
                <Input form={form('court-permissions')} name="/reference" label={t('repatriation.reference')} dir="ltr" required />
                <Input form={form('court-permissions')} name="/judge" label={t('repatriation.judge')} required />
                <Input form={form('court-permissions')} name="/issued_at" type="datetime-local" label={t('repatriation.issued_at')} dir="ltr" value={nowLocal} required />
              </div>
            </ActionForm>
          ) : null}
          {has('return-refusal') ? (
            <ActionForm view={view} action={action('return-refusal')} title={t('repatriation.record_refusal')} form={form('return-refusal')} submit={t('repatriation.record')} danger>
              <Input form={form('return-refusal')} name="/refused_at" type="datetime-local" label={t('repatriation.refused_at')} dir="ltr" value={nowLocal} required />
              <TextArea form={form('return-refusal')} name="/statement" label={t('repatriation.statement')} required />
            </ActionForm>
          ) : null}
          {has('acceptance-withdrawal') ? (
            <ActionForm view={view} action={action('acceptance-withdrawal')} title={t('repatriation.record_withdrawal')} form={form('acceptance-withdrawal')} submit={t('repatriation.record')} danger>
              <div class="grid-2">
                <Input form={form('acceptance-withdrawal')} name="/withdrawn_at" type="datetime-local" label={t('repatriation.withdrawn_at')} dir="ltr" value={nowLocal} required />
                <Input form={form('acceptance-withdrawal')} name="/reference" label={t('repatriation.reference')} dir="ltr" required />
              </div>
              <TextArea form={form('acceptance-withdrawal')} name="/note" label={t('repatriation.note')} required />
            </ActionForm>
          ) : null}
          {has('consular-rights') ? (
            <ActionForm view={view} action={action('consular-rights')} title={t('consular.record_told')} form={form('consular-rights')} submit={t('repatriation.record')}>
              <div class="grid-2">
                <Input form={form('consular-rights')} name="/told_at" type="datetime-local" label={t('consular.told_at')} dir="ltr" value={nowLocal} required />
                <Input form={form('consular-rights')} name="/language" label={t('consular.language')} required />
              </div>
              <Radios form={form('consular-rights')} name="/wish" legend={t('consular.wish')} options={options(view, 'consular_wish', consularWishes)} />
              <TextArea form={form('consular-rights')} name="/statement" label={t('consular.statement')} hint={t('consular.statement_hint')} />
            </ActionForm>
          ) : null}
          {has('consular-notification') ? (
            <ActionForm view={view} action={action('consular-notification')} title={t('consular.record_sent')} form={form('consular-notification')} submit={t('repatriation.record')}>
              <div class="grid-2">
                <Input form={form('consular-notification')} name="/sent_at" type="datetime-local" label={t('consular.sent_at')} dir="ltr" value={nowLocal} required />
                <Select form={form('consular-notification')} name="/channel" label={t('repatriation.channel')} options={options(view, 'request_channel', requestChannels)} blank={t('form.choose')} required />
                <Input form={form('consular-notification')} name="/post" label={t('consular.post')} required />
                <Input form={form('consular-notification')} name="/reference" label={t('repatriation.reference')} dir="ltr" required />
              </div>
            </ActionForm>
          ) : null}
          {has('best-interests') ? (
            <ActionForm view={view} action={action('best-interests')} title={t('best_interests.record')} form={form('best-interests')} submit={t('repatriation.record')}>
              <div class="grid-2">
                <Input form={form('best-interests')} name="/assessed_at" type="datetime-local" label={t('best_interests.assessed_at')} dir="ltr" value={nowLocal} required />
                <Input form={form('best-interests')} name="/official" label={t('best_interests.official')} required />
              </div>
              <Radios form={form('best-interests')} name="/arrangement" legend={t('best_interests.arrangement')} options={options(view, 'child_arrangement', childArrangements)} />
              <div class="grid-2">
                <Input form={form('best-interests')} name="/parent_case_id" label={t('best_interests.parent_case')} hint={t('best_interests.parent_case_hint')} dir="ltr" />
                <Input form={form('best-interests')} name="/guardian" label={t('best_interests.guardian')} hint={t('best_interests.guardian_hint')} />
              </div>
              <TextArea form={form('best-interests')} name="/reasoning" label={t('best_interests.reasoning')} required />
              <TextArea form={form('best-interests')} name="/child_views" label={t('best_interests.child_views')} required />
            </ActionForm>
          ) : null}
          {has('reminders') ? (
            <ActionForm view={view} action={action('reminders')} title={t('repatriation.send_reminder')} form={form('reminders')} submit={t('repatriation.record')}>
              <div class="grid-3">
                <Input form={form('reminders')} name="/sent_at" type="datetime-local" label={t('repatriation.sent_at')} dir="ltr" value={nowLocal} required />
                <Select form={form('reminders')} name="/channel" label={t('repatriation.channel')} options={options(view, 'request_channel', requestChannels)} blank={t('form.choose')} required />
                <Input form={form('reminders')} name="/reference" label={t('repatriation.reference')} dir="ltr" required />
              </div>
            </ActionForm>
          ) : null}
          {has('escalation') ? (
            <ActionForm view={view} action={action('escalation')} title={t('repatriation.escalate')} form={form('escalation')} submit={t('repatriation.record')}>
              <div class="grid-3">
                <Input form={form('escalation')} name="/escalated_at" type="datetime-local" label={t('repatriation.escalated_at')} dir="ltr" value={nowLocal} required />
                <Input form={form('escalation')} name="/to" label={t('repatriation.escalated_to')} hint={t('repatriation.escalated_to_hint')} required />
                <Input form={form('escalation')} name="/reference" label={t('repatriation.reference')} dir="ltr" required />
              </div>
              <TextArea form={form('escalation')} name="/note" label={t('repatriation.note')} required />
            </ActionForm>
          ) : null}
          {has('follow-ups') ? (
            <ActionForm view={view} action={action('follow-ups')} title={t('follow_up.record')} form={form('follow-ups')} submit={t('repatriation.record')}>
              <div class="grid-3">
                <Input form={form('follow-ups')} name="/contacted_at" type="datetime-local" label={t('follow_up.contacted_at')} dir="ltr" value={nowLocal} required />
                <Select form={form('follow-ups')} name="/channel" label={t('follow_up.channel')} options={options(view, 'follow_up_channel', followUpChannels)} blank={t('form.choose')} required />
                <Input form={form('follow-ups')} name="/contacted_by" label={t('follow_up.contacted_by')} hint={t('follow_up.contacted_by_hint')} required />
              </div>
              <Radios form={form('follow-ups')} name="/person_reached" legend={t('follow_up.person_reached')} options={options(view, 'person_reached', personReachedValues)} />
              <Radios form={form('follow-ups')} name="/concerns_raised" legend={t('follow_up.concerns_raised')} options={[['no', t('follow_up.no_concerns')], ['yes', t('follow_up.concerns_yes')]]} />
              <TextArea form={form('follow-ups')} name="/concerns" label={t('follow_up.concerns')} hint={t('follow_up.concerns_hint')} />
            </ActionForm>
          ) : null}
          {has('family') ? (
            <ActionForm view={view} action={action('family')} title={t('family.record')} form={form('family')} submit={t('repatriation.record')}>
              <div class="grid-2">
                <Input form={form('family')} name="/group" label={t('family.group')} hint={t('family.group_hint')} dir="ltr" value={c.family?.group} required />
                <Select form={form('family')} name="/role" label={t('family.role')} options={options(view, 'family_role', familyRoles)} value={c.family?.role} blank={t('form.choose')} required />
              </div>
              <TextArea form={form('family')} name="/evidence" label={t('family.evidence')} value={c.family?.evidence} required />
              <TextArea form={form('family')} name="/children" label={t('family.children')} hint={t('family.children_hint')} value={c.named_children.map((n) => n.register_number).join(' ')} />
            </ActionForm>
          ) : null}
          {has('guardian') ? (
            <ActionForm view={view} action={action('guardian')} title={t('family.name_guardian')} form={form('guardian')} submit={t('repatriation.record')} open={c.unaccompanied && !c.guardian}>
              <div class="grid-2">
                <Input form={form('guardian')} name="/name" label={t('family.guardian_name')} required />
                <Input form={form('guardian')} name="/relationship" label={t('family.guardian_relationship')} required />
                <Input form={form('guardian')} name="/contact" label={t('family.guardian_contact')} required />
                <Input form={form('guardian')} name="/appointed_by" label={t('family.appointed_by')} required />
                <Input form={form('guardian')} name="/appointed_at" type="datetime-local" label={t('family.appointed_at')} dir="ltr" value={nowLocal} required />
              </div>
            </ActionForm>
          ) : null}
          {has('closure') ? (
            <ActionForm view={view} action={action('closure')} title={t('repatriation.close')} form={form('closure')} submit={t('repatriation.close')} danger>
              <TextArea form={form('closure')} name="/reason" label={t('repatriation.reason')} required />
              {contactsDue || props.forms.closure ? <TextArea form={form('closure')} name="/follow_up_waiver" label={t('follow_up.waiver')} hint={t('follow_up.waiver_hint')} /> : null}
            </ActionForm>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** The safeguards assessment: a finding and its reasoning on each risk, the person heard (with counsel and an interpreter, or why not), their wishes. */
function AssessmentForm(props: { view: View; action: string; form: FormState; now: string }): Html {
  const { view, form } = props;
  const { t } = view;
  return (
    <ActionForm view={view} action={props.action} title={t('repatriation.assess')} form={form} submit={t('repatriation.record')}>
      {repatriationRisks.map((r) => (
        <fieldset>
          <legend>{t.of('repatriation_risk', r)}</legend>
          <Radios form={form} name={`/assessment/risks/${r}/finding`} legend={t('repatriation.finding')} options={options(view, 'risk_finding', riskFindings)} />
          <TextArea form={form} name={`/assessment/risks/${r}/reasoning`} label={t('repatriation.reasoning')} required />
        </fieldset>
      ))}
      <fieldset>
        <legend>{t('repatriation.heard')}</legend>
        <Input form={form} name="/assessment/heard/at" type="datetime-local" label={t('repatriation.heard_at')} dir="ltr" value={props.now} required />
        <TextArea form={form} name="/assessment/heard/summary" label={t('repatriation.heard_summary')} required />
        <div class="grid-2">
          <Input form={form} name="/assessment/heard/counsel/name" label={t('repatriation.counsel')} />
          <Input form={form} name="/assessment/heard/counsel/absent_reason" label={t('repatriation.counsel_absent')} />
          <Input form={form} name="/assessment/heard/interpreter/name" label={t('repatriation.interpreter')} />
          <Input form={form} name="/assessment/heard/interpreter/language" label={t('repatriation.language')} />
        </div>
        <Input form={form} name="/assessment/heard/interpreter/not_needed_reason" label={t('repatriation.interpreter_not_needed')} />
      </fieldset>
      <fieldset>
        <legend>{t('repatriation.wishes')}</legend>
        <Radios form={form} name="/assessment/wishes/wish" legend={t('repatriation.wish')} options={options(view, 'return_wish', returnWishes)} />
        <TextArea form={form} name="/assessment/wishes/statement" label={t('repatriation.wish_statement')} required />
      </fieldset>
    </ActionForm>
  );
}
