/**
 * A state's liaison officer and its nationals (issue 15): the list with its search and the
 * downloads (XLSX, CSV: titles in the reader's language, codes in the cells), and one national —
 * each showing what the state's data-sharing policy allows and saying so, with its legal basis.
 * And, for those who audit the register, the record of every sharing with a state. Every read
 * is the API's, in-process: its scope, its sharing record and its read audit.
 */
import { h, Fragment, type Html } from '../jsx.ts';
import { page, messagePage } from '../layout.tsx';
import { Badge, FormKeys, Name, Pager, RegNo, namesInReadingOrder, pageParam, statusTone } from '../components.tsx';
import { callApi, formKey, postedValues } from '../forms.ts';
import { nationalityLabel } from '../nationality-choices.ts';
import { languageName } from '../language-names.ts';
import { dobText } from '../record-parts.tsx';
import { ApiProblem } from '../../api/problem.ts';
import { isSharedField, sharedFields, type SharedField } from '../../domain/sharing-policy.ts';
import type { RepatriationListEntryShown as RepatriationListEntry } from '../../api/liaison.ts';
import type { National } from '../../queries/nationals.ts';
import type { SharingRecordDetail, SharingRecordEntry } from '../../queries/sharing-records.ts';
import { isUuid } from './person.tsx';
import { statusTone as caseTone } from './repatriations/status-tone.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

const pageSize = 50;

interface NationalsAnswer {
  readonly state: string | null;
  readonly fields: readonly string[];
  readonly legal_basis: string | null;
  readonly total: number;
  readonly nationals: readonly National[];
}

const join = (view: View, items: readonly string[]) => items.join(view.t.dir === 'rtl' ? '، ' : ', ') || '—';

/** One shared field of a national, in the reader's language. */
function FieldValue(props: { view: View; national: National; field: SharedField }): Html {
  const { view, national: n } = props;
  const { t } = view;
  switch (props.field) {
    case 'names':
      return (
        <>
          {namesInReadingOrder(n.names ?? [], t.dir).map((name, i) => (
            <>
              {i ? ' · ' : ''}
              <Name full={name.full} script={name.script} />
            </>
          ))}
        </>
      );
    case 'date_of_birth':
      return <>{n.date_of_birth ? dobText(t, n.date_of_birth) : '—'}</>;
    case 'sex':
      return <>{n.sex ? t.of('sex', n.sex) : '—'}</>;
    case 'nationalities':
      return <>{join(view, (n.nationalities ?? []).map((c) => nationalityLabel(t, c)))}</>;
    case 'languages':
      return <>{join(view, (n.languages ?? []).map((l) => languageName(t, l)))}</>;
    case 'documents':
      return (
        <ul class="plain">
          {(n.documents ?? []).map((d) => (
            <li>
              {t.of('document_kind', d.kind)} · <bdi dir="ltr">{d.number}</bdi> · {nationalityLabel(t, d.issuing_country)}
            </li>
          ))}
        </ul>
      );
    case 'custody_status':
      return n.custody_status ? <Badge tone={statusTone[n.custody_status]}>{t.of('custody_status', n.custody_status)}</Badge> : <>—</>;
    case 'facility':
      return n.facility ? <bdi>{n.facility.name}</bdi> : <>—</>;
    case 'legal_status':
      return <>{n.legal_status ? t.of('legal_status', n.legal_status) : '—'}</>;
    case 'case_stage':
      return n.case_stage ? (
        <a href={`/repatriations/${n.case_stage.case_id}`}>
          <Badge tone={caseTone(n.case_stage.status)}>{t.of('repatriation_status', n.case_stage.status)}</Badge>
        </a>
      ) : (
        <>—</>
      );
  }
}

