/**
 * Search: any name in any script, a register number or a document number. The page asks the
 * API's search (the identity matcher, exact register and document numbers; every person
 * shown is an audited read); with htmx the results follow the typing.
 */
import { h, Fragment, type Html } from '../jsx.ts';
import { page, fragmentOrPage } from '../layout.tsx';
import { Badge, Name, Pager, RegNo, namesInReadingOrder, pageParam, statusTone } from '../components.tsx';
import { callApi } from '../forms.ts';
import { facilities } from '../../api/read-models.ts';
import { searchCountCap } from '../../api/routes/identity.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

const pageSize = 20;
interface SearchResult {
  person: { id: string; register_number: string; names: { script: string; full: string }[]; custody_status: string; facility_id: string | null };
  score: number | null;
  matched_by: 'register_number' | 'document' | 'name';
}

/** The API's answer: one page of results and how many persons were found (up to its cap; `more` beyond). */
interface SearchAnswer {
  results: SearchResult[];
  total: number;
  more: boolean;
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
            {namesInReadingOrder(r.person.names, t.dir).map((n, i) => (
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
  web.get<{ q?: string; page?: string }>('/search', { permission: 'person.read', scope: 'filtered' }, async (request, _reply, view) => {
    const { t } = view;
    const q = (request.query.q ?? '').trim().slice(0, 300);
    const current = pageParam(request.query.page);
    // The API counts up to searchCountCap persons and pages through them; a page beyond is past the end.
    const offset = (current - 1) * pageSize;
    let found: SearchAnswer | null = null;
    let failed = false;
    if (q) {
      // Beyond what the API counts no page exists: it is asked only for the count (nobody is read).
      const window = offset < searchCountCap ? `top=${pageSize}&offset=${offset}` : 'top=0';
      const answer = await callApi<SearchAnswer>(web.api, request, 'GET', `/api/search?q=${encodeURIComponent(q)}&${window}`);
      if (answer.ok) found = answer.body;
      else failed = true;
    }
    const shown = found?.results ?? [];
    const total = found?.total ?? 0;
    const lastPage = Math.max(1, Math.ceil(total / pageSize));
    const hasNext = current < lastPage;
    const names = new Map((await facilities(web.ctx.db)).map((f) => [f.id, f.name]));
    const href = (p: number) => `/search?q=${encodeURIComponent(q)}&page=${p}`;
    const range = { from: offset + 1, to: offset + shown.length, total };
    const resultsBlock = (
      <div id="results" aria-live="polite">
        {failed ? <p class="banner bad">{t('search.failed')}</p> : null}
        {found && total === 0 ? <p>{t('search.none')}</p> : null}
        {found && total > 0 && shown.length ? (
          <p class="search-count">
            {found.more ? t('search.count_more', { count: total }) : t('search.count', { count: total })}{' '}
            <span class="muted">{found.more ? t('search.range_more', range) : t('search.range', range)}</span>
          </p>
        ) : null}
        {found && total > 0 && !shown.length ? (
          <p class="banner warn">
            {t('search.past_end', { page: current, pages: lastPage, count: total })} <a href={href(lastPage)}>{t('search.last_page', { page: lastPage })}</a>
          </p>
        ) : null}
        {shown.length ? <ResultList view={view} results={shown} facilityNames={names} /> : null}
        {shown.length ? <Pager view={view} page={current} hasNext={hasNext} href={href} /> : null}
      </div>
    );
    return fragmentOrPage(view, resultsBlock, () =>
      page({
        view,
        title: t('search.title'),
        nav: '/search',
        children: (
          <>
            {/*
              With scripts, the form itself asks for the results as the clerk types and when the
              search is sent (Enter or the button), one request at a time: a request superseded
              while another is under way waits and only the last one goes (none is aborted, so
              nothing is reported as failed). Without scripts it is a plain GET.
            */}
            <form
              method="get"
              action="/search"
              class="search-form"
              role="search"
              hx-get="/search"
              hx-trigger="submit, input changed delay:300ms from:#q"
              hx-target="#results"
              hx-swap="outerHTML"
              hx-push-url="true"
              hx-sync="this:queue last"
              hx-indicator="#search-busy"
            >
              <div class="field">
                <label for="q">{t('search.label')}</label>
                <p class="hint" id="q-hint">{t('search.hint')}</p>
                <div class="search-row">
                  <input id="q" name="q" type="search" value={q} dir="auto" autocomplete="off" autofocus aria-describedby="q-hint" />
                  <button type="submit">{t('search.submit')}</button>
                </div>
              </div>
              <span id="search-busy" class="htmx-indicator muted">{t('layout.loading')}</span>
            </form>
            {resultsBlock}
          </>
        ),
      }),
    );
  });
}
