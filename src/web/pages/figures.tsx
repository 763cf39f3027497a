/**
 * The register's published figures for everyone, without login (issue 17): the latest
 * publication at /figures, every earlier one at /figures/<n>, each with the series of persons
 * held over the publications and the month's flows drawn as SVG, its tables (a suppressed count
 * shown as such, a figure not measured said so — in publications made before it was), and links to the same data as JSON and
 * CSV. The language is `?lang=`, else the reader's choice (cookie), else Accept-Language.
 */
import type { FastifyRequest } from 'fastify';
import { h, Fragment, type Html } from '../jsx.ts';
import { page } from '../layout.tsx';
import { SeriesBars } from '../charts.tsx';
import { isLocale, locales, translator, type Locale, type Translator } from '../i18n.ts';
import { languageCookie, type View } from '../view.ts';
import { officialNames } from '../officials.ts';
import type { Web } from '../web-routes.ts';
import { nationalityLabel } from '../nationality-choices.ts';
import { heldWithoutValidOrder } from '../../domain/figures.ts';
import { figuresDocument, figuresSeries, type FiguresDocument, type FiguresPoint, type PublicTable } from '../../queries/public-figures.ts';

/** The reader's language for a public page: ?lang=, the language cookie, then Accept-Language. */
function publicLocale(request: FastifyRequest<{ Querystring: { lang?: string } }>): Locale {
  const asked = request.query.lang;
  if (isLocale(asked)) return asked;
  const chosen = request.cookies[languageCookie];
  if (isLocale(chosen)) return chosen;
  const accepted = String(request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => part.split(';')[0]!.trim().toLowerCase())
    .map((tag) => (locales as readonly string[]).find((l) => tag === l || tag.startsWith(`${l}-`)));
  return accepted.find((l): l is Locale => l !== undefined) ?? 'ar';
}

/** A row or column label of a dimension, in the reader's words. */
function label(t: Translator, dimension: string, value: string): string {
  if (value === 'unknown') return t('figures.unknown');
  if (value === 'in_transit') return t('figures.in_transit');
  switch (dimension) {
    case 'sex':
      return t.of('sex', value);
    case 'legal_status':
      return t.of('legal_status', value);
    case 'facility_type':
      return t.of('facility_kind', value);
    case 'age_group':
      return t.of('figures_age', value);
    case 'flow':
      return t.of('figures_flow', value);
    case 'nationality':
    case 'receiving_state':
      return value.startsWith('region:') ? t.of('figures_region', value.slice('region:'.length)) : nationalityLabel(t, value);
    case 'month':
      return month(t, value);
    default:
      return value;
  }
}

function month(t: Translator, value: string): string {
  const [y, m] = value.split('-');
  return `${t.plain(Number(y))}/${t.plain(Number(m))}`;
}

const count = (t: Translator, n: number | null) => (n === null ? t('figures.suppressed_mark') : t.number(n));

function Cell(props: { t: Translator; value: number | null; total?: boolean }): Html {
  const { t, value } = props;
  return value === null ? (
    <td class="num suppressed" title={t('figures.suppressed')}>
      {t('figures.suppressed_mark')}
    </td>
  ) : (
    <td class={props.total ? 'num total' : 'num'}>{t.number(value)}</td>
  );
}

