/** Lawful detention: every clock due soon or breached, held without a valid order first, a page at a time, filtered by clock and state. */
import { h, Fragment } from '../jsx.ts';
import { page } from '../layout.tsx';
import { Pager, pageParam } from '../components.tsx';
import { ClockAlertsTable } from '../clocks-panel.tsx';
import { clockAlerts } from '../../queries/lawful-detention.ts';
import { scopeFilter, scopeOf } from '../../api/scope.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import { clockRuleIds, type ClockRuleId } from '../../domain/clocks/rules.ts';
import type { Web } from '../web-routes.ts';

const perPage = 50;

export function lawfulDetentionPages(web: Web): void {
  web.get<{ rule?: string; status?: string; page?: string }>('/lawful-detention', { permission: 'person.read', scope: 'filtered' }, async (request, _reply, view) => {
    const { t } = view;
    const now = web.ctx.clock();
    const rule = (clockRuleIds as readonly string[]).includes(request.query.rule ?? '') ? (request.query.rule as ClockRuleId) : undefined;
    const status = request.query.status === 'breached' || request.query.status === 'due_soon' ? request.query.status : undefined;
    const current = pageParam(request.query.page);
    const within = scopeFilter(await scopeOf(web.ctx.db, request));
    const found = await readPersonal(
      web.ctx.db,
      { accountId: view.account!.id, purpose: 'lawful detention', now },
      (tx) => clockAlerts(tx, now, { rule, status, limit: perPage, offset: (current - 1) * perPage, within }),
      (r) => r.alerts.map((a) => a.person_id),
    );
    const href = (n: number) => `/lawful-detention?${new URLSearchParams({ ...(rule ? { rule } : {}), ...(status ? { status } : {}), page: String(n) }).toString()}`;
    return page({
      view,
      title: t('lawful.title'),
      nav: '/dashboard',
      children: (
        <>
          <form method="get" action="/lawful-detention" class="filters">
            <label>
              {t('clocks.rule')}
              <select name="rule">
                <option value="">{t('lawful.any')}</option>
                {clockRuleIds.map((r) => (
                  <option value={r} selected={r === rule}>
                    {t.of('clock_rule', r)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('clocks.status')}
              <select name="status">
                <option value="">{t('lawful.any')}</option>
                <option value="breached" selected={status === 'breached'}>
                  {t.of('clock_status', 'breached')}
                </option>
                <option value="due_soon" selected={status === 'due_soon'}>
                  {t.of('clock_status', 'due_soon')}
                </option>
              </select>
            </label>
            <button type="submit">{t('lawful.filter')}</button>
          </form>
          <p>{t('lawful.total', { count: found.total })}</p>
          {found.alerts.length ? <ClockAlertsTable view={view} alerts={found.alerts} /> : <p class="muted">{t('lawful.none')}</p>}
          <Pager view={view} page={current} hasNext={current * perPage < found.total} href={href} />
        </>
      ),
    });
  });
}
