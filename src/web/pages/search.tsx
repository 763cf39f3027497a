/**
 * Search: any name in any script, a register number or a document number. The page asks the
 * API's search (the identity matcher, exact register and document numbers; every person
 * shown is an audited read); with htmx the results follow the typing.
 */
import { h, Fragment, type Html } from '../jsx.ts';
import { page, fragmentOrPage } from '../layout.tsx';
import { Badge, Name, Pager, RegNo, pageParam, statusTone } from '../components.tsx';
import { callApi } from '../forms.ts';
import { facilities } from '../../api/read-models.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

const pageSize = 20;
/** The API answers at most 99 results; beyond four pages a search should be narrowed. */
const maxPage = 4;

interface SearchResult {
  person: { id: string; register_number: string; names: { script: string; full: string }[]; custody_status: string; facility_id: string | null };
  score: number | null;
  matched_by: 'register_number' | 'document' | 'name';
}

export function ResultList(props: { view: View; results: readonly SearchResult[]; facilityNames: ReadonlyMap<string, string> }): Html {
  const { t } = props.view;
  return (
    <ul class="results">
      {props.results.map((r) => (
        <li>
          <a href={`/persons/${r.person.id}`}>
            <RegNo value={r.person.register_number} />
          </a>{' '}
          <Badge tone={statusTone[r.person.custody_status]}>{t.of('custody_status', r.person.custody_status)}</Badge>
          {r.person.facility_id ? (
            <span class="muted">
              {' '}
              · <bdi>{props.facilityNames.get(r.person.facility_id) ?? ''}</bdi>
            </span>
          ) : null}
          <div>
            {r.person.names.map((n, i) => (
              <>
                {i ? ' · ' : ''}
                <Name full={n.full} script={n.script} />
              </>
            ))}
          </div>
          <div class="muted">
            {r.matched_by === 'name' && r.score !== null
              ? t('search.matched_name', { score: Math.round(r.score * 100) })
              : r.matched_by === 'register_number'
                ? t('search.matched_register_number')
                : t('search.matched_document')}
          </div>
        </li>
      ))}
    </ul>
  );
}

export function searchPages(web: Web): void {
  web.get<{ q?: string; page?: string }>('/search', 'person.read', async (request, _reply, view) => {
    const { t } = view;
    const q = (request.query.q ?? '').trim().slice(0, 300);
    const current = Math.min(maxPage, pageParam(request.query.page));
    let results: SearchResult[] = [];
    let failed = false;
    if (q) {
      const answer = await callApi<{ results: SearchResult[] }>(web.api, request, 'GET', `/api/search?q=${encodeURIComponent(q)}&top=${Math.min(99, current * pageSize + 1)}`);
      if (answer.ok) results = answer.body.results;
      else failed = true;
    }
    const shown = results.slice((current - 1) * pageSize, current * pageSize);
    const hasNext = results.length > current * pageSize && current < maxPage;
    const names = new Map((await facilities(web.ctx.db)).map((f) => [f.id, f.name]));
    const href = (p: number) => `/search?q=${encodeURIComponent(q)}&page=${p}`;
    const resultsBlock = (
      <div id="results" aria-live="polite">
        {failed ? <p class="banner bad">{t('search.failed')}</p> : null}
        {q && !failed ? <p>{shown.length ? t('search.count', { count: results.length > maxPage * pageSize ? maxPage * pageSize : results.length }) : t('search.none')}</p> : null}
        {shown.length ? <ResultList view={view} results={shown} facilityNames={names} /> : null}
        <Pager view={view} page={current} hasNext={hasNext} href={href} />
      </div>
    );
    return fragmentOrPage(view, resultsBlock, () =>
      page({
        view,
        title: t('search.title'),
        nav: '/search',
        children: (
          <>
            <form method="get" action="/search" class="search-form" role="search">
              <div class="field">
                <label for="q">{t('search.label')}</label>
                <p class="hint" id="q-hint">{t('search.hint')}</p>
                <input
                  id="q"
                  name="q"
                  type="search"
                  value={q}
                  dir="auto"
                  autocomplete="off"
                  autofocus
                  aria-describedby="q-hint"
                  hx-get="/search"
                  hx-trigger="input changed delay:300ms, search"
                  hx-target="#results"
                  hx-swap="outerHTML"
                  hx-push-url="true"
                  hx-indicator="#search-busy"
                />
              </div>
              <button type="submit">{t('search.submit')}</button>
              <span id="search-busy" class="htmx-indicator muted">{t('layout.loading')}</span>
            </form>
            {resultsBlock}
          </>
        ),
      }),
    );
  });
}