/** What the state is shown, and on what basis: the policy in force, said plainly above every list. */
function PolicyNote(props: { view: View; answer: Pick<NationalsAnswer, 'state' | 'fields' | 'legal_basis'> }): Html {
  const { t } = props.view;
  const fields = props.answer.fields.filter(isSharedField);
  return (
    <div class="banner info" id="sharing-policy">
      <p>{t('nationals.policy_intro', { state: nationalityLabel(t, props.answer.state ?? '') })}</p>
      <p>
        {t('nationals.shown')}: {join(props.view, [t('person.register_number'), ...fields.map((f) => t.of('shared_field', f))])}
      </p>
      <p>{props.answer.legal_basis ? <>{t('nationals.legal_basis')}: <bdi>{props.answer.legal_basis}</bdi></> : t('nationals.minimal_default')}</p>
      <p class="muted">{t('nationals.recorded')}</p>
    </div>
  );
}

/** A field of a sharing, in the reader's language. */
const fieldLabel = (view: View, field: string) =>
  field === 'register_number' ? view.t('person.register_number') : field === 'repatriation_case' ? view.t('sharing.repatriation_case') : isSharedField(field) ? view.t.of('shared_field', field) : field;

/** What a sharing read, in the reader's language: the purpose its read was audited with (api/routes/nationals.ts, repatriations.ts). */
function whatLabel(view: View, what: string): Html {
  const { t } = view;
  const download = /^nationals download (xlsx|csv)$/.exec(what);
  const one = /^repatriation ([0-9a-f-]{36})$/.exec(what);
  const letter = /^letter to ([A-Z]{2})$/.exec(what);
  if (what === 'nationals list') return <>{t('sharing_what.nationals_list')}</>;
  if (what === 'nationals search') return <>{t('sharing_what.nationals_search')}</>;
  if (what === 'national') return <>{t('sharing_what.national')}</>;
  if (download) return <>{download[1] === 'xlsx' ? t('nationals.download_xlsx') : t('nationals.download_csv')}</>;
  if (one) return <>{t('sharing_what.repatriation')}</>;
  if (letter) return <>{t('sharing_what.letter', { state: nationalityLabel(t, letter[1]!) })}</>;
  if (what.startsWith('repatriations')) return <>{t('sharing_what.repatriations')}</>;
  return (
    <bdi dir="ltr">
      <code>{what}</code>
    </bdi>
  );
}

