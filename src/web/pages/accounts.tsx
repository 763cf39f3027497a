/**
 * Accounts, for administrators (account.manage): the list of accounts a page at a time (role,
 * scope, standing, second factor), one account with its forms — ask for a new role or scope, for
 * disabling or enabling it, for removing its second factor; reset its password; lift its login
 * lock — the form asking for a new account, and the queue of requests awaiting a second
 * administrator, who approves or refuses each (the requester's own are shown, and may be
 * withdrawn, never approved by them). Approving a new account, and resetting a password, show its
 * enrolment token once, on a slip to print and hand to the official. Every change is the API's
 * request (forms.ts callApi), so its checks and refusals are the API's, shown at their fields.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { h, Fragment, type Html } from '../jsx.ts';
import { page, messagePage } from '../layout.tsx';
import { Badge, Checkbox, Checkboxes, ErrorSummary, FormKeys, Input, Pager, Select, TextArea, pageParam } from '../components.tsx';
import { callApi, emptyForm, formKey, postedList, postedValues, problemMessage, withErrors, withProblem, type FormState, type Problem } from '../forms.ts';
import { facilities } from '../../api/read-models.ts';
import { roles, stateBoundRoles, type Role } from '../../domain/permissions.ts';
import type { AccountScopeGrant } from '../../domain/account-request.ts';
import type { AccountDetailResponse, AccountRequestsResponse, AccountRequestView, AccountsResponse, AccountView as AccountSchema, ApprovalResponse } from '../../api/routes/accounts.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

/** An account as GET /api/accounts answers it. */
type AccountView = Static<typeof AccountSchema>;

/** A request as GET /api/account-requests answers it. */
type RequestView = Static<typeof AccountRequestView>;

/** A token as the API gives it once: on approving a new account, or resetting a password. */
interface Slip {
  readonly username: string;
  readonly token: string;
  readonly expires_at: string;
  readonly purpose: 'new_account' | 'password_reset';
}

export const accountsPerPage = 25;
export const requestsPerPage = 20;

/** The new-account form's controls, in the order they stand (each named by the API's pointer). */
export const newAccountControls = ['/username', '/display_name', '/role', '/scope/all', '/scope/facilities', '/scope/courts', '/liaison_state'];
/** The change form's controls. */
export const changeControls = ['/role', '/scope/all', '/scope/facilities', '/scope/courts'];
const usernameShape = /^[a-z0-9._-]{2,64}$/;

type FacilityName = { readonly id: string; readonly name: string };

/** What an account reaches, in words: the whole register, its facilities, its courts, or nothing assigned. */
function ScopeText(props: { view: View; scope: AccountScopeGrant | null; places: readonly FacilityName[] }): Html {
  const { t } = props.view;
  const s = props.scope;
  if (!s) return <span class="muted">{t('accounts.scope_unchanged')}</span>;
  if (s.all) return <>{t('accounts.scope_all')}</>;
  const names = s.facilities.map((id) => props.places.find((f) => f.id === id)?.name ?? id);
  if (!names.length && !s.courts.length) return <span class="muted">{t('accounts.scope_none')}</span>;
  return (
    <ul class="plain">
      {names.map((n) => (
        <li>
          <bdi>{n}</bdi>
        </li>
      ))}
      {s.courts.map((c) => (
        <li>
          <bdi>{c}</bdi>
        </li>
      ))}
    </ul>
  );
}

/** Where an account stands: disabled, waiting for its official's enrolment, locked, or in use. */
function Standing(props: { view: View; account: AccountView; now: Date }): Html {
  const { t } = props.view;
  const a = props.account;
  if (a.disabled) return <Badge tone="bad">{t('accounts.state_disabled')}</Badge>;
  if (!a.enrolled) {
    const expired = a.enrolment_expires_at !== null && new Date(a.enrolment_expires_at).getTime() <= props.now.getTime();
    return (
      <>
        <Badge tone="warn">{t('accounts.state_awaiting_enrolment')}</Badge>{' '}
        {a.enrolment_expires_at ? (expired ? t('accounts.token_expired_at', { at: t.dateTime(a.enrolment_expires_at) }) : t('accounts.token_until', { at: t.dateTime(a.enrolment_expires_at) })) : null}
      </>
    );
  }
  if (a.locked_until) return <Badge tone="warn">{t('accounts.state_locked', { until: t.dateTime(a.locked_until) })}</Badge>;
  return <Badge tone="ok">{t('accounts.state_active')}</Badge>;
}

