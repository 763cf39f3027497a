/**
 * The second factor on the web: the login's second page (a security key, the authenticator
 * app's code, or a recovery code), and the account's second-factor page (the authenticator app:
 * the key as a QR code, as text and as an otpauth:// link, the first code confirming it; the
 * security keys: each with its name, when it was enrolled and last used, and a button to remove
 * it, and a form to enrol another; the ten recovery codes shown once, at the first factor).
 * Every step is a form sent to the API in-process (/api/session/…, /api/account/…), so its
 * checks and limits are the API's; a refusal is shown at its field. A security key needs a
 * script (assets/security-key.js, which asks the browser for the key's answer and puts it in the
 * form): without one the page says so, and the code and the recovery codes work as before.
 */
import QRCode from 'qrcode';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Html, h } from '../jsx.ts';
import { page } from '../layout.tsx';
import { ErrorSummary, FormKeys, Input } from '../components.tsx';
import { callApi, emptyForm, postedValues, problemMessage, withProblem, type FormState } from '../forms.ts';
import { viewOf, type View } from '../view.ts';
import type { Web } from '../web-routes.ts';
import { sessionCookie } from '../../api/access.ts';
import { safeBack } from './session.tsx';

interface Enrolment {
  readonly secret: string;
  readonly otpauth_uri: string;
}
interface FactorStatus {
  readonly enrolled: boolean;
  readonly authenticator_app: boolean;
  readonly security_keys: number;
  readonly required: boolean;
  readonly pending: Enrolment | null;
  readonly recovery_codes_left: number;
}
interface SecurityKey {
  readonly id: string;
  readonly name: string;
  readonly created_at: string;
  readonly last_used_at: string | null;
}
interface KeyList {
  readonly keys: readonly SecurityKey[];
  readonly most: number;
}
/** Which second factors a login awaiting its second step may give. */
interface LoginMethods {
  readonly authenticator_app: boolean;
  readonly security_key: boolean;
}

const withNext = (path: string, next: string) => `${path}?next=${encodeURIComponent(next)}`;

/**
 * Where a security key is used on a page: what the script needs (where to ask for the
 * ceremony's options, its messages), the notice shown until the script runs — a key cannot
 * work without one — and where the script says what went wrong.
 */
function KeyCeremony(props: { view: View; ceremony: 'register' | 'login'; options: string; children: Html | Html[] }): Html {
  const { t } = props.view;
  return (
    <div data-security-key={props.ceremony} data-options={props.options}>
      <p class="needs-script banner info" data-unsupported={t('mfa.key_unsupported')}>
        {props.ceremony === 'login' ? t('mfa.key_needs_script') : t('mfa.key_needs_script_enrol')}
      </p>
      <p class="key-status banner bad" role="alert" tabindex="-1" hidden data-failed={t('mfa.key_failed')} data-cancelled={t('mfa.key_cancelled')} data-known={t('mfa.key_known')} />
      {props.children}
    </div>
  );
}

