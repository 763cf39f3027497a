/**
 * Print views and their PDFs: the transfer manifest, the person record extract (the official
 * copy a detainee receives on release), and the wristband card with the register number as
 * text and as a QR code. Each prints in the reader's language or the one asked for
 * (`?lang=en`), and `?format=pdf` gives the same HTML as a PDF from headless Chromium.
 *
 * The signed handover receipt prints here too, with the signed file itself offered as it is
 * (the API's bytes: canonical JSON that any reformatting would invalidate), and the daily
 * roll-call report.
 */
import QRCode from 'qrcode';
import type { FastifyReply } from 'fastify';
import { h, Fragment, trusted, type Html } from '../jsx.ts';
import { page, messagePage } from '../layout.tsx';
import { Badge, FormKeys, Name, RegNo, mainName, statusTone } from '../components.tsx';
import { callApi, callApiText, formKey } from '../forms.ts';
import { facilities, personSummaries } from '../../api/read-models.ts';
import { isLocale, translator } from '../i18n.ts';
import { htmlToPdf } from '../pdf.ts';
import { Admissions, CustodyTimeline, Details, Documents, EventsTable, NamesTable, dobText } from '../record-parts.tsx';
import { isUuid, readRecord } from './person.tsx';
import { ReportBody } from './roll-calls/report.tsx';
import { reportQuery, type ReportParams } from './roll-calls/forms.ts';
import { receiptView, type ReceiptDocument } from '../../receipt/receipt-document.ts';
import type { RollCallReport } from '../../queries/roll-call-report.ts';
import type { DateOfBirth } from '../../domain/values.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';
import type { TransferView } from './transfers/views.ts';

type PrintQuery = { lang?: string; format?: string };

/** The view in the language asked for by the print link, if any. */
function printView(view: View, lang: string | undefined): View {
  return isLocale(lang) && lang !== view.t.locale ? { ...view, t: translator(lang) } : view;
}

function Toolbar(props: { view: View; base: string; children?: unknown }): Html {
  const { t } = props.view;
  const sep = props.base.includes('?') ? '&' : '?';
  return (
    <div class="print-toolbar no-print">
      <a class="button secondary" href={`${props.base}${sep}lang=ar`} lang="ar">
        العربية
      </a>
      <a class="button secondary" href={`${props.base}${sep}lang=en`} lang="en">
        English
      </a>
      <a class="button" href={`${props.base}${sep}format=pdf&lang=${props.view.t.locale}`}>
        {t('print.pdf')}
      </a>
      {props.children as Html}
    </div>
  );
}

function DocHead(props: { view: View; title: string; number?: string }): Html {
  const { t } = props.view;
  return (
    <div class="doc-head">
      <div>
        <div class="issuer">{t('print.issuer')}</div>
        <div>{props.title}</div>
      </div>
      <div>
        {props.number ? <RegNo value={props.number} /> : null}
        <div class="muted">{t('print.issued', { at: t.dateTime(new Date()) })}</div>
      </div>
    </div>
  );
}

async function answer(reply: FastifyReply, html: string, format: string | undefined, filename: string): Promise<FastifyReply> {
  if (format !== 'pdf') return reply.type('text/html; charset=utf-8').send(html);
  const pdf = await htmlToPdf(html);
  return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}.pdf"`).header('cache-control', 'no-store').send(pdf);
}