/** What a request asks, in words. */
function Asked(props: { view: View; request: RequestView; places: readonly FacilityName[] }): Html {
  const { t } = props.view;
  const r = props.request;
  return (
    <>
      <strong>{t.of('account_change', r.change)}</strong>
      {r.role ? (
        <>
          <br />
          {t('accounts.role')}: {t.of('role', r.role)}
        </>
      ) : null}
      {r.scope ? (
        <>
          <br />
          {t('accounts.scope')}: <ScopeText view={props.view} scope={r.scope} places={props.places} />
        </>
      ) : null}
      {r.liaison_state ? (
        <>
          <br />
          {t('accounts.liaison_state')}: <bdi dir="ltr">{r.liaison_state}</bdi>
        </>
      ) : null}
    </>
  );
}

/**
 * Requests as a table: the account, what was asked, who asked and when, and the decision cell
 * `decision` gives each row (with the row's own id and class from `row`, when given).
 */
function RequestTable(props: {
  view: View;
  requests: readonly RequestView[];
  places: readonly FacilityName[];
  row?: (r: RequestView) => { id: string; class: string | undefined };
  decision: (r: RequestView) => Html;
}): Html {
  const { t } = props.view;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('accounts.username')}</th>
            <th scope="col">{t('accounts.asked')}</th>
            <th scope="col">{t('accounts.requested_by')}</th>
            <th scope="col">{t('accounts.decision')}</th>
          </tr>
        </thead>
        <tbody>
          {props.requests.map((r) => (
            <tr {...props.row?.(r)}>
              <td>
                <bdi dir="ltr">
                  <code>{r.username}</code>
                </bdi>
              </td>
              <td>
                <Asked view={props.view} request={r} places={props.places} />
              </td>
              <td>
                {props.view.official(r.requested_by)}
                <br />
                {t.dateTime(r.requested_at)}
              </td>
              <td>{props.decision(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The controls of a scope: the whole register, facilities (checkboxes), courts (one a line). */
function ScopeControls(props: { view: View; form: FormState; places: readonly FacilityName[] }): Html {
  const { t } = props.view;
  const { form } = props;
  return (
    <fieldset class="scope">
      <legend>{t('accounts.scope')}</legend>
      <p class="hint">{t('accounts.scope_hint')}</p>
      <Checkbox form={form} name="/scope/all" label={t('accounts.scope_all')} />
      <Checkboxes
        form={form}
        name="/scope/facilities"
        legend={t('accounts.facilities')}
        options={props.places.map((f) => [f.id, f.name] as const)}
        checked={(form.values['/scope/facilities'] ?? '').split('\n').filter(Boolean)}
      />
      <TextArea form={form} name="/scope/courts" label={t('accounts.courts')} hint={t('accounts.courts_hint')} rows={3} />
    </fieldset>
  );
}

/** A scope from a posted form; null when nothing of it was given. */
function postedScope(values: Record<string, string>): AccountScopeGrant | null {
  const all = values['/scope/all'] === 'yes';
  const facilityIds = (values['/scope/facilities'] ?? '').split('\n').filter(Boolean);
  const courts = (values['/scope/courts'] ?? '').split(/\r?\n/).map((c) => c.trim()).filter(Boolean);
  return all || facilityIds.length || courts.length ? { all, facilities: facilityIds, courts } : null;
}

/** The posted values of a form with a scope: checkbox lists joined one a line, as the form shows them. */
function scopeValues(body: unknown): Record<string, string> {
  // A group of checkboxes posts under its name without the leading slash (components.tsx Checkboxes).
  return { ...postedValues(body), '/scope/facilities': postedList(body, 'scope/facilities').join('\n') };
}

/** The place of a problem the API gives with the body's path under /body, or the username's under /params (both forms name them alike). */
const formPath = (problem: Problem): Problem => (problem.field?.startsWith('/body/') ? { ...problem, field: problem.field.slice('/body'.length) } : problem.field === '/params/username' ? { ...problem, field: '/username' } : problem);

/** The slip with the enrolment token, to print and hand to the official: shown only in the answer that issued it. */
function slipPage(view: View, slip: Slip, account: AccountView | null): string {
  const { t } = view;
  const groups = slip.token.split('-');
  return page({
    view,
    title: t('accounts.slip_title'),
    nav: '/accounts',
    children: (
      <div class="enrolment-slip">
        <p class="banner warn no-print" role="status">
          {t('accounts.slip_once')}
        </p>
        <section class="slip" aria-labelledby="slip-heading">
          <h2 id="slip-heading">{slip.purpose === 'new_account' ? t('accounts.slip_new') : t('accounts.slip_reset')}</h2>
          <dl>
            {account ? (
              <>
                <dt>{t('accounts.display_name')}</dt>
                <dd>
                  <bdi>{account.display_name}</bdi>
                </dd>
              </>
            ) : null}
            <dt>{t('accounts.username')}</dt>
            <dd>
              <bdi dir="ltr">
                <code>{slip.username}</code>
              </bdi>
            </dd>
            <dt>{t('accounts.token')}</dt>
            <dd>
              <bdi dir="ltr">
                <code class="token">{groups.join(' - ')}</code>
              </bdi>
            </dd>
            <dt>{t('accounts.token_expires')}</dt>
            <dd>{t.dateTime(slip.expires_at)}</dd>
          </dl>
          <ol>
            <li>{t('accounts.slip_step_open')}</li>
            <li>{t('accounts.slip_step_type')}</li>
            <li>{t('accounts.slip_step_factor')}</li>
          </ol>
          <p>{t('accounts.slip_warning')}</p>
        </section>
        <p class="actions no-print">
          <span>{t('accounts.slip_print')}</span>
          <a href="/accounts">{t('accounts.back_to_list')}</a>
        </p>
      </div>
    ),
  });
}

export function accountPages(web: Web): void {
  const { db } = web.ctx;
  type Req = FastifyRequest;
  const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const notFound = (view: View, reply: FastifyReply) => html(reply, 404, messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));
  const places = async (): Promise<FacilityName[]> => (await facilities(db)).map((f) => ({ id: f.id, name: f.name }));
  const notices = new Set(['requested', 'approved', 'refused', 'withdrawn', 'changed', 'unlocked']);
  const noticeOf = (value: string | undefined) => (value && notices.has(value) ? value : undefined);
  const Notice = (props: { view: View; notice?: string }) =>
    props.notice ? (
      <p class="banner ok" role="status">
        {props.view.t.of('account_notice', props.notice)}
      </p>
    ) : (
      <></>
    );

  async function readAccount(request: Req, username: string): Promise<Static<typeof AccountDetailResponse> | null> {
    if (!usernameShape.test(username)) return null;
    const read = await callApi<Static<typeof AccountDetailResponse>>(web.api, request, 'GET', `/api/accounts/${username}`);
    if (read.ok) return read.body;
    if (read.problem.code === 'not_found') return null;
    throw new Error(`reading an account failed: ${read.problem.code}`);
  }

  // ------------------------------------------------------------------ the list

  web.get<{ page?: string; notice?: string }>('/accounts', 'account.manage', async (request, _reply, view) => {
    const { t } = view;
    const current = pageParam(request.query.page);
    const read = await callApi<Static<typeof AccountsResponse>>(web.api, request, 'GET', `/api/accounts?offset=${(current - 1) * accountsPerPage}&limit=${accountsPerPage}`);
    if (!read.ok) throw new Error(`listing accounts failed: ${read.problem.code}`);
    const { accounts, total } = read.body;
    const known = await places();
    const now = web.ctx.clock();
    return page({
      view,
      title: t('accounts.title'),
      nav: '/accounts',
      children: (
        <>
          <Notice view={view} notice={noticeOf(request.query.notice)} />
          <p class="hint">{t('accounts.intro')}</p>
          <p class="actions">
            <a class="button" href="/accounts/new">
              {t('accounts.new')}
            </a>
            <a class="button secondary" href="/account-requests">
              {t('accounts.requests')}
            </a>
          </p>
          <p>{t('accounts.count', { count: total })}</p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('accounts.username')}</th>
                  <th scope="col">{t('accounts.display_name')}</th>
                  <th scope="col">{t('accounts.role')}</th>
                  <th scope="col">{t('accounts.scope')}</th>
                  <th scope="col">{t('accounts.state')}</th>
                  <th scope="col">{t('accounts.second_factor')}</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((a) => (
                  <tr>
                    <td>
                      <a href={`/accounts/${a.username}`}>
                        <bdi dir="ltr">
                          <code>{a.username}</code>
                        </bdi>
                      </a>
                    </td>
                    <td>
                      <bdi>{a.display_name}</bdi>
                    </td>
                    <td>{t.of('role', a.role)}</td>
                    <td>
                      <ScopeText view={view} scope={a.scope} places={known} />
                    </td>
                    <td>
                      <Standing view={view} account={a} now={now} />
                    </td>
                    <td>{a.second_factor ? t('accounts.yes') : t('accounts.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager view={view} page={current} hasNext={current * accountsPerPage < total} href={(p) => `/accounts?page=${p}`} />
        </>
      ),
    });
  });

  // ------------------------------------------------------------------ a new account

  async function newAccountPage(view: View, form: FormState): Promise<string> {
    const { t } = view;
    const known = await places();
    return page({
      view,
      title: t('accounts.new'),
      nav: '/accounts',
      children: (
        <>
          <p class="hint">{t('accounts.new_intro')}</p>
          <ErrorSummary view={view} form={form} />
          <form method="post" action="/accounts/new" class="stack" novalidate>
            <FormKeys view={view} formKey={form.values._key ?? formKey()} />
            <Input form={form} name="/username" label={t('accounts.username')} hint={t('accounts.username_hint')} required dir="ltr" autocomplete="off" />
            <Input form={form} name="/display_name" label={t('accounts.display_name')} hint={t('accounts.display_name_hint')} required />
            <Select form={form} name="/role" label={t('accounts.role')} blank={t('accounts.choose_role')} options={roles.map((r) => [r, t.of('role', r)] as const)} required />
            <ScopeControls view={view} form={form} places={known} />
            <Input form={form} name="/liaison_state" label={t('accounts.liaison_state')} hint={t('accounts.liaison_state_hint')} dir="ltr" />
            <div class="actions">
              <button type="submit">{t('accounts.request_new')}</button>
            </div>
          </form>
        </>
      ),
    });
  }

  web.get('/accounts/new', 'account.manage', async (_request, _reply, view) => newAccountPage(view, emptyForm));

  web.post('/accounts/new', 'account.manage', async (request, reply, view) => {
    const { t } = view;
    const values = scopeValues(request.body);
    const username = (values['/username'] ?? '').trim();
    const displayName = (values['/display_name'] ?? '').trim();
    const role = values['/role'] ?? '';
    const state = (values['/liaison_state'] ?? '').trim().toUpperCase();
    // Every mistake the page can see, at once, each at its control.
    const errors = new Map<string, string>();
    if (!usernameShape.test(username)) errors.set('/username', t('accounts.username_invalid'));
    if (!displayName) errors.set('/display_name', t('accounts.display_name_missing'));
    if (!(roles as readonly string[]).includes(role)) errors.set('/role', t('accounts.role_missing'));
    else if (state && !stateBoundRoles.includes(role as Role)) errors.set('/liaison_state', t('accounts.liaison_state_not_bound'));
    if (state && !/^[A-Z]{2}$/.test(state)) errors.set('/liaison_state', t('accounts.liaison_state_invalid'));
    if (errors.size) return html(reply, 422, await newAccountPage(view, withErrors(values, errors, newAccountControls)));
    const scope = postedScope(values);
    const body = { username, display_name: displayName, role, ...(scope ? { scope } : {}), ...(state ? { liaison_state: state } : {}) };
    const answer = await callApi(web.api, request, 'POST', '/api/accounts', body, values._key);
    if (answer.ok) return reply.redirect('/account-requests?notice=requested', 303);
    return html(reply, answer.problem.status === 403 ? 403 : 422, await newAccountPage(view, withProblem(t, values, formPath(answer.problem), newAccountControls)));
  });

  // ------------------------------------------------------------------ one account

  interface AccountForms {
    readonly change?: FormState;
    readonly standing?: FormState;
    readonly factor?: FormState;
    readonly reset?: FormState;
  }

  async function accountPage(request: Req, view: View, username: string, forms: AccountForms = {}, notice?: string): Promise<string | null> {
    const found = await readAccount(request, username);
    if (!found) return null;
    const { account: a, pending_request: pending } = found;
    const { t } = view;
    const known = await places();
    const self = view.account!.username === a.username;
    const isAdmin = a.role === 'administrator';
    const change: FormState = {
      ...(forms.change ?? {
        values: { '/role': a.role, '/scope/all': a.scope.all ? 'yes' : '', '/scope/facilities': a.scope.facilities.join('\n'), '/scope/courts': a.scope.courts.join('\n') },
        errors: new Map(),
        general: [],
      }),
      scope: 'change',
    };
    return page({
      view,
      title: t('accounts.account_title', { username: a.username }),
      nav: '/accounts',
      children: (
        <>
          <Notice view={view} notice={notice} />
          <dl class="summary">
            <dt>{t('accounts.display_name')}</dt>
            <dd>
              <bdi>{a.display_name}</bdi>
            </dd>
            <dt>{t('accounts.role')}</dt>
            <dd>{t.of('role', a.role)}</dd>
            <dt>{t('accounts.scope')}</dt>
            <dd>
              <ScopeText view={view} scope={a.scope} places={known} />
            </dd>
            <dt>{t('accounts.state')}</dt>
            <dd>
              <Standing view={view} account={a} now={web.ctx.clock()} />
            </dd>
            <dt>{t('accounts.second_factor')}</dt>
            <dd>{a.second_factor ? t('accounts.yes') : t('accounts.no')}</dd>
            <dt>{t('accounts.failed_logins')}</dt>
            <dd>{t.number(a.failed_logins)}</dd>
          </dl>
          {pending ? (
            <p class="banner info">
              {t('accounts.pending', { what: t.of('account_change', pending.change), by: view.official(pending.requested_by) })} <a href="/account-requests">{t('accounts.requests')}</a>
            </p>
          ) : null}
          {self ? <p class="hint">{t('accounts.self')}</p> : null}
          {!self ? (
            <div class="cards">
              <section class="card" aria-labelledby="change-heading">
                <h2 id="change-heading">{t('accounts.change_title')}</h2>
                <p class="hint">{t('accounts.change_hint')}</p>
                <ErrorSummary view={view} form={change} />
                <form method="post" action={`/accounts/${a.username}/change`} class="stack" novalidate>
                  <FormKeys view={view} formKey={change.values._key ?? formKey()} />
                  <Select form={change} name="/role" label={t('accounts.role')} options={roles.map((r) => [r, t.of('role', r)] as const)} />
                  <ScopeControls view={view} form={change} places={known} />
                  <button type="submit">{t('accounts.request_change')}</button>
                </form>
              </section>
              <section class="card" aria-labelledby="standing-heading">
                <h2 id="standing-heading">{a.disabled ? t('accounts.enable_title') : t('accounts.disable_title')}</h2>
                <p class="hint">{isAdmin ? t('accounts.standing_admin_hint') : t('accounts.standing_hint')}</p>
                <ErrorSummary view={view} form={forms.standing ?? emptyForm} />
                <form method="post" action={`/accounts/${a.username}/standing`} novalidate>
                  <FormKeys view={view} formKey={formKey()} />
                  <input type="hidden" name="/disabled" value={a.disabled ? 'no' : 'yes'} />
                  <button type="submit" class={a.disabled ? undefined : 'danger'}>
                    {a.disabled ? (isAdmin ? t('accounts.request_enable') : t('accounts.enable')) : isAdmin ? t('accounts.request_disable') : t('accounts.disable')}
                  </button>
                </form>
              </section>
              {a.second_factor ? (
                <section class="card" aria-labelledby="factor-heading">
                  <h2 id="factor-heading">{t('accounts.factor_title')}</h2>
                  <p class="hint">{t('accounts.factor_hint')}</p>
                  <ErrorSummary view={view} form={forms.factor ?? emptyForm} />
                  <form method="post" action={`/accounts/${a.username}/second-factor`} novalidate>
                    <FormKeys view={view} formKey={formKey()} />
                    <button type="submit">{t('accounts.request_factor_reset')}</button>
                  </form>
                </section>
              ) : null}
              <section class="card" aria-labelledby="reset-heading">
                <h2 id="reset-heading">{a.enrolled ? t('accounts.reset_title') : t('accounts.new_token_title')}</h2>
                <p class="hint">{isAdmin ? t('accounts.reset_admin_hint') : t('accounts.reset_hint')}</p>
                <ErrorSummary view={view} form={forms.reset ?? emptyForm} />
                <form method="post" action={`/accounts/${a.username}/password-reset`} novalidate>
                  <FormKeys view={view} formKey={formKey()} />
                  <button type="submit">{a.enrolled ? t('accounts.reset') : t('accounts.new_token')}</button>
                </form>
              </section>
              {a.locked_until ? (
                <section class="card" aria-labelledby="lock-heading">
                  <h2 id="lock-heading">{t('accounts.unlock_title')}</h2>
                  <form method="post" action={`/accounts/${a.username}/unlock`} novalidate>
                    <FormKeys view={view} />
                    <button type="submit">{t('accounts.unlock')}</button>
                  </form>
                </section>
              ) : null}
            </div>
          ) : null}
          <p>
            <a href="/accounts">{t('accounts.back_to_list')}</a>
          </p>
        </>
      ),
    });
  }

  web.get<{ notice?: string }, { username: string }>('/accounts/:username', 'account.manage', async (request, reply, view) => {
    return (await accountPage(request, view, request.params.username, {}, noticeOf(request.query.notice))) ?? notFound(view, reply);
  });

  /** A form of an account's page: on success to `next`, on a refusal the page again with the error on that form. */
  async function refused(request: Req, reply: FastifyReply, view: View, username: string, which: keyof AccountForms, form: FormState) {
    const body = await accountPage(request, view, username, { [which]: form });
    return body === null ? notFound(view, reply) : html(reply, 422, body);
  }
  /** A form with no control of its own: its refusal is said on the form. */
  const general = (view: View, problem: Problem): FormState => ({ values: {}, errors: new Map(), general: [problemMessage(view.t, problem)] });

  web.post<Record<string, string>, { username: string }>('/accounts/:username/change', 'account.manage', async (request, reply, view) => {
    const { username } = request.params;
    const values = scopeValues(request.body);
    const scope = postedScope(values) ?? { all: false, facilities: [], courts: [] };
    const found = await readAccount(request, username);
    if (!found) return notFound(view, reply);
    // Ask only for what changes: the role when it is another, the scope when it is another.
    const role = values['/role'] && values['/role'] !== found.account.role ? values['/role'] : undefined;
    const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
    const old = found.account.scope;
    const scopeChanged = scope.all !== old.all || !same(scope.facilities, old.facilities) || !same(scope.courts, old.courts);
    if (!role && !scopeChanged) return refused(request, reply, view, username, 'change', withErrors(values, new Map([['/role', view.t('accounts.nothing_changed')]]), changeControls));
    const body = { ...(role ? { role } : {}), ...(scopeChanged ? { scope } : {}) };
    const answer = await callApi(web.api, request, 'PATCH', `/api/accounts/${username}`, body, values._key);
    if (answer.ok) return reply.redirect('/account-requests?notice=requested', 303);
    return refused(request, reply, view, username, 'change', withProblem(view.t, values, formPath(answer.problem), changeControls));
  });

  web.post<Record<string, string>, { username: string }>('/accounts/:username/standing', 'account.manage', async (request, reply, view) => {
    const { username } = request.params;
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'PATCH', `/api/accounts/${username}`, { disabled: values['/disabled'] === 'yes' }, values._key);
    if (answer.ok) return reply.redirect(answer.status === 202 ? '/account-requests?notice=requested' : `/accounts/${username}?notice=changed`, 303);
    if (answer.problem.code === 'not_found') return notFound(view, reply);
    return refused(request, reply, view, username, 'standing', general(view, answer.problem));
  });

  web.post<Record<string, string>, { username: string }>('/accounts/:username/second-factor', 'account.manage', async (request, reply, view) => {
    const { username } = request.params;
    const values = postedValues(request.body);
    const answer = await callApi(web.api, request, 'DELETE', `/api/accounts/${username}/second-factor`, undefined, values._key);
    if (answer.ok) return reply.redirect('/account-requests?notice=requested', 303);
    if (answer.problem.code === 'not_found') return notFound(view, reply);
    return refused(request, reply, view, username, 'factor', general(view, answer.problem));
  });

  web.post<Record<string, string>, { username: string }>('/accounts/:username/password-reset', 'account.manage', async (request, reply, view) => {
    const { username } = request.params;
    const answer = await callApi<{ username: string; enrolment_token: string; expires_at: string }>(web.api, request, 'POST', `/api/accounts/${username}/password-reset`);
    if (!answer.ok) {
      if (answer.problem.code === 'not_found') return notFound(view, reply);
      return refused(request, reply, view, username, 'reset', general(view, answer.problem));
    }
    const found = await readAccount(request, username);
    return slipPage(view, { username, token: answer.body.enrolment_token, expires_at: answer.body.expires_at, purpose: 'password_reset' }, found?.account ?? null);
  });

  web.post<Record<string, string>, { username: string }>('/accounts/:username/unlock', 'account.manage', async (request, reply, view) => {
    const { username } = request.params;
    const answer = await callApi(web.api, request, 'DELETE', `/api/accounts/${username}/lock`);
    if (!answer.ok) return notFound(view, reply);
    return reply.redirect(`/accounts/${username}?notice=unlocked`, 303);
  });

  // ------------------------------------------------------------------ the queue of requests

  async function queuePage(request: Req, view: View, pages: { waiting: number; decided: number }, o: { notice?: string; refused?: { id: string; message: string } } = {}): Promise<string> {
    const { t } = view;
    const list = async (query: string) => {
      const read = await callApi<Static<typeof AccountRequestsResponse>>(web.api, request, 'GET', `/api/account-requests?${query}`);
      if (!read.ok) throw new Error(`listing account requests failed: ${read.problem.code}`);
      return read.body;
    };
    const waiting = await list(`status=awaiting_approval&offset=${(pages.waiting - 1) * requestsPerPage}&limit=${requestsPerPage}`);
    // The whole list has those awaiting a decision first: the decided ones follow them.
    const all = await list(`offset=${waiting.total + (pages.decided - 1) * requestsPerPage}&limit=${requestsPerPage}`);
    const decided = { requests: all.requests.filter((r) => r.status !== 'awaiting_approval'), total: all.total - waiting.total };
    const known = await places();
    const me = view.account!.username;
    const href = (w: number, d: number) => `/account-requests?page=${w}&done=${d}`;
    return page({
      view,
      title: t('accounts.requests'),
      nav: '/accounts',
      children: (
        <>
          <Notice view={view} notice={o.notice} />
          <p class="hint">{t('accounts.requests_intro')}</p>
          <p class="actions">
            <a class="button secondary" href="/accounts">
              {t('accounts.back_to_list')}
            </a>
          </p>
          <section aria-labelledby="waiting-heading">
            <h2 id="waiting-heading">{t('accounts.waiting', { count: waiting.total })}</h2>
            {waiting.requests.length ? (
              <RequestTable
                view={view}
                requests={waiting.requests}
                places={known}
                row={(r) => ({ id: `request-${r.request_id}`, class: o.refused?.id === r.request_id ? 'has-error' : undefined })}
                decision={(r) => {
                  const error = o.refused?.id === r.request_id ? o.refused.message : undefined;
                  return (
                    <>
                      {r.username === me ? (
                        <p class="muted">{t('accounts.about_you')}</p>
                      ) : r.requested_by === me ? (
                        <>
                          <p class="muted">{t('accounts.yours')}</p>
                          <form method="post" action={`/account-requests/${r.request_id}/refuse`} class="inline" novalidate>
                            <FormKeys view={view} formKey={formKey()} />
                            <button type="submit" class="secondary">{t('accounts.withdraw')}</button>
                          </form>
                        </>
                      ) : (
                        <div class="actions">
                          <form method="post" action={`/account-requests/${r.request_id}/approve`} class="inline" novalidate>
                            <FormKeys view={view} formKey={formKey()} />
                            <button type="submit">{t('accounts.approve')}</button>
                          </form>
                          <form method="post" action={`/account-requests/${r.request_id}/refuse`} class="inline" novalidate>
                            <FormKeys view={view} formKey={formKey()} />
                            <button type="submit" class="secondary">{t('accounts.refuse')}</button>
                          </form>
                        </div>
                      )}
                      {error ? (
                        <p class="error" id={`request-${r.request_id}-error`} role="alert">
                          {error}
                        </p>
                      ) : null}
                    </>
                  );
                }}
              />
            ) : (
              <p class="muted">{t('accounts.none_waiting')}</p>
            )}
            <Pager view={view} page={pages.waiting} hasNext={pages.waiting * requestsPerPage < waiting.total} href={(p) => href(p, pages.decided)} />
          </section>
          <section aria-labelledby="decided-heading">
            <h2 id="decided-heading">{t('accounts.decided')}</h2>
            {decided.requests.length ? (
              <RequestTable
                view={view}
                requests={decided.requests}
                places={known}
                decision={(r) => (
                  <>
                    <Badge tone={r.status === 'approved' ? 'ok' : 'info'}>{t.of('account_request_status', r.status)}</Badge>{' '}
                    {view.official((r.approved_by ?? r.refused_by)!)} · {t.dateTime((r.approved_at ?? r.refused_at)!)}
                  </>
                )}
              />
            ) : (
              <p class="muted">{t('accounts.none_decided')}</p>
            )}
            <Pager view={view} page={pages.decided} hasNext={pages.decided * requestsPerPage < decided.total} href={(p) => href(pages.waiting, p)} />
          </section>
        </>
      ),
    });
  }

  const pagesOf = (query: { page?: string; done?: string }) => ({ waiting: pageParam(query.page), decided: pageParam(query.done) });

  web.get<{ page?: string; done?: string; notice?: string }>('/account-requests', 'account.manage', async (request, _reply, view) =>
    queuePage(request, view, pagesOf(request.query), { notice: noticeOf(request.query.notice) }),
  );

  /** Why a decision was refused, said at the request's row. */
  const decisionRefusal = (view: View, problem: Problem) => (problem.code === 'same_official' ? view.t('accounts.same_official') : problemMessage(view.t, problem));

  web.post<Record<string, string>, { id: string }>('/account-requests/:id/approve', 'account.manage', async (request, reply, view) => {
    const id = request.params.id;
    const values = postedValues(request.body);
    const answer = await callApi<Static<typeof ApprovalResponse>>(web.api, request, 'POST', `/api/account-requests/${id}/approval`, undefined, values._key);
    if (!answer.ok) {
      if (answer.problem.code === 'not_found' && answer.problem.field === '/params/id') return notFound(view, reply);
      return html(reply, answer.problem.status === 403 ? 403 : 422, await queuePage(request, view, { waiting: 1, decided: 1 }, { refused: { id, message: decisionRefusal(view, answer.problem) } }));
    }
    // A new account: its token, once, on the slip; anything else back to the queue.
    const enrolment = answer.body.enrolment;
    if (!enrolment) return reply.redirect('/account-requests?notice=approved', 303);
    const found = await readAccount(request, answer.body.username);
    return slipPage(view, { username: answer.body.username, token: enrolment.token, expires_at: enrolment.expires_at, purpose: 'new_account' }, found?.account ?? null);
  });

  web.post<Record<string, string>, { id: string }>('/account-requests/:id/refuse', 'account.manage', async (request, reply, view) => {
    const id = request.params.id;
    const values = postedValues(request.body);
    const answer = await callApi<RequestView>(web.api, request, 'POST', `/api/account-requests/${id}/refusal`, undefined, values._key);
    if (answer.ok) return reply.redirect(`/account-requests?notice=${answer.body.refused_by === answer.body.requested_by ? 'withdrawn' : 'refused'}`, 303);
    if (answer.problem.code === 'not_found' && answer.problem.field === '/params/id') return notFound(view, reply);
    return html(reply, answer.problem.status === 403 ? 403 : 422, await queuePage(request, view, { waiting: 1, decided: 1 }, { refused: { id, message: decisionRefusal(view, answer.problem) } }));
  });
}