function codePage(view: View, next: string, methods: LoginMethods, codeForm: FormState, recoveryForm: FormState, keyForm: FormState = emptyForm): string {
  const { t } = view;
  // The code is asked for when the account has the app (or, should it have no factor at all, as before); with both, each has its heading.
  const code = methods.authenticator_app || !methods.security_key;
  const both = code && methods.security_key;
  return page({
    view,
    title: both ? t('mfa.second_step_title') : code ? t('mfa.code_title') : t('mfa.key_login_title'),
    scripts: methods.security_key ? ['security-key.js'] : [],
    children: (
      <div class="login">
        {methods.security_key ? (
          <section>
            {both ? <h2>{t('mfa.key_login_title')}</h2> : null}
            <p>{t('mfa.key_intro')}</p>
            <ErrorSummary view={view} form={keyForm} />
            <KeyCeremony view={view} ceremony="login" options="/api/session/security-key/options">
              <form method="post" action="/login/security-key" class="stack">
                <FormKeys view={view} />
                <input type="hidden" name="next" value={next} />
                <input type="hidden" name="response" value="" />
                <div class="actions key-action" hidden>
                  <button type="submit">{t('mfa.key_use')}</button>
                </div>
              </form>
            </KeyCeremony>
          </section>
        ) : null}
        {code ? (
          <section>
            {both ? <h2>{t('mfa.app_title')}</h2> : null}
            <p>{t('mfa.code_intro')}</p>
            <ErrorSummary view={view} form={codeForm} />
            <form method="post" action="/login/code" class="stack">
              <FormKeys view={view} />
              <input type="hidden" name="next" value={next} />
              <Input form={codeForm} name="code" label={t('mfa.code')} hint={t('mfa.code_hint')} required autocomplete="one-time-code" inputmode="numeric" dir="ltr" autofocus extra={{ pattern: '[0-9]{6}', maxlength: '6' }} />
              <div class="actions">
                <button type="submit">{t('mfa.submit')}</button>
              </div>
            </form>
          </section>
        ) : null}
        <section aria-labelledby="recovery-title">
          <h2 id="recovery-title">{t('mfa.recovery_title')}</h2>
          <p>{t('mfa.recovery_intro')}</p>
          <ErrorSummary view={view} form={recoveryForm} />
          <form method="post" action="/login/code" class="stack">
            <FormKeys view={view} />
            <input type="hidden" name="next" value={next} />
            <Input form={recoveryForm} name="recovery_code" label={t('mfa.recovery_code')} required autocomplete="off" dir="ltr" />
            <div class="actions">
              <button type="submit" class="secondary">{t('mfa.recovery_submit')}</button>
            </div>
          </form>
        </section>
        <p>
          <a href="/login">{t('mfa.restart')}</a>
        </p>
      </div>
    ),
  });
}