export function printPages(web: Web): void {
  const notFound = (view: View, reply: FastifyReply) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));

  web.get<PrintQuery, { id: string }>('/print/persons/:id/extract', 'person.read', async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const { t } = view;
    const found = await readRecord(web.ctx.db, request.params.id, view.account!.id, web.ctx.clock(), 'record extract');
    if (!found) return notFound(view, reply);
    const { record, events, places } = found;
    const base = `/print/persons/${record.id}/extract`;
    const html = page({
      view,
      title: t('print.extract_title'),
      print: true,
      children: (
        <>
          <Toolbar view={view} base={base} />
          <DocHead view={view} title={t('print.extract_subtitle')} number={record.register_number} />
          <p>
            <Badge tone={statusTone[record.custody.status]}>{t.of('custody_status', record.custody.status)}</Badge>
          </p>
          <h2>{t('person.names')}</h2>
          <NamesTable t={t} names={record.names} />
          <h2>{t('person.details')}</h2>
          <Details t={t} record={record} />
          <h2>{t('person.documents')}</h2>
          <Documents t={t} record={record} />
          <h2>{t('person.timeline')}</h2>
          <CustodyTimeline t={t} record={record} places={places} />
          <h2>{t('person.admissions')}</h2>
          <Admissions t={t} record={record} places={places} />
          <h2>{t('person.events')}</h2>
          <EventsTable t={t} events={events} />
          <p>{t('print.extract_note')}</p>
          <div class="doc-foot">
            <div class="signature">{t('print.issuing_official')}</div>
            <div class="signature">{t('print.received_by_person')}</div>
          </div>
        </>
      ),
    });
    return answer(reply, html, request.query.format, `extract-${record.register_number}`);
  });

  web.get<PrintQuery, { id: string }>('/print/persons/:id/wristband', 'person.read', async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const { t } = view;
    const found = await readRecord(web.ctx.db, request.params.id, view.account!.id, web.ctx.clock(), 'wristband');
    if (!found) return notFound(view, reply);
    const { record, places } = found;
    // The QR code carries the register number only: a scanner at a gate reads it into the check-in field.
    const qr = await QRCode.toString(record.register_number, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    const arabic = record.names.find((n) => n.script === 'Arab');
    const latin = record.names.find((n) => n.script === 'Latn');
    const base = `/print/persons/${record.id}/wristband`;
    const html = page({
      view,
      title: t('print.wristband_title'),
      print: true,
      children: (
        <>
          <Toolbar view={view} base={base} />
          <div class="wristband">
            <div>
              <RegNo value={record.register_number} />
              <div class="names">
                {arabic ? (
                  <div>
                    <Name full={arabic.full} script="Arab" />
                  </div>
                ) : null}
                {latin ? (
                  <div>
                    <Name full={latin.full} script="Latn" />
                  </div>
                ) : null}
              </div>
              <div class="muted">
                {t('person.dob')}: {dobText(t, record.details.dob as DateOfBirth)}
              </div>
              {record.custody.facility_id ? (
                <div class="muted">
                  <bdi>{places.facility.get(record.custody.facility_id) ?? ''}</bdi>
                </div>
              ) : null}
            </div>
            <div class="qr" role="img" aria-label={t('print.qr_label', { number: record.register_number })}>
              {trusted(qr)}
            </div>
          </div>
        </>
      ),
    });
    return answer(reply, html, request.query.format, `wristband-${record.register_number}`);
  });

  web.get<PrintQuery, { id: string }>('/print/transfers/:id/manifest', 'transfer.read', async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const { t } = view;
    if (!isUuid(request.params.id)) return notFound(view, reply);
    // The API's read of the order audits every person on it.
    const read = await callApi<TransferView>(web.api, request, 'GET', `/api/transfers/${request.params.id}`);
    if (!read.ok) return notFound(view, reply);
    const tr = read.body;
    const all = await facilities(web.ctx.db);
    const names = new Map(all.map((f) => [f.id, f.name]));
    const summaries = new Map((await personSummaries(web.ctx.db, tr.members.map((m) => m.person_id))).map((s) => [s.id, s]));
    const endpoint = (e: typeof tr.origin) => (e.kind === 'facility' ? (names.get(e.facility_id ?? '') ?? '') : `${e.name} (${e.country})`);
    const base = `/print/transfers/${tr.id}/manifest`;
    const html = page({
      view,
      title: t('print.manifest_title'),
      print: true,
      children: (
        <>
          <Toolbar view={view} base={base} />
          <DocHead view={view} title={t('print.manifest_subtitle', { count: tr.persons })} />
          <dl class="facts">
            <dt>{t('transfer.from')}</dt>
            <dd>
              <bdi>{endpoint(tr.origin)}</bdi>
            </dd>
            <dt>{t('transfer.to')}</dt>
            <dd>
              <bdi>{endpoint(tr.destination)}</bdi>
            </dd>
            <dt>{t('transfer.reason')}</dt>
            <dd>
              <bdi>{tr.reason}</bdi>
            </dd>
            <dt>{t('transfer.status')}</dt>
            <dd>{t.of('transfer_status', tr.status)}</dd>
            {tr.escort ? (
              <>
                <dt>{t('transfer.escort')}</dt>
                <dd>
                  <bdi>{tr.escort.authority}</bdi> · <bdi>{tr.escort.commander}</bdi>
                </dd>
              </>
            ) : null}
          </dl>
          <table>
            <thead>
              <tr>
                <th scope="col" class="num">#</th>
                <th scope="col">{t('person.register_number')}</th>
                <th scope="col">{t('person.names')}</th>
                <th scope="col">{t('transfer.person_status')}</th>
                <th scope="col">{t('print.checked_out')}</th>
                <th scope="col">{t('print.checked_in')}</th>
              </tr>
            </thead>
            <tbody>
              {tr.members.map((m, i) => {
                const s = summaries.get(m.person_id);
                const main = s ? mainName(s.names, view) : undefined;
                const other = s?.names.filter((n) => n !== main) ?? [];
                return (
                  <tr>
                    <td class="num">{t.plain(i + 1)}</td>
                    <td>
                      <RegNo value={m.register_number} />
                    </td>
                    <td>
                      {main ? <Name full={main.full} script={main.script} /> : null}
                      {other.map((n) => (
                        <div class="muted">
                          <Name full={n.full} script={n.script} />
                        </div>
                      ))}
                    </td>
                    <td>{t.of('transfer_person_status', m.status)}</td>
                    <td>☐</td>
                    <td>☐</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div class="doc-foot">
            <div class="signature">
              {t('transfer.releasing_official')}
              {tr.releasing_official ? (
                <>
                  : <bdi>{tr.releasing_official}</bdi>
                </>
              ) : null}
            </div>
            <div class="signature">
              {t('transfer.escort_commander')}
              {tr.escort ? (
                <>
                  : <bdi>{tr.escort.commander}</bdi>
                </>
              ) : null}
            </div>
            <div class="signature">
              {t('transfer.receiving_official')}
              {tr.receiving_official ? (
                <>
                  : <bdi>{tr.receiving_official}</bdi>
                </>
              ) : null}
            </div>
          </div>
        </>
      ),
    });
    return answer(reply, html, request.query.format, `manifest-${tr.id.slice(0, 8)}`);
  });

  // The signed handover receipt: what it says, how to check it, and the signed file itself.
  web.get<PrintQuery & { notice?: string }, { id: string }>('/print/transfers/:id/receipt', 'transfer.read', async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const { t } = view;
    const id = request.params.id;
    if (!isUuid(id)) return notFound(view, reply);
    const file = await callApiText(web.api, request, `/api/transfers/${id}/receipt`);
    if (!file.ok) {
      if (file.problem.code !== 'not_found') throw new Error(`reading a receipt failed: ${file.problem.code}`);
      const transfer = await callApi<{ status: string }>(web.api, request, 'GET', `/api/transfers/${id}`);
      if (!transfer.ok) return notFound(view, reply);
      const mayIssue = (transfer.body.status === 'received' || transfer.body.status === 'closed') && view.can('transfer.receive');
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send(
          page({
            view,
            title: t('receipt.title'),
            nav: '/transfers',
            children: (
              <div class="message-box">
                <p>{t('receipt.not_issued')}</p>
                {mayIssue ? (
                  <form method="post" action={`/transfers/${id}/receipt`} class="stack">
                    <FormKeys view={view} formKey={formKey()} />
                    <p>{t('receipt.issue_intro')}</p>
                    <div class="actions">
                      <button type="submit">{t('receipt.issue')}</button>
                    </div>
                  </form>
                ) : (
                  <p>{t('receipt.issued_after_count')}</p>
                )}
                <p>
                  <a href={`/transfers/${id}`}>{t('receipt.back_to_transfer')}</a>
                </p>
              </div>
            ),
          }),
        );
    }
    const document = JSON.parse(file.text) as ReceiptDocument;
    const r = receiptView(document);
    const qr = await QRCode.toString(r.fingerprint, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    const base = `/print/transfers/${id}/receipt`;
    const filename = `receipt-${id}.json`;
    const outcome = (o: string) => (o === 'received' ? t('receipt.outcome_received') : t.of('transfer_person_status', o));
    const html = page({
      view,
      title: t('receipt.title'),
      print: true,
      children: (
        <>
          <Toolbar view={view} base={base}>
            <a class="button secondary" href={`/api/transfers/${id}/receipt`} download={filename}>
              {t('receipt.download')}
            </a>
            <a class="button secondary" href={`/transfers/${id}`}>
              {t('receipt.back_to_transfer')}
            </a>
          </Toolbar>
          {request.query.notice === 'issued' ? (
            <p class="banner ok no-print" role="status">
              {t('receipt.notice_issued')}
            </p>
          ) : null}
          <DocHead view={view} title={t('receipt.subtitle')} />
          <div class="receipt-count" role="group" aria-label={t('receipt.count')}>
            <div>
              <span class="figure">{t.number(r.count.dispatched)}</span>
              <span>{t('receipt.dispatched')}</span>
            </div>
            <div>
              <span class="figure">{t.number(r.count.received)}</span>
              <span>{t('receipt.received')}</span>
            </div>
            <div class={r.count.not_received ? 'bad' : undefined}>
              <span class="figure">{t.number(r.count.not_received)}</span>
              <span>{t('receipt.not_received')}</span>
            </div>
          </div>
          <div class="receipt-sides">
            <section aria-labelledby="released-heading">
              <h2 id="released-heading">{t('receipt.released_heading')}</h2>
              <dl class="facts">
                <dt>{t('receipt.place')}</dt>
                <dd>
                  <bdi>{r.released.place}</bdi>
                </dd>
                <dt>{t('receipt.time')}</dt>
                <dd>{t.dateTime(r.released.at)}</dd>
                <dt>{t('transfer.releasing_official')}</dt>
                <dd>
                  <bdi>{r.released.official}</bdi>
                </dd>
                <dt>{t('transfer.escort')}</dt>
                <dd>
                  <div>
                    <bdi>{r.released.escort_authority}</bdi>
                  </div>
                  <div>
                    <bdi>{r.released.escort_commander}</bdi>
                  </div>
                </dd>
              </dl>
            </section>
            <section aria-labelledby="received-heading">
              <h2 id="received-heading">{t('receipt.received_heading')}</h2>
              <dl class="facts">
                <dt>{t('receipt.place')}</dt>
                <dd>
                  <bdi>{r.received.place}</bdi>
                </dd>
                <dt>{t('receipt.time')}</dt>
                <dd>{t.dateTime(r.received.at)}</dd>
                <dt>{t('transfer.receiving_official')}</dt>
                <dd>
                  <bdi>{r.received.official}</bdi>
                </dd>
              </dl>
            </section>
          </div>
          <h2>{t('receipt.persons_heading')}</h2>
          <table class="compact">
            <thead>
              <tr>
                <th scope="col" class="num">#</th>
                <th scope="col">{t('person.register_number')}</th>
                <th scope="col">{t('receipt.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {r.persons.map((p, i) => (
                <tr class={p.outcome === 'received' ? undefined : 'row-bad'}>
                  <td class="num">{t.plain(i + 1)}</td>
                  <td>
                    <RegNo value={p.register_number} />
                  </td>
                  <td>{outcome(p.outcome)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <section class="receipt-signature" aria-labelledby="signature-heading">
            <h2 id="signature-heading">{t('receipt.signature_heading')}</h2>
            <div class="signature-grid">
              <dl class="facts">
                <dt>{t('receipt.issued')}</dt>
                <dd>
                  {t.dateTime(r.issued_at)} · <bdi dir="ltr">{r.issued_by}</bdi>
                </dd>
                <dt>{t('receipt.receipt_id')}</dt>
                <dd>
                  <code dir="ltr">{r.receipt_id}</code>
                </dd>
                <dt>{t('receipt.transfer_id')}</dt>
                <dd>
                  <code dir="ltr">{r.transfer_id}</code>
                </dd>
                <dt>{t('receipt.key_id')}</dt>
                <dd>
                  <code dir="ltr">{r.key_id}</code>
                </dd>
                <dt>{t('receipt.signature')}</dt>
                <dd>
                  <code dir="ltr" class="long">{r.signature}</code>
                </dd>
                <dt>{t('receipt.fingerprint')}</dt>
                <dd>
                  <code dir="ltr" class="fingerprint">{r.fingerprint}</code>
                </dd>
              </dl>
              <div class="qr" role="img" aria-label={t('receipt.qr_label')}>
                {trusted(qr)}
              </div>
            </div>
            <h3>{t('receipt.verify_heading')}</h3>
            <p>{t('receipt.verify_intro', { file: filename })}</p>
            <pre dir="ltr" class="command">{`sijill receipt verify ${filename}`}</pre>
            <p>{t('receipt.verify_key')}</p>
          </section>
          <div class="doc-foot">
            <div class="signature">
              {t('transfer.releasing_official')}: <bdi>{r.released.official}</bdi>
            </div>
            <div class="signature">
              {t('transfer.receiving_official')}: <bdi>{r.received.official}</bdi>
            </div>
          </div>
        </>
      ),
    });
    return answer(reply, html, request.query.format, `receipt-${id.slice(0, 8)}`);
  });

  // The daily roll-call report, to print and sign.
  web.get<PrintQuery & ReportParams>('/print/roll-calls/report', 'rollcall.read', async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const { t } = view;
    const all = await facilities(web.ctx.db);
    if (!all.length) return notFound(view, reply);
    const query = reportQuery(request.query, all[0]!.id);
    const read = await callApi<RollCallReport>(web.api, request, 'GET', `/api/roll-calls/report?${query}`);
    if (!read.ok) {
      return reply.code(read.problem.status).type('text/html; charset=utf-8').send(messagePage(view, t('rollcall.report_title'), t.of('problem', read.problem.code), t('rollcall.report_failed_todo')));
    }
    const report = read.body;
    const html = page({
      view,
      title: t('rollcall.report_title'),
      print: true,
      children: (
        <>
          <Toolbar view={view} base={`/print/roll-calls/report?${query}`} />
          <DocHead view={view} title={t('rollcall.report_subtitle', { facility: report.facility.name, date: t.date(report.date) })} />
          <ReportBody view={view} report={report} links={false} />
          <div class="doc-foot">
            <div class="signature">{t('rollcall.report_checked_by')}</div>
            <div class="signature">{t('rollcall.report_supervisor')}</div>
          </div>
        </>
      ),
    });
    return answer(reply, html, request.query.format, `roll-call-report-${report.date}`);
  });
}
