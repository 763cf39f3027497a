/**
 * The information-request pages' components: the list (the answer due soonest first), the
 * form of a new request, and a request's page — the requester, the person as they named them,
 * the deadline, the look-up (every candidate the matcher proposes, each to review), the answer
 * before it is given, and once given, the answer and its letter in the four languages.
 */
import { responseClockTone } from '../../clocks-panel.tsx';
import type { ResponseClockStatus } from '../../../domain/response-clock.ts';
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, DateInput, ErrorSummary, FormKeys, Input, Name, RegNo, Select, TextArea, mainName } from '../../components.tsx';
import { formKey, type FormState } from '../../forms.ts';
import type { Article18Answer } from '../../../domain/article18-answer.ts';
import { identityChecks, requesterRelationships, type InformationRequest } from '../../../domain/information-request.ts';
import type { PersonSummaryView } from '../../../api/read-models.ts';
import { localeInfo, locales } from '../../i18n.ts';
import type { View } from '../../view.ts';
import { AnswerItems } from './answer-items.tsx';

export interface ListedRequest {
  readonly id: string;
  readonly status: string;
  readonly received_at: string;
  readonly requester_name: string;
  readonly relationship: string;
  readonly asked_names: readonly string[];
  readonly clock: { readonly status: ResponseClockStatus; readonly due: string };
  readonly withheld: boolean;
}

export function RequestList(props: { view: View; requests: readonly ListedRequest[] }): Html {
  const { t } = props.view;
  return (
    <>
      {props.view.can('inforequest.manage') ? (
        <p class="actions">
          <a class="button" href="/information-requests/new">
            {t('inforequest.new')}
          </a>
        </p>
      ) : null}
      {props.requests.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('inforequest.received_at')}</th>
              <th scope="col">{t('inforequest.requester')}</th>
              <th scope="col">{t('inforequest.asked_about')}</th>
              <th scope="col">{t('inforequest.status')}</th>
              <th scope="col">{t('inforequest.due')}</th>
            </tr>
          </thead>
          <tbody>
            {props.requests.map((r) => (
              <tr>
                <td>
                  <a href={`/information-requests/${r.id}`}>{t.dateTime(r.received_at)}</a>
                </td>
                <td>
                  <bdi>{r.requester_name}</bdi> ({t.of('relationship', r.relationship)})
                </td>
                <td>{r.asked_names.map((n, i) => <>{i ? '، ' : ''}<bdi>{n}</bdi></>)}</td>
                <td>
                  {t.of('request_status', r.status)} {r.withheld ? <Badge tone="warn">{t('a18.withheld')}</Badge> : null}
                </td>
                <td>
                  {t.dateTime(r.clock.due)} <Badge tone={responseClockTone[r.clock.status]}>{t.of('clock_status', r.clock.status)}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('inforequest.none')}</p>
      )}
    </>
  );
}

/** The controls of the new-request form, named by the JSON pointers they fill. */
export const requestControls = [
  '/requester/name', '/requester/relationship', '/requester/identity_check/method', '/requester/identity_check/reference', '/requester/contact',
  '/asked_about/names', '/asked_about/dob', '/asked_about/mother_name', '/asked_about/details', '/received_at',
];

