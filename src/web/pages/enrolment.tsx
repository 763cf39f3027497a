/**
 * Setting one's password with an enrolment token (api/enrolment-token.ts): the page an official
 * opens with the slip an administrator handed them — a new account, or a reset password. The
 * form is sent to the API in-process (POST /api/enrolment), so its checks and limits are the
 * API's; every mistake is shown at its field. Then, as after a login, the second factor the role
 * requires is enrolled (/second-factor), or the official is signed in.
 */
import { h } from '../jsx.ts';
import { page } from '../layout.tsx';
import { ErrorSummary, FormKeys, Input } from '../components.tsx';
import { callApi, emptyForm, postedValues, withErrors, withProblem, type FormState } from '../forms.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

export const enrolmentControls = ['/username', '/token', '/password', '/password_again'];
const minPassword = 8;

function enrolmentPage(view: View, form: FormState): string {
  const { t } = view;
  return page({
    view,
    title: t('enrol.title'),
    children: (
      <div class="login">
        <p>{t('enrol.intro')}</p>
        <ErrorSummary view={view} form={form} />
        <form method="post" action="/enrol" class="stack" novalidate>
          <FormKeys view={view} />
          <Input form={form} name="/username" label={t('enrol.username')} required autocomplete="username" dir="ltr" autofocus />
          <Input form={form} name="/token" label={t('enrol.token')} hint={t('enrol.token_hint')} required autocomplete="one-time-code" dir="ltr" />
          <Input form={{ ...form, values: {} }} name="/password" type="password" label={t('enrol.password')} hint={t('enrol.password_hint', { min: minPassword })} required autocomplete="new-password" dir="ltr" />
          <Input form={{ ...form, values: {} }} name="/password_again" type="password" label={t('enrol.password_again')} required autocomplete="new-password" dir="ltr" />
          <div class="actions">
            <button type="submit">{t('enrol.submit')}</button>
          </div>
        </form>
      </div>
    ),
  });
}

export function enrolmentPages(web: Web): void {
  web.get('/enrol', 'public', async (_request, reply, view) => (view.account ? reply.redirect('/dashboard', 303) : enrolmentPage(view, emptyForm)));

  web.post('/enrol', 'public', async (request, reply, view) => {
    const { t } = view;
    const posted = postedValues(request.body);
    const values = { '/username': (posted['/username'] ?? '').trim().toLowerCase(), '/token': (posted['/token'] ?? '').trim() };
    const password = posted['/password'] ?? '';
    // Every mistake the page can see, at once, each at its control.
    const errors = new Map<string, string>();
    if (!/^[a-z0-9._-]{2,64}$/.test(values['/username'])) errors.set('/username', t('enrol.username_invalid'));
    if (!values['/token']) errors.set('/token', t('enrol.token_missing'));
    if (password.length < minPassword) errors.set('/password', t('enrol.password_short', { min: minPassword }));
    else if (password !== (posted['/password_again'] ?? '')) errors.set('/password_again', t('enrol.password_mismatch'));
    const again = (status: number, form: FormState) => reply.code(status).type('text/html; charset=utf-8').send(enrolmentPage(view, form));
    if (errors.size) return again(422, withErrors(values, errors, enrolmentControls));
    const answer = await callApi<{ username: string } | { next: 'second_factor' | 'enrolment' }>(web.api, request, 'POST', '/api/enrolment', { username: values['/username'], token: values['/token'], password });
    if (!answer.ok) {
      if (answer.problem.code === 'too_many_attempts' && answer.problem.retryAfter) reply.header('retry-after', String(answer.problem.retryAfter));
      return again(answer.problem.status, withProblem(t, values, answer.problem, enrolmentControls));
    }
    for (const cookie of answer.setCookie) reply.header('set-cookie', cookie);
    // As after a login: the step that follows (enrolling a second factor), or the dashboard.
    if ('next' in answer.body) return reply.redirect(`${answer.body.next === 'second_factor' ? '/login/code' : '/second-factor'}?next=%2Fdashboard`, 303);
    return reply.redirect('/dashboard', 303);
  });
}
