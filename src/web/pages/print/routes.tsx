/**
 * Print views and their PDFs: the transfer manifest, the person record extract (the official
 * copy a detainee receives on release), and the wristband card with the register number as
 * text and as a QR code. Each prints in the reader's language or the one asked for
 * (`?lang=en`), and `?format=pdf` gives the same HTML as a PDF from headless Chromium.
 *
 * The signed handover receipt prints here too, with the signed file itself offered as it is
 * (the API's bytes: canonical JSON that any reformatting would invalidate), and the daily
 * roll-call report, and a court's list for a day (its docket).
 */
import QRCode from 'qrcode';
import type { FastifyReply } from 'fastify';
import { h } from '../../jsx.ts';
import { page, messagePage } from '../../layout.tsx';
import { callApi, callApiText, ReadRefused } from '../../forms.ts';
import { facilities, personSummaries } from '../../../api/read-models.ts';
import { accountScope, scopeFacilities } from '../../../api/scope.ts';
import { isUuid, readRecord } from '../person.tsx';
import { reportQuery, type ReportParams } from '../roll-calls/forms.ts';
import { receiptView, type ReceiptDocument } from '../../../receipt/receipt-document.ts';
import type { RollCallReport } from '../../../queries/roll-call-report.ts';
import { maxNotSeenPage } from '../../../api/routes/roll-calls.ts';
import type { View } from '../../view.ts';
import type { Web } from '../../web-routes.ts';
import type { TransferView } from '../transfers/views.ts';
import { answer, printView, type PrintQuery } from './document.tsx';
import { RecordExtract } from './extract.tsx';
import { Manifest } from './manifest.tsx';
import { PrintedNotSeen, PrintedReport } from './roll-call-report.tsx';
import { PrintedDocket } from './docket.tsx';
import { courtName } from '../../../domain/case.ts';
import type { Docket } from '../cases/views.ts';
import { Receipt, ReceiptNotIssued } from './receipt.tsx';
import { Wristband } from './wristband.tsx';
import { OwnFileDocument } from './own-file.tsx';
import { disclosuresOf, loadDisclosure } from '../../../store/evidence.ts';
import type { PersonComplaints } from '../complaints/views.ts';
import { AnswerLetter } from './answer-letter.tsx';
import type { InformationRequest } from '../../../domain/information-request.ts';