export function FiguresTable(props: { t: Translator; table: PublicTable; notMeasured: readonly string[] }): Html {
  const { t, table } = props;
  const title = t('figures.table_title', { rows: t.of('figures_dimension', table.row_dimension), columns: t.of('figures_dimension', table.column_dimension) });
  return (
    <section class="figures-table">
      <h3>{title}</h3>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.of('figures_dimension', table.row_dimension)}</th>
              {table.columns.map((c) => (
                <th scope="col">{label(t, table.column_dimension, c)}</th>
              ))}
              {props.notMeasured.map((c) => (
                <th scope="col">{label(t, table.column_dimension, c)}</th>
              ))}
              <th scope="col">{t('figures.total')}</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr>
                <th scope="row">
                  <bdi>{label(t, table.row_dimension, r)}</bdi>
                </th>
                {table.cells[i]!.map((v) => (
                  <Cell t={t} value={v} />
                ))}
                {props.notMeasured.map(() => (
                  <td class="not-measured">{t('figures.not_measured')}</td>
                ))}
                <Cell t={t} value={table.row_totals[i] ?? null} total />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('figures.total')}</th>
              {table.column_totals.map((v) => (
                <Cell t={t} value={v} total />
              ))}
              {props.notMeasured.map(() => (
                <td class="not-measured">{t('figures.not_measured')}</td>
              ))}
              <Cell t={t} value={table.total} total />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function figuresPage(view: View, doc: FiguresDocument, series: readonly FiguresPoint[]): string {
  const { t } = view;
  const flows = doc.tables.find((x) => x.row_dimension === 'month' && x.column_dimension === 'flow');
  const flowSeries = (flow: string) => {
    const j = flows?.columns.indexOf(flow) ?? -1;
    return flows && j >= 0 ? flows.rows.map((m, i) => ({ label: month(t, m), value: flows.cells[i]![j] ?? null, text: count(t, flows.cells[i]![j] ?? null) })) : [];
  };
  const query = doc.number === doc.publications ? '' : `?publication=${doc.number}`;
  return page({
    view,
    title: t('figures.title'),
    children: (
      <div class="figures">
        <p>{t('figures.intro')}</p>
        <dl class="facts">
          <dt>{t('figures.publication')}</dt>
          <dd>{t('figures.publication_of', { n: t.plain(doc.number), total: t.plain(doc.publications) })}</dd>
          <dt>{t('figures.published_at')}</dt>
          <dd>{t.dateTime(doc.published_at)}</dd>
          <dt>{t('figures.as_of')}</dt>
          <dd>{doc.as_of ? t.date(doc.as_of) : '—'}</dd>
          {doc.measured_at ? (
            <>
              <dt>{t('figures.measured_at')}</dt>
              <dd>{t.dateTime(doc.measured_at)}</dd>
            </>
          ) : null}
          <dt>{t('figures.log_size')}</dt>
          <dd>{t.number(doc.log_size)}</dd>
          <dt>{t('figures.protection')}</dt>
          <dd>{t('figures.protection_is', { threshold: t.number(doc.threshold), rounding: t.number(doc.rounding) })}</dd>
          <dt>{t('figures.officials')}</dt>
          <dd>
            {t('figures.officials_are', { prepared: view.official(doc.prepared_by), approved: view.official(doc.approved_by) })}
          </dd>
        </dl>
        <p>
          <a href={`/figures.json${query}`}>{t('figures.as_json')}</a> · <a href={`/figures.csv${query}`}>{t('figures.as_csv')}</a>
        </p>
        <p class="hint">{t('figures.verify')}</p>
        <h2>{t('figures.charts')}</h2>
        <div class="charts">
          <SeriesBars
            dir={t.dir}
            title={t('figures.held_over_time')}
            points={series.map((p) => ({ label: p.as_of ? t.date(p.as_of) : t.plain(p.number), value: p.held, text: count(t, p.held) }))}
          />
          <SeriesBars dir={t.dir} title={t('figures.admissions_by_month')} points={flowSeries('admissions')} />
          <SeriesBars dir={t.dir} title={t('figures.releases_by_month')} points={flowSeries('releases')} />
        </div>
        <h2>{t('figures.tables')}</h2>
        <p class="hint">{t('figures.suppressed_explained', { threshold: t.number(doc.threshold) })}</p>
        {flows?.columns.includes(heldWithoutValidOrder) ? <p class="hint">{t('figures.held_explained')}</p> : null}
        {flows?.columns.includes(heldWithoutValidOrder) && doc.measured_at ? <p class="hint">{t('figures.held_measured_at', { at: t.dateTime(doc.measured_at) })}</p> : null}
        {doc.tables.map((table) => (
          <FiguresTable t={t} table={table} notMeasured={doc.not_measured.filter((m) => m.table === table.name).map((m) => m.column)} />
        ))}
        <h2>{t('figures.history')}</h2>
        <ol class="history">
          {series.map((p) => (
            <li>
              <a href={`/figures/${p.number}`} aria-current={p.number === doc.number ? 'page' : undefined}>
                {t('figures.history_entry', { n: t.plain(p.number), date: t.dateTime(p.published_at) })}
              </a>
            </li>
          ))}
        </ol>
      </div>
    ),
  });
}

function nothingPublished(view: View): string {
  const { t } = view;
  return page({ view, title: t('figures.title'), children: <p>{t('figures.none')}</p> });
}

export function figuresPages(web: Web): void {
  const show = async (request: FastifyRequest<{ Querystring: { lang?: string } }>, view: View, n?: number) => {
    const doc = await figuresDocument(web.ctx.db, n);
    if (!doc) return null;
    // A publication names the officials who prepared and approved it, to everyone: by their names, not their usernames.
    const localView: View = { ...view, t: translator(publicLocale(request)), official: view.account ? view.official : await officialNames(web.ctx.db) };
    return figuresPage(localView, doc, await figuresSeries(web.ctx.db));
  };

  web.get<{ lang?: string }>('/figures', 'public', async (request, _reply, view) => (await show(request, view)) ?? nothingPublished({ ...view, t: translator(publicLocale(request)) }));

  web.get<{ lang?: string }, { n: string }>('/figures/:n', 'public', async (request, reply, view) => {
    const n = /^[1-9][0-9]{0,8}$/.test(request.params.n) ? Number(request.params.n) : null;
    const shown = n === null ? null : await show(request, view, n);
    if (shown) return shown;
    const t = translator(publicLocale(request));
    return reply.code(404).type('text/html; charset=utf-8').send(page({ view: { ...view, t }, title: t('figures.title'), children: <p>{t('figures.no_such', { n: request.params.n })}</p> }));
  });
}