export function NewRequestForm(props: { view: View; form: FormState }): Html {
  const { view, form } = props;
  const { t } = view;
  return (
    <form method="post" action="/information-requests" class="stack" novalidate>
      <FormKeys view={view} formKey={form.values._key ?? formKey()} />
      <ErrorSummary view={view} form={form} />
      <fieldset>
        <legend>{t('inforequest.requester')}</legend>
        <Input form={form} name="/requester/name" label={t('inforequest.requester_name')} required />
        <Select form={form} name="/requester/relationship" label={t('inforequest.relationship')} required blank="" options={requesterRelationships.map((r) => [r, t.of('relationship', r)] as const)} />
        <Select form={form} name="/requester/identity_check/method" label={t('inforequest.identity_check')} required blank="" options={identityChecks.map((c) => [c, t.of('identity_check', c)] as const)} />
        <Input form={form} name="/requester/identity_check/reference" label={t('inforequest.identity_reference')} hint={t('inforequest.identity_reference_hint')} required />
        <Input form={form} name="/requester/contact" label={t('inforequest.contact')} required />
      </fieldset>
      <fieldset>
        <legend>{t('inforequest.asked_about')}</legend>
        <TextArea form={form} name="/asked_about/names" label={t('inforequest.names')} hint={t('inforequest.names_hint')} required rows={3} />
        <Input form={form} name="/asked_about/dob" label={t('inforequest.dob')} hint={t('inforequest.dob_hint')} dir="ltr" />
        <Input form={form} name="/asked_about/mother_name" label={t('inforequest.mother_name')} />
        <TextArea form={form} name="/asked_about/details" label={t('inforequest.details')} />
      </fieldset>
      <DateInput form={form} t={t} name="/received_at" label={t('inforequest.received_at')} withTime required />
      <div class="actions">
        <button type="submit">{t('inforequest.record')}</button>
      </div>
    </form>
  );
}

function PersonLine(props: { view: View; person: PersonSummaryView | undefined; id: string }): Html {
  const name = props.person ? mainName(props.person.names, props.view) : undefined;
  return (
    <>
      {props.person ? <RegNo value={props.person.register_number} /> : props.id} {name ? <Name full={name.full} script={name.script} /> : null}
    </>
  );
}

export interface RequestPageProps {
  readonly view: View;
  readonly request: InformationRequest;
  readonly clock: { readonly status: ResponseClockStatus; readonly due: string };
  readonly persons: ReadonlyMap<string, PersonSummaryView>;
  /** While the look-up is open: the matcher's candidates now. */
  readonly candidates?: readonly { person_id: string; score: number; person: PersonSummaryView }[];
  /** Once a person is identified and before the answer: the answer as it would be given now. */
  readonly draft?: Article18Answer | null;
  readonly form: FormState;
  readonly notice?: string;
}