/** The print views' routes; each document is a component in this folder. */
export function printPages(web: Web): void {
  const notFound = (view: View, reply: FastifyReply) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage(view, view.t('error.not_found.title'), view.t('error.not_found.what'), view.t('error.not_found.todo')));

  web.get<PrintQuery, { id: string }>('/print/persons/:id/extract', { permission: 'person.read', scope: { person: '/params/id' } }, async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const { t } = view;
    const found = await readRecord(web.ctx.db, request.params.id, view.account!.id, web.ctx.clock(), 'record extract');
    if (!found) return notFound(view, reply);
    const { record, events, places } = found;
    const disclosures = await disclosuresOf(web.ctx.db, record.id);
    const html = page({ view, title: t('print.extract_title'), print: true, children: <RecordExtract view={view} record={record} events={events} places={places} disclosures={disclosures} /> });
    return answer(reply, html, request.query.format, `extract-${record.register_number}`);
  });

  // The detainee's own file as given to them or counsel (MR9), each redaction in its place.
  web.get<PrintQuery, { id: string; did: string }>('/print/persons/:id/own-file/:did', { permission: 'own_file.disclose', scope: { person: '/params/id' } }, async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const { t } = view;
    const disclosure = await loadDisclosure(web.ctx.db, request.params.did);
    if (!disclosure || disclosure.person_id !== request.params.id) return notFound(view, reply);
    const found = await readRecord(web.ctx.db, request.params.id, view.account!.id, web.ctx.clock(), 'own file');
    if (!found) return notFound(view, reply);
    const { record, events, places } = found;
    const read = await callApi<PersonComplaints>(web.api, request, 'GET', `/api/persons/${record.id}/complaints`);
    const complaints = read.ok ? read.body : null;
    const html = page({ view, title: t('own_file.title'), print: true, children: <OwnFileDocument view={view} record={record} events={events} places={places} disclosure={disclosure} complaints={complaints} /> });
    return answer(reply, html, request.query.format, `own-file-${record.register_number}`);
  });

  // The answer to an information request, as a letter to the requester, once it is given.
  web.get<PrintQuery, { id: string }>('/print/information-requests/:id/letter', 'inforequest.read', async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    if (!isUuid(request.params.id)) return notFound(view, reply);
    const read = await callApi<{ request: InformationRequest }>(web.api, request, 'GET', `/api/information-requests/${request.params.id}`);
    if (!read.ok || !read.body.request.answer) return notFound(view, reply);
    const html = page({ view, title: view.t('letter.title'), print: true, children: <AnswerLetter view={view} request={read.body.request} /> });
    return answer(reply, html, request.query.format, `answer-${request.params.id.slice(0, 8)}`);
  });

  web.get<PrintQuery, { id: string }>('/print/persons/:id/wristband', { permission: 'person.read', scope: { person: '/params/id' } }, async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const { t } = view;
    const found = await readRecord(web.ctx.db, request.params.id, view.account!.id, web.ctx.clock(), 'wristband');
    if (!found) return notFound(view, reply);
    const { record, places } = found;
    // The QR code carries the register number only: a scanner at a gate reads it into the check-in field.
    const qr = await QRCode.toString(record.register_number, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    const html = page({ view, title: t('print.wristband_title'), print: true, children: <Wristband view={view} record={record} places={places} qr={qr} /> });
    return answer(reply, html, request.query.format, `wristband-${record.register_number}`);
  });

  web.get<PrintQuery, { id: string }>('/print/transfers/:id/manifest', { permission: 'transfer.read', scope: { transfer: '/params/id' } }, async (request, reply, baseView) => {
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
    const html = page({ view, title: t('print.manifest_title'), print: true, children: <Manifest view={view} transfer={tr} names={names} summaries={summaries} /> });
    return answer(reply, html, request.query.format, `manifest-${tr.id.slice(0, 8)}`);
  });

  // The signed handover receipt: what it says, how to check it, and the signed file itself.
  web.get<PrintQuery & { notice?: string }, { id: string }>('/print/transfers/:id/receipt', { permission: 'transfer.read', scope: { transfer: '/params/id' } }, async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const { t } = view;
    const id = request.params.id;
    if (!isUuid(id)) return notFound(view, reply);
    const file = await callApiText(web.api, request, `/api/transfers/${id}/receipt`);
    if (!file.ok) {
      if (file.problem.code !== 'not_found') throw new ReadRefused(file.problem);
      const transfer = await callApi<TransferView>(web.api, request, 'GET', `/api/transfers/${id}`);
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
            children: <ReceiptNotIssued view={view} id={id} mayIssue={mayIssue} />,
          }),
        );
    }
    const document = JSON.parse(file.text) as ReceiptDocument;
    const r = receiptView(document);
    const qr = await QRCode.toString(r.fingerprint, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    const html = page({ view, title: t('receipt.title'), print: true, children: <Receipt view={view} id={id} receipt={r} qr={qr} notice={request.query.notice} /> });
    return answer(reply, html, request.query.format, `receipt-${id.slice(0, 8)}`);
  });

  /** The facilities the account reaches (src/api/scope.ts): without a facility asked for, a report is of the first of them. */
  async function reachedFacilities(view: View) {
    const reach = scopeFacilities(await accountScope(web.ctx.db, view.account!));
    return (await facilities(web.ctx.db)).filter((f) => reach === null || reach.includes(f.id));
  }

  // The daily roll-call report, to print and sign.
  web.get<PrintQuery & ReportParams>('/print/roll-calls/report', { permission: 'rollcall.read', scope: { facility: '/query/facility_id' } }, async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const { t } = view;
    const all = await reachedFacilities(view);
    if (!all.length) return notFound(view, reply);
    const query = reportQuery(request.query, all[0]!.id);
    const read = await callApi<RollCallReport>(web.api, request, 'GET', `/api/roll-calls/report?${query}`);
    if (!read.ok) {
      return reply.code(read.problem.status).type('text/html; charset=utf-8').send(messagePage(view, t('rollcall.report_title'), t.of('problem', read.problem.code), t('rollcall.report_failed_todo')));
    }
    const report = read.body;
    const html = page({ view, title: t('rollcall.report_title'), print: true, children: <PrintedReport view={view} report={report} query={query} /> });
    return answer(reply, html, request.query.format, `roll-call-report-${report.date}`);
  });

  // Everyone not seen for N days at a facility, the whole list (the report page shows it a page at a time).
  web.get<PrintQuery & ReportParams>('/print/roll-calls/not-seen', { permission: 'rollcall.read', scope: { facility: '/query/facility_id' } }, async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const { t } = view;
    const all = await reachedFacilities(view);
    if (!all.length) return notFound(view, reply);
    const query = reportQuery(request.query, all[0]!.id);
    // The API lists at most maxNotSeenPage persons an answer: read the list page by page (each read audited).
    let report: RollCallReport | null = null;
    const persons: RollCallReport['not_seen']['persons'][number][] = [];
    do {
      const window = `not_seen_offset=${persons.length}&not_seen_limit=${maxNotSeenPage}`;
      const read = await callApi<RollCallReport>(web.api, request, 'GET', `/api/roll-calls/report?${query}&${window}`);
      if (!read.ok) {
        return reply.code(read.problem.status).type('text/html; charset=utf-8').send(messagePage(view, t('rollcall.report_title'), t.of('problem', read.problem.code), t('rollcall.report_failed_todo')));
      }
      report = read.body;
      persons.push(...report.not_seen.persons);
    } while (report.not_seen.truncated && report.not_seen.persons.length);
    const whole: RollCallReport = { ...report, not_seen: { ...report.not_seen, offset: 0, persons, truncated: false } };
    const html = page({ view, title: t('lists.not_seen_title'), print: true, children: <PrintedNotSeen view={view} report={whole} query={query} /> });
    return answer(reply, html, request.query.format, `not-seen-${report.date}`);
  });

  // A court's list for a day: whom each facility must produce, when, for which case.
  web.get<PrintQuery & { date?: string }, { court: string }>('/print/courts/:court/docket', { permission: 'case.read', scope: 'filtered' }, async (request, reply, baseView) => {
    const view = printView(baseView, request.query.lang);
    const { t } = view;
    const court = courtName(request.params.court);
    const read = await callApi<Docket>(web.api, request, 'GET', `/api/courts/${encodeURIComponent(court)}/docket?date=${encodeURIComponent(request.query.date ?? '')}`);
    if (!read.ok) {
      return reply.code(read.problem.status).type('text/html; charset=utf-8').send(messagePage(view, t('docket.title'), t.of('problem', read.problem.code), t('docket.failed_todo')));
    }
    const html = page({ view, title: t('docket.title'), print: true, children: <PrintedDocket view={view} docket={read.body} /> });
    return answer(reply, html, request.query.format, `docket-${read.body.date}`);
  });
}