export function nationalPages(web: Web): void {
  const notFound = (view: View, reply: Parameters<Parameters<Web['get']>[2]>[1]) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));

  web.get<{ q?: string; page?: string }>('/nationals', { permission: 'nationals.read', scope: 'filtered' }, async (request, _reply, view) => {
    const { t } = view;
    const q = (request.query.q ?? '').trim().slice(0, 300);
    const current = pageParam(request.query.page);
    const query = new URLSearchParams({ limit: String(pageSize), offset: String((current - 1) * pageSize), ...(q ? { q } : {}) });
    const answer = await callApi<NationalsAnswer>(web.api, request, 'GET', `/api/nationals?${query}`);
    if (!answer.ok) throw new ApiProblem('internal_error', `the nationals could not be read: ${answer.problem.code}`);
    const found = answer.body;
    const fields = found.fields.filter(isSharedField);
    const href = (p: number) => `/nationals?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
    return page({
      view,
      title: found.state ? t('nationals.title', { state: nationalityLabel(t, found.state) }) : t('nationals.title_none'),
      nav: '/nationals',
      children: found.state ? (
        <>
          <PolicyNote view={view} answer={found} />
          <form method="get" action="/nationals" class="search-form" role="search">
            <div class="field">
              <label for="q">{t('nationals.search')}</label>
              <p class="hint" id="q-hint">{fields.includes('names') ? t('nationals.search_hint_names') : t('nationals.search_hint_numbers')}</p>
              <div class="search-row">
                <input id="q" name="q" type="search" value={q} dir="auto" autocomplete="off" aria-describedby="q-hint" />
                <button type="submit">{t('search.submit')}</button>
              </div>
            </div>
          </form>
          <div class="actions no-print" id="downloads">
            {(['xlsx', 'csv'] as const).map((format) => (
              <form method="post" action="/nationals/export">
                <FormKeys view={view} formKey={formKey()} />
                <input type="hidden" name="format" value={format} />
                <button type="submit" class="secondary">{format === 'xlsx' ? t('nationals.download_xlsx') : t('nationals.download_csv')}</button>
              </form>
            ))}
          </div>
          <p class="search-count">{q ? t('nationals.found', { count: found.total }) : t('nationals.count', { count: found.total })}</p>
          {found.nationals.length ? (
            <div class="table-wrap">
              <table id="nationals">
                <thead>
                  <tr>
                    <th scope="col">{t('person.register_number')}</th>
                    {fields.map((f) => (
                      <th scope="col">{t.of('shared_field', f)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {found.nationals.map((n) => (
                    <tr data-person={n.id}>
                      <td>
                        <a href={`/nationals/${n.id}`}>
                          <RegNo value={n.register_number} />
                        </a>
                      </td>
                      {fields.map((f) => (
                        <td>
                          <FieldValue view={view} national={n} field={f} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="muted">{t('nationals.none')}</p>
          )}
          <Pager view={view} page={current} hasNext={current * pageSize < found.total} href={href} />
        </>
      ) : (
        <p class="banner warn">{t('nationals.no_state')}</p>
      ),
    });
  });

  web.post('/nationals/export', { permission: 'nationals.read', scope: 'filtered' }, async (request, reply, view) => {
    const { t } = view;
    const values = postedValues(request.body);
    const format = values.format === 'csv' ? 'csv' : 'xlsx';
    // The file's column titles in the reader's language; its cells keep their codes.
    const column_titles = Object.fromEntries([['register_number', t('person.register_number')], ...sharedFields.map((f) => [f, t.of('shared_field', f)])]);
    const res = await web.api.inject({
      method: 'POST',
      url: `/api/nationals/exports?format=${format}`,
      remoteAddress: request.ip,
      headers: { cookie: request.headers.cookie ?? '' },
      payload: { column_titles, right_to_left: t.dir === 'rtl' },
    });
    if (res.statusCode >= 400) throw new ApiProblem(res.statusCode === 403 ? 'forbidden' : 'internal_error', 'the list could not be downloaded');
    return reply.type(String(res.headers['content-type'])).header('content-disposition', String(res.headers['content-disposition'])).send(res.rawPayload);
  });

  web.get<Record<string, string>, { id: string }>('/nationals/:id', { permission: 'nationals.read', scope: { national: '/params/id' } }, async (request, reply, view) => {
    const { t } = view;
    if (!isUuid(request.params.id)) return notFound(view, reply);
    // The national and the policy in force in one read (one sharing recorded): the list of this one person.
    const [list, cases] = await Promise.all([
      callApi<NationalsAnswer>(web.api, request, 'GET', `/api/nationals?ids=${request.params.id}&limit=1`),
      callApi<{ cases: RepatriationListEntry[] }>(web.api, request, 'GET', `/api/repatriations?person_id=${request.params.id}`),
    ]);
    const n = list.ok ? list.body.nationals[0] : undefined;
    if (!list.ok || !n) return notFound(view, reply);
    const fields = list.body.fields.filter(isSharedField);
    return page({
      view,
      title: t('nationals.one', { number: n.register_number }),
      nav: '/nationals',
      children: (
        <>
          <PolicyNote view={view} answer={list.body} />
          <dl class="facts" id="national">
            <dt>{t('person.register_number')}</dt>
            <dd>
              <RegNo value={n.register_number} />
            </dd>
            {fields.map((f) => (
              <>
                <dt>{t.of('shared_field', f)}</dt>
                <dd>
                  <FieldValue view={view} national={n} field={f} />
                </dd>
              </>
            ))}
          </dl>
          <h2>{t('nationals.cases')}</h2>
          {cases.ok && cases.body.cases.length ? (
            <ul class="plain" id="cases">
              {cases.body.cases.map((c) => (
                <li>
                  <a href={`/repatriations/${c.id}`}>
                    <Badge tone={caseTone(c.status)}>{t.of('repatriation_status', c.status)}</Badge>
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('repatriation.no_cases')}</p>
          )}
        </>
      ),
    });
  });

  // ---------------------------------------------------------------- the record of sharings

  web.get<{ state?: string; page?: string }>('/sharing-records', 'sharing.read', async (request, _reply, view) => {
    const { t } = view;
    const state = typeof request.query.state === 'string' && /^[A-Z]{2}$/.test(request.query.state) ? request.query.state : '';
    const current = pageParam(request.query.page);
    const query = new URLSearchParams({ limit: String(pageSize), offset: String((current - 1) * pageSize), ...(state ? { state } : {}) });
    const answer = await callApi<{ records: SharingRecordEntry[]; total: number }>(web.api, request, 'GET', `/api/sharing-records?${query}`);
    const records = answer.ok ? answer.body.records : [];
    const total = answer.ok ? answer.body.total : 0;
    const href = (p: number) => `/sharing-records?${new URLSearchParams({ ...(state ? { state } : {}), page: String(p) })}`;
    return page({
      view,
      title: t('sharing.title'),
      nav: '/sharing-records',
      children: (
        <>
          <p>{t('sharing.intro')}</p>
          {answer.ok ? null : <p class="banner bad">{t('sharing.bad_state')}</p>}
          <p class="search-count">{t('sharing.count', { count: total })}</p>
          {records.length ? (
            <div class="table-wrap">
              <table id="sharing-records">
                <thead>
                  <tr>
                    <th scope="col">{t('sharing.when')}</th>
                    <th scope="col">{t('repatriation.state')}</th>
                    <th scope="col">{t('sharing.recipient')}</th>
                    <th scope="col">{t('sharing.what')}</th>
                    <th scope="col">{t('nationals.legal_basis')}</th>
                    <th scope="col">{t('sharing.fields')}</th>
                    <th scope="col" class="num">{t('sharing.persons')}</th>
                  </tr>
                </thead>
                <tbody>
                  {records.map((r) => (
                    <tr data-sharing={r.id}>
                      <td>
                        <a href={`/sharing-records/${r.id}`}>{t.dateTime(r.shared_at)}</a>
                      </td>
                      <td>
                        <a href={`/sharing-records?state=${r.state}`}>{nationalityLabel(t, r.state)}</a>
                      </td>
                      <td>
                        <bdi>{view.official(r.account)}</bdi>
                      </td>
                      <td>{whatLabel(view, r.what)}</td>
                      <td>{r.legal_basis ? <bdi>{r.legal_basis}</bdi> : t('sharing.no_basis')}</td>
                      <td>{join(view, r.fields.map((f) => fieldLabel(view, f)))}</td>
                      <td class="num">{t.number(r.persons)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="muted">{t('sharing.none')}</p>
          )}
          <Pager view={view} page={current} hasNext={current * pageSize < total} href={href} />
        </>
      ),
    });
  });

  web.get<Record<string, string>, { id: string }>('/sharing-records/:id', 'sharing.read', async (request, reply, view) => {
    const { t } = view;
    if (!/^[1-9][0-9]{0,15}$/.test(request.params.id)) return notFound(view, reply);
    const answer = await callApi<SharingRecordDetail>(web.api, request, 'GET', `/api/sharing-records/${request.params.id}`);
    if (!answer.ok) return notFound(view, reply);
    const r = answer.body;
    return page({
      view,
      title: t('sharing.one', { state: nationalityLabel(t, r.state) }),
      nav: '/sharing-records',
      children: (
        <>
          <dl class="facts">
            <dt>{t('sharing.when')}</dt>
            <dd>{t.dateTime(r.shared_at)}</dd>
            <dt>{t('sharing.recipient')}</dt>
            <dd>
              <bdi>{view.official(r.account)}</bdi> · {nationalityLabel(t, r.state)}
            </dd>
            <dt>{t('sharing.what')}</dt>
            <dd>{whatLabel(view, r.what)}</dd>
            <dt>{t('nationals.legal_basis')}</dt>
            <dd>{r.legal_basis ? <bdi>{r.legal_basis}</bdi> : t('sharing.no_basis')}</dd>
            <dt>{t('sharing.fields')}</dt>
            <dd>{join(view, r.fields.map((f) => fieldLabel(view, f)))}</dd>
          </dl>
          <h2>{t('sharing.persons_list', { count: r.person_list.length })}</h2>
          <ul class="plain" id="sharing-persons">
            {r.person_list.map((p) => (
              <li>
                <RegNo value={p.register_number} />
              </li>
            ))}
          </ul>
        </>
      ),
    });
  });
}