export function RequestPage(props: RequestPageProps): Html {
  const { view, request: r, form } = props;
  const { t } = view;
  const manage = view.can('inforequest.manage');
  return (
    <>
      {props.notice ? <p class="notice" role="status">{t.of('inforequest_notice', props.notice)}</p> : null}
      <ErrorSummary view={view} form={form} />
      <section class="card">
        <h2>{t('inforequest.requester')}</h2>
        <dl class="facts">
          <div><dt>{t('inforequest.requester_name')}</dt><dd><bdi>{r.requester.name}</bdi></dd></div>
          <div><dt>{t('inforequest.relationship')}</dt><dd>{t.of('relationship', r.requester.relationship)}</dd></div>
          <div><dt>{t('inforequest.identity_check')}</dt><dd>{t.of('identity_check', r.requester.identity_check.method)} — <bdi>{r.requester.identity_check.reference}</bdi></dd></div>
          <div><dt>{t('inforequest.contact')}</dt><dd><bdi>{r.requester.contact}</bdi></dd></div>
          <div><dt>{t('inforequest.received_at')}</dt><dd>{t.dateTime(r.received_at)}</dd></div>
          <div><dt>{t('inforequest.due')}</dt><dd>{t.dateTime(props.clock.due)} <Badge tone={responseClockTone[props.clock.status]}>{t.of('clock_status', props.clock.status)}</Badge></dd></div>
        </dl>
        <h2>{t('inforequest.asked_about')}</h2>
        <ul>
          {r.asked_about.names.map((n) => (
            <li><bdi>{n}</bdi></li>
          ))}
        </ul>
        {r.asked_about.dob ? <p>{t('inforequest.dob')}: <bdi dir="ltr">{r.asked_about.dob}</bdi></p> : null}
        {r.asked_about.mother_name ? <p>{t('inforequest.mother_name')}: <bdi>{r.asked_about.mother_name}</bdi></p> : null}
        {r.asked_about.details ? <p><bdi>{r.asked_about.details}</bdi></p> : null}
      </section>

      {r.status === 'awaiting_lookup' && manage && props.candidates ? (
        <section class="card action" aria-labelledby="lookup-heading">
          <h2 id="lookup-heading">{t('inforequest.lookup')}</h2>
          <p class="hint">{t('inforequest.lookup_hint')}</p>
          <form method="post" action={`/information-requests/${r.id}/lookup`} class="stack" novalidate>
            <FormKeys view={view} formKey={formKey()} />
            {props.candidates.length ? (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('inforequest.reviewed')}</th>
                    <th scope="col">{t('inforequest.candidate')}</th>
                    <th scope="col">{t('inforequest.score')}</th>
                    <th scope="col">{t('inforequest.is_the_person')}</th>
                  </tr>
                </thead>
                <tbody>
                  {props.candidates.map((c) => (
                    <tr>
                      <td><input type="checkbox" name="reviewed" value={c.person_id} id={`reviewed-${c.person_id}`} aria-label={t('inforequest.reviewed')} /></td>
                      <td><label for={`reviewed-${c.person_id}`}><PersonLine view={view} person={c.person} id={c.person_id} /></label></td>
                      <td>{t.number(Math.round(c.score * 100))}</td>
                      <td><input type="radio" name="identified" value={c.person_id} aria-label={t('inforequest.is_the_person')} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p>{t('inforequest.no_candidates')}</p>
            )}
            <label class="choice">
              <input type="radio" name="identified" value="none" checked />
              {t('inforequest.none_of_them')}
            </label>
            <TextArea form={form} name="/note" label={t('inforequest.note')} />
            <div class="actions">
              <button type="submit">{t('inforequest.record_lookup')}</button>
            </div>
          </form>
        </section>
      ) : null}

      {r.lookup ? (
        <section class="card">
          <h2>{t('inforequest.lookup')}</h2>
          <p>{t('inforequest.lookup_recorded', { count: r.lookup.candidates.length, reviewed: r.lookup.reviewed.length, by: props.view.official(r.lookup.reviewed_by), at: t.dateTime(r.lookup.reviewed_at) })}</p>
          <p>
            {r.lookup.identified ? (
              <>{t('inforequest.identified')}: <PersonLine view={view} person={props.persons.get(r.lookup.identified)} id={r.lookup.identified} /></>
            ) : (
              t('inforequest.not_held')
            )}
          </p>
        </section>
      ) : null}

      {r.status === 'lookup_reviewed' ? (
        <section class="card action" aria-labelledby="answer-heading">
          <h2 id="answer-heading">{t('inforequest.answer')}</h2>
          {props.draft ? <AnswerItems view={view} answer={props.draft} /> : <p>{t('inforequest.not_held_answer')}</p>}
          {manage ? (
            <form method="post" action={`/information-requests/${r.id}/answer`} novalidate>
              <FormKeys view={view} formKey={formKey()} />
              <button type="submit">{t('inforequest.give_answer')}</button>
            </form>
          ) : null}
        </section>
      ) : null}

      {r.answer ? (
        <section class="card" aria-labelledby="answer-heading">
          <h2 id="answer-heading">{t('inforequest.answer_given', { at: t.dateTime(r.answer.answered_at), by: props.view.official(r.answer.answered_by) })}</h2>
          <p class="actions no-print">
            {locales.map((l) => (
              <a class="button secondary" href={`/print/information-requests/${r.id}/letter?lang=${l}`} lang={l}>
                {t('inforequest.print_letter')} ({localeInfo[l].name})
              </a>
            ))}
          </p>
          {r.answer.answer ? <AnswerItems view={view} answer={r.answer.answer} /> : <p>{t('inforequest.not_held_answer')}</p>}
        </section>
      ) : null}
    </>
  );
}