/** The account's security keys, each with a button to remove it, and the form to enrol another. */
function SecurityKeys(props: { view: View; keys: KeyList; next: string; form: FormState }): Html {
  const { view, keys, next, form } = props;
  const { t } = view;
  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">{t('mfa.keys_title')}</h2>
      <p>{t('mfa.keys_intro')}</p>
      {keys.keys.length ? (
        <div class="table-wrap">
          <table class="security-keys">
            <thead>
              <tr>
                <th scope="col">{t('mfa.key_name')}</th>
                <th scope="col">{t('mfa.key_enrolled_at')}</th>
                <th scope="col">{t('mfa.key_used_at')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('mfa.key_remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.keys.map((key) => (
                <tr>
                  <td>
                    <bdi>{key.name}</bdi>
                  </td>
                  <td>{t.dateTime(key.created_at)}</td>
                  <td>{key.last_used_at ? t.dateTime(key.last_used_at) : t('mfa.key_never_used')}</td>
                  <td>
                    <form method="post" action={withNext(`/second-factor/security-keys/${key.id}/removal`, next)}>
                      <FormKeys view={view} />
                      <button type="submit" class="link" aria-label={t('mfa.key_remove_named', { name: key.name })}>
                        {t('mfa.key_remove')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('mfa.keys_none')}</p>
      )}
      <ErrorSummary view={view} form={form} />
      {keys.keys.length < keys.most ? (
        <KeyCeremony view={view} ceremony="register" options="/api/account/security-keys/options">
          <form method="post" action={withNext('/second-factor/security-keys', next)} class="stack">
            <FormKeys view={view} />
            <input type="hidden" name="response" value="" />
            <div class="key-action" hidden>
              <Input form={form} name="name" label={t('mfa.key_name')} hint={t('mfa.key_name_hint')} required extra={{ maxlength: '60' }} />
            </div>
            <div class="actions key-action" hidden>
              <button type="submit">{t('mfa.key_add')}</button>
            </div>
          </form>
        </KeyCeremony>
      ) : (
        <p>{t('mfa.key_limit', { most: keys.most })}</p>
      )}
    </section>
  );
}

async function enrolmentPage(view: View, status: FactorStatus, keys: KeyList, next: string, form: FormState, keyForm: FormState = emptyForm): Promise<string> {
  const { t } = view;
  const pending = status.pending;
  // The QR code is drawn here from the otpauth:// URI (an inline SVG: no script, no request).
  const qr = pending ? await QRCode.toString(pending.otpauth_uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) : '';
  return page({
    view,
    title: t('mfa.enrol_title'),
    scripts: ['security-key.js'],
    children: (
      <div class="second-factor">
        <p>{status.enrolled ? t('mfa.enrolled') : status.required ? t('mfa.enrol_required') : t('mfa.enrol_optional')}</p>
        {status.enrolled ? <p>{t('mfa.codes_left', { count: status.recovery_codes_left })}</p> : null}
        <section aria-labelledby="app-title">
          <h2 id="app-title">{t('mfa.app_title')}</h2>
          {status.authenticator_app ? <p>{t('mfa.app_in_use')}</p> : null}
          {!status.authenticator_app && pending ? (
            <div class="stack">
              <p>{t('mfa.step_scan')}</p>
              <div class="qr-enrol" role="img" aria-label={t('mfa.qr_label')}>
                {new Html(qr)}
              </div>
              <dl>
                <dt>{t('mfa.secret')}</dt>
                <dd>
                  <bdi dir="ltr">
                    <code class="secret">{pending.secret.replace(/(.{4})(?=.)/g, '$1 ')}</code>
                  </bdi>
                </dd>
                <dt>{t('mfa.uri')}</dt>
                <dd>
                  <a href={pending.otpauth_uri} dir="ltr">
                    {t('mfa.uri_open')}
                  </a>
                </dd>
              </dl>
              <p>{t('mfa.step_confirm')}</p>
              <ErrorSummary view={view} form={form} />
              <form method="post" action={withNext('/second-factor/confirm', next)} class="stack">
                <FormKeys view={view} />
                <Input form={form} name="code" label={t('mfa.code')} hint={t('mfa.code_hint')} required autocomplete="one-time-code" inputmode="numeric" dir="ltr" autofocus extra={{ pattern: '[0-9]{6}', maxlength: '6' }} />
                <div class="actions">
                  <button type="submit">{t('mfa.confirm')}</button>
                </div>
              </form>
              <form method="post" action={withNext('/second-factor/start', next)}>
                <FormKeys view={view} />
                <button type="submit" class="link">{t('mfa.new_secret')}</button>
              </form>
            </div>
          ) : null}
          {!status.authenticator_app && !pending ? (
            <form method="post" action={withNext('/second-factor/start', next)}>
              <FormKeys view={view} />
              <div class="actions">
                <button type="submit">{t('mfa.start')}</button>
              </div>
            </form>
          ) : null}
        </section>
        <SecurityKeys view={view} keys={keys} next={next} form={keyForm} />
        {status.enrolled ? (
          <p>
            <a href={next}>{t('mfa.continue')}</a>
          </p>
        ) : null}
      </div>
    ),
  });
}

function recoveryCodesPage(view: View, codes: readonly string[], next: string): string {
  const { t } = view;
  return page({
    view,
    title: t('mfa.recovery_codes_title'),
    children: (
      <div class="second-factor">
        <p>{t('mfa.recovery_codes_intro')}</p>
        <ol class="recovery-codes" dir="ltr">
          {codes.map((c) => (
            <li>
              <code>{c}</code>
            </li>
          ))}
        </ol>
        <p>
          <a href={next}>{t('mfa.continue')}</a>
        </p>
      </div>
    ),
  });
}

/** The new session token of a response's Set-Cookie headers (the API rotated the session). */
function newSessionToken(setCookie: readonly string[]): string | undefined {
  for (const c of setCookie) {
    const [pair] = c.split(';');
    const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
    if (name === sessionCookie && value) return value;
  }
  return undefined;
}

export function secondFactorPages(web: Web): void {
  const status = async (request: FastifyRequest): Promise<{ factor: FactorStatus; keys: KeyList } | null> => {
    const factor = await callApi<FactorStatus>(web.api, request, 'GET', '/api/account/second-factor');
    const keys = await callApi<KeyList>(web.api, request, 'GET', '/api/account/security-keys');
    return factor.ok && keys.ok ? { factor: factor.body, keys: keys.body } : null;
  };
  const methods = async (request: FastifyRequest): Promise<LoginMethods> => {
    const answer = await callApi<LoginMethods>(web.api, request, 'GET', '/api/session/second-factor');
    return answer.ok ? answer.body : { authenticator_app: true, security_key: false };
  };

  web.get<{ next?: string }>('/login/code', 'second_factor', async (request, _reply, view) => codePage(view, safeBack(request.query.next), await methods(request), emptyForm, emptyForm));

  web.post('/login/code', 'second_factor', async (request, reply, view) => {
    const values = postedValues(request.body);
    const next = safeBack(values.next);
    const recovery = values.recovery_code !== undefined && values.code === undefined;
    const body = recovery ? { recovery_code: values.recovery_code!.trim() } : { code: (values.code ?? '').trim() };
    const answer = await callApi(web.api, request, 'POST', '/api/session/second-factor', body);
    if (!answer.ok) {
      const { t } = view;
      const { problem } = answer;
      if (problem.code === 'too_many_attempts' && problem.retryAfter) reply.header('retry-after', String(problem.retryAfter));
      const field = recovery ? 'recovery_code' : 'code';
      // A malformed code (not six digits) is the same mistake as a wrong one, said at the field.
      const shown = problem.code === 'invalid_request' ? { ...problem, code: 'invalid_code', field: `/${field}` } : problem;
      const form = withProblem(t, { [field]: '' }, { ...shown, field: shown.field ?? `/${field}` }, [field], { [`/${field}`]: field });
      const shownMethods = await methods(request);
      return reply
        .code(problem.status)
        .type('text/html; charset=utf-8')
        .send(recovery ? codePage(view, next, shownMethods, emptyForm, form) : codePage(view, next, shownMethods, form, emptyForm));
    }
    for (const cookie of answer.setCookie) reply.header('set-cookie', cookie);
    return reply.redirect(next, 303);
  });

  // The key's answer, as security-key.js put it in the form; sent to the API as it is.
  web.post('/login/security-key', 'second_factor', async (request, reply, view) => {
    const values = postedValues(request.body);
    const next = safeBack(values.next);
    const response = keyAnswer(values.response);
    const answer = response === undefined ? null : await callApi(web.api, request, 'POST', '/api/session/security-key', { response });
    if (answer?.ok) {
      for (const cookie of answer.setCookie) reply.header('set-cookie', cookie);
      return reply.redirect(next, 303);
    }
    const { t } = view;
    const problem = answer?.problem;
    if (problem?.code === 'too_many_attempts' && problem.retryAfter) reply.header('retry-after', String(problem.retryAfter));
    const message = !problem || problem.code === 'invalid_request' ? t('mfa.key_unreadable') : problemMessage(t, problem);
    return reply
      .code(problem?.status ?? 400)
      .type('text/html; charset=utf-8')
      .send(codePage(view, next, await methods(request), emptyForm, emptyForm, { values: {}, errors: new Map(), general: [message] }));
  });

  web.get<{ next?: string }>('/second-factor', 'enrolment', async (request, reply, view) => {
    const found = await status(request);
    if (!found) return reply.redirect('/login', 303);
    return enrolmentPage(view, found.factor, found.keys, safeBack(request.query.next), emptyForm);
  });

  web.post<{ next?: string }>('/second-factor/start', 'enrolment', async (request, reply) => {
    const next = safeBack(request.query.next);
    await callApi(web.api, request, 'POST', '/api/account/second-factor');
    return reply.redirect(withNext('/second-factor', next), 303);
  });

  web.post<{ next?: string }>('/second-factor/confirm', 'enrolment', async (request, reply, view) => {
    const next = safeBack(request.query.next);
    const values = postedValues(request.body);
    const answer = await callApi<{ recovery_codes: string[] }>(web.api, request, 'POST', '/api/account/second-factor/confirmation', { code: (values.code ?? '').trim() });
    if (!answer.ok) {
      const found = await status(request);
      if (!found) return reply.redirect('/login', 303);
      const problem = answer.problem.code === 'invalid_request' ? { ...answer.problem, code: 'invalid_code', field: '/code' } : answer.problem;
      const form = withProblem(view.t, { code: '' }, { ...problem, field: problem.field ?? '/code' }, ['code'], { '/code': 'code' });
      return reply.code(answer.problem.status).type('text/html; charset=utf-8').send(await enrolmentPage(view, found.factor, found.keys, next, form));
    }
    return showRecoveryCodes(request, reply, answer.setCookie, answer.body.recovery_codes, next);
  });

  /** The recovery codes, on the first page of the session the API has just opened: its forms carry that session's token. */
  async function showRecoveryCodes(request: FastifyRequest, reply: FastifyReply, setCookie: readonly string[], codes: readonly string[], next: string): Promise<string> {
    for (const cookie of setCookie) reply.header('set-cookie', cookie);
    const token = newSessionToken(setCookie);
    if (token) request.cookies[sessionCookie] = token;
    request.account = null;
    const fresh = await viewOf(request, reply, web.ctx);
    return recoveryCodesPage(fresh, codes, next);
  }

  /** The enrolment page again, with a refusal about the key shown in its section. */
  async function refusedKey(request: FastifyRequest, reply: FastifyReply, view: View, next: string, code: number, form: (keys: KeyList) => FormState): Promise<FastifyReply> {
    const found = await status(request);
    if (!found) return reply.redirect('/login', 303);
    return reply.code(code).type('text/html; charset=utf-8').send(await enrolmentPage(view, found.factor, found.keys, next, emptyForm, form(found.keys)));
  }

  // A key enrolled: its name and the answer security-key.js put in the form.
  web.post<{ next?: string }>('/second-factor/security-keys', 'enrolment', async (request, reply, view) => {
    const { t } = view;
    const next = safeBack(request.query.next);
    const values = postedValues(request.body);
    const name = (values.name ?? '').trim();
    const response = keyAnswer(values.response);
    if (response === undefined) return refusedKey(request, reply, view, next, 400, () => ({ values: { name }, errors: new Map(), general: [t('mfa.key_unreadable')] }));
    const answer = await callApi<{ recovery_codes: string[] | null; session: unknown }>(web.api, request, 'POST', '/api/account/security-keys', { name, response });
    if (!answer.ok) {
      const { problem } = answer;
      const message = (keys: KeyList) =>
        problem.code === 'duplicate' ? t('mfa.key_known')
        : problem.code === 'invalid_transition' ? t('mfa.key_limit', { most: keys.most })
        : problem.code === 'invalid_value' || problem.code === 'invalid_request' ? t.of('problem', 'security_key_refused')
        : problemMessage(t, problem);
      return refusedKey(request, reply, view, next, problem.status, (keys) =>
        problem.field === '/name' ? withProblem(t, { name }, problem, ['name']) : { values: { name }, errors: new Map(), general: [message(keys)] },
      );
    }
    if (answer.body.recovery_codes) return showRecoveryCodes(request, reply, answer.setCookie, answer.body.recovery_codes, next);
    for (const cookie of answer.setCookie) reply.header('set-cookie', cookie);
    return reply.redirect(withNext('/second-factor', next), 303);
  });

  web.post<{ next?: string }, { id: string }>('/second-factor/security-keys/:id/removal', 'authenticated', async (request, reply, view) => {
    const next = safeBack(request.query.next);
    const answer = await callApi(web.api, request, 'DELETE', `/api/account/security-keys/${encodeURIComponent(request.params.id)}`);
    if (answer.ok) return reply.redirect(withNext('/second-factor', next), 303);
    const { t } = view;
    const message = answer.problem.code === 'invalid_transition' ? t('mfa.key_last_factor') : problemMessage(t, answer.problem);
    return refusedKey(request, reply, view, next, answer.problem.status, () => ({ values: {}, errors: new Map(), general: [message] }));
  });
}

/** The key's answer as posted (WebAuthn JSON): undefined when it is not a JSON object. */
function keyAnswer(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
