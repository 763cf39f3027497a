/**
 * Logging in and out, and choosing the language. The language is remembered twice: in the
 * browser (a cookie) and, for a logged-in official, on their account, so that it follows
 * them to another browser; at login the account's choice wins over the cookie.
 */
import { h, type Html } from '../jsx.ts';
import { accountLanguage, setAccountLanguage } from '../../api/accounts.ts';
import { isLocale } from '../i18n.ts';
import { page } from '../layout.tsx';
import { ErrorSummary, FormKeys, Input } from '../components.tsx';
import { callApi, emptyForm, postedValues, type FormState } from '../forms.ts';
import { languageCookie, type View } from '../view.ts';
import type { Web } from '../web-routes.ts';
import { demoAccounts, demoPassword } from '../../demo/demo-accounts.ts';

const site = 'http://sijill.invalid';

/**
 * A path on this site to go back to (never another site). `value` is resolved as a browser
 * resolves it (dot segments, `%2e`, backslashes and tabs included); control characters and
 * backslashes, which browsers drop or read as slashes, are refused outright. The answer is
 * kept only when it is a path on this origin that does not itself read as another site
 * (`//host`, `/\host`) and that resolves to itself again; anything else gives `fallback`.
 */
export function safeBack(value: unknown, fallback = '/dashboard'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, site);
    if (url.origin !== site) return fallback;
    const back = `${url.pathname}${url.search}`;
    if (!back.startsWith('/') || back.startsWith('//') || back.startsWith('/\\')) return fallback;
    const again = new URL(back, site);
    return again.origin === site && `${again.pathname}${again.search}` === back ? back : fallback;
  } catch {
    return fallback;
  }
}

/** On a demo register only: the demo accounts, each with its role, and their shared password (README.md). */
function DemoAccounts(props: { view: View }): Html {
  const { t } = props.view;
  return (
    <section class="demo-accounts banner info" aria-labelledby="demo-accounts-title">
      <h2 id="demo-accounts-title">{t('login.demo_title')}</h2>
      <p>{t('login.demo_intro')}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('login.username')}</th>
              <th scope="col">{t('login.demo_role')}</th>
            </tr>
          </thead>
          <tbody>
            {demoAccounts.map((a) => (
              <tr>
                <td>
                  <bdi dir="ltr">
                    <code>{a.username}</code>
                  </bdi>
                </td>
                <td>{t.of('role', a.role)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {t('login.demo_password')}{' '}
        <bdi dir="ltr">
          <code>{demoPassword}</code>
        </bdi>
      </p>
      <p>{t('mfa.demo_not_required')}</p>
    </section>
  );
}

function loginPage(view: View, form: FormState, next: string): string {
  const { t } = view;
  return page({
    view,
    title: t('login.title'),
    children: (
      <div class="login">
        <p>{t('login.intro')}</p>
        <ErrorSummary view={view} form={form} />
        <form method="post" action="/login" class="stack">
          <FormKeys view={view} />
          <input type="hidden" name="next" value={next} />
          <Input form={form} name="username" label={t('login.username')} required autocomplete="username" dir="ltr" autofocus />
          <Input form={{ ...form, values: {} }} name="password" type="password" label={t('login.password')} required autocomplete="current-password" dir="ltr" />
          <div class="actions">
            <button type="submit">{t('login.submit')}</button>
          </div>
        </form>
        <p>
          <a href="/enrol">{t('login.have_token')}</a>
        </p>
        {view.demo ? <DemoAccounts view={view} /> : null}
      </div>
    ),
  });
}

export function sessionPages(web: Web): void {
  const rememberLanguage = (reply: Parameters<Parameters<Web['post']>[2]>[1], lang: string) =>
    reply.setCookie(languageCookie, lang, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600, secure: web.ctx.secureCookies });

  web.get('/', 'public', async (_request, reply, view) => reply.redirect(view.account ? '/dashboard' : '/login', 303));

  web.get<{ next?: string }>('/login', 'public', async (request, reply, view) => {
    if (view.account) return reply.redirect(safeBack(request.query.next), 303);
    return loginPage(view, emptyForm, safeBack(request.query.next));
  });

  web.post('/login', 'public', async (request, reply, view) => {
    const values = postedValues(request.body);
    const next = safeBack(values.next);
    // The API's login (with the browser's address, so its limits per address and per account hold for the form).
    const answer = await callApi<{ username: string } | { next: 'second_factor' | 'enrolment' }>(web.api, request, 'POST', '/api/session', { username: values.username ?? '', password: values.password ?? '' });
    if (!answer.ok) {
      const { code, retryAfter } = answer.problem;
      if (code === 'too_many_attempts' && retryAfter) reply.header('retry-after', String(retryAfter));
      const message =
        code === 'invalid_credentials' ? view.t('login.wrong') : code === 'too_many_attempts' ? view.t('login.too_many', { minutes: Math.max(1, Math.ceil((retryAfter ?? 60) / 60)) }) : view.t.of('problem', code);
      return reply.code(answer.problem.status).type('text/html; charset=utf-8').send(loginPage(view, { values: { username: values.username ?? '' }, errors: new Map(), general: [message] }, next));
    }
    for (const cookie of answer.setCookie) reply.header('set-cookie', cookie);
    // The password was right and a second step follows: the code, or enrolling a factor first.
    if ('next' in answer.body) {
      const step = answer.body.next === 'second_factor' ? '/login/code' : '/second-factor';
      return reply.redirect(`${step}?next=${encodeURIComponent(next)}`, 303);
    }
    const chosen = await accountLanguage(web.ctx.db, answer.body.username);
    if (isLocale(chosen)) rememberLanguage(reply, chosen);
    return reply.redirect(next, 303);
  });

  web.post('/logout', 'authenticated', async (request, reply) => {
    const answer = await callApi(web.api, request, 'DELETE', '/api/session');
    if (answer.ok) for (const cookie of answer.setCookie) reply.header('set-cookie', cookie);
    return reply.redirect('/login', 303);
  });

  web.post('/language', 'public', async (request, reply, view) => {
    const values = postedValues(request.body);
    if (isLocale(values.lang)) {
      rememberLanguage(reply, values.lang);
      if (view.account) await setAccountLanguage(web.ctx.db, view.account.id, values.lang);
    }
    return reply.redirect(safeBack(values.back, '/'), 303);
  });
}
