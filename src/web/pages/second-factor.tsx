/**
 * The second factor on the web: the login's second page (the code, or a recovery code), and
 * enrolment (the key as a QR code, as text and as an otpauth:// link; the first code confirms
 * it; the ten recovery codes are shown once). Every step is a plain form sent to the API
 * in-process (/api/session/second-factor, /api/account/second-factor), so its checks and
 * limits are the API's; a refusal is shown at its field.
 */
import QRCode from 'qrcode';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Html, h } from '../jsx.ts';
import { page } from '../layout.tsx';
import { ErrorSummary, FormKeys, Input } from '../components.tsx';
import { callApi, emptyForm, postedValues, withProblem, type FormState } from '../forms.ts';
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
  readonly required: boolean;
  readonly pending: Enrolment | null;
  readonly recovery_codes_left: number;
}

const withNext = (path: string, next: string) => `${path}?next=${encodeURIComponent(next)}`;

function codePage(view: View, next: string, codeForm: FormState, recoveryForm: FormState): string {
  const { t } = view;
  return page({
    view,
    title: t('mfa.code_title'),
    children: (
      <div class="login">
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

async function enrolmentPage(view: View, status: FactorStatus, next: string, form: FormState): Promise<string> {
  const { t } = view;
  const pending = status.pending;
  // The QR code is drawn here from the otpauth:// URI (an inline SVG: no script, no request).
  const qr = pending ? await QRCode.toString(pending.otpauth_uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) : '';
  return page({
    view,
    title: t('mfa.enrol_title'),
    children: (
      <div class="second-factor">
        <p>{status.enrolled ? t('mfa.enrolled') : status.required ? t('mfa.enrol_required') : t('mfa.enrol_optional')}</p>
        {status.enrolled ? <p>{t('mfa.codes_left', { count: status.recovery_codes_left })}</p> : null}
        {!status.enrolled && pending ? (
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
        {!status.enrolled && !pending ? (
          <form method="post" action={withNext('/second-factor/start', next)}>
            <FormKeys view={view} />
            <div class="actions">
              <button type="submit">{t('mfa.start')}</button>
            </div>
          </form>
        ) : null}
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
  const status = async (request: FastifyRequest): Promise<FactorStatus | null> => {
    const answer = await callApi<FactorStatus>(web.api, request, 'GET', '/api/account/second-factor');
    return answer.ok ? answer.body : null;
  };

  web.get<{ next?: string }>('/login/code', 'second_factor', async (request, _reply, view) => codePage(view, safeBack(request.query.next), emptyForm, emptyForm));

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
      return reply
        .code(problem.status)
        .type('text/html; charset=utf-8')
        .send(recovery ? codePage(view, next, emptyForm, form) : codePage(view, next, form, emptyForm));
    }
    for (const cookie of answer.setCookie) reply.header('set-cookie', cookie);
    return reply.redirect(next, 303);
  });

  web.get<{ next?: string }>('/second-factor', 'enrolment', async (request, reply, view) => {
    const found = await status(request);
    if (!found) return reply.redirect('/login', 303);
    return enrolmentPage(view, found, safeBack(request.query.next), emptyForm);
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
      return reply.code(answer.problem.status).type('text/html; charset=utf-8').send(await enrolmentPage(view, found, next, form));
    }
    for (const cookie of answer.setCookie) reply.header('set-cookie', cookie);
    // The page showing the codes is the first of the new session: its forms carry that session's token.
    const token = newSessionToken(answer.setCookie);
    if (token) request.cookies[sessionCookie] = token;
    request.account = null;
    const fresh = await viewOf(request, reply as FastifyReply, web.ctx);
    return recoveryCodesPage(fresh, answer.body.recovery_codes, next);
  });
}
