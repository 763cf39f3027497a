/**
 * Print views and their PDFs: the transfer manifest, the person record extract (the official
 * copy a detainee receives on release), and the wristband card with the register number as
 * text and as a QR code. Each prints in the reader's language or the one asked for
 * (`?lang=en`), and `?format=pdf` gives the same HTML as a PDF from headless Chromium.
 *
 * The signed handover receipt's print view belongs here too, once receipts exist.
 */
import QRCode from 'qrcode';
import type { FastifyReply } from 'fastify';
import { h, Fragment, trusted, type Html } from '../jsx.ts';
import { page, messagePage } from '../layout.tsx';
import { Badge, Name, RegNo, mainName, statusTone } from '../components.tsx';
import { callApi } from '../forms.ts';
import { facilities, personSummaries } from '../../api/read-models.ts';
import { isLocale, translator } from '../i18n.ts';
import { htmlToPdf } from '../pdf.ts';
import { Admissions, CustodyTimeline, Details, Documents, EventsTable, NamesTable, dobText } from '../record-parts.tsx';
import { isUuid, readRecord } from './person.tsx';
import type { DateOfBirth } from '../../domain/values.ts';
import type { View } from '../view.ts';
import type { Web } from '../web-routes.ts';

type PrintQuery = { lang?: string; format?: string };

/** The view in the language asked for by the print link, if any. */
function printView(view: View, lang: string | undefined): View {
  return isLocale(lang) && lang !== view.t.locale ? { ...view, t: translator(lang) } : view;
}

function Toolbar(props: { view: View; base: string }): Html {
  const { t } = props.view;
  return (
    <div class="print-toolbar no-print">
      <a class="button secondary" href={`${props.base}?lang=ar`} lang="ar">
        العربية
      </a>
      <a class="button secondary" href={`${props.base}?lang=en`} lang="en">
        English
      </a>
      <a class="button" href={`${props.base}?format=pdf&lang=${props.view.t.locale}`}>
        {t('print.pdf')}
      </a>
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
    const read = await callApi<{
      id: string;
      status: string;
      origin: { kind: string; facility_id?: string; name?: string; country?: string };
      destination: { kind: string; facility_id?: string; name?: string; country?: string };
      reason: string;
      persons: number;
      approved_by: string | null;
      escort: { authority: string; commander: string } | null;
      releasing_official: string | null;
      receiving_official: string | null;
      members: { person_id: string; register_number: string; status: string }[];
    }>(web.server, request, 'GET', `/api/transfers/${request.params.id}`);
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
}
