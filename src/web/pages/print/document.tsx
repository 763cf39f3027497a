/**
 * What every print view shares: the language asked for by the print link, the toolbar (other
 * language, PDF), the document's heading, and the answer as HTML or as a PDF from headless
 * Chromium (`?format=pdf`).
 */
import type { FastifyReply } from 'fastify';
import { h, type Html } from '../../jsx.ts';
import { RegNo } from '../../components.tsx';
import { isLocale, localeInfo, locales, translator } from '../../i18n.ts';
import { htmlToPdf } from '../../pdf.ts';
import type { View } from '../../view.ts';

/** The query every print view takes: the language and the format (`pdf`). */
export type PrintQuery = { lang?: string; format?: string };

/** The view in the language asked for by the print link, if any. */
export function printView(view: View, lang: string | undefined): View {
  return isLocale(lang) && lang !== view.t.locale ? { ...view, t: translator(lang) } : view;
}

export function Toolbar(props: { view: View; base: string; children?: unknown }): Html {
  const { t } = props.view;
  const sep = props.base.includes('?') ? '&' : '?';
  return (
    <div class="print-toolbar no-print">
      {locales.map((l) => (
        <a class="button secondary" href={`${props.base}${sep}lang=${l}`} lang={l}>
          {localeInfo[l].name}
        </a>
      ))}
      <a class="button" href={`${props.base}${sep}format=pdf&lang=${props.view.t.locale}`}>
        {t('print.pdf')}
      </a>
      {props.children as Html}
    </div>
  );
}

export function DocHead(props: { view: View; title: string; number?: string }): Html {
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

export async function answer(reply: FastifyReply, html: string, format: string | undefined, filename: string): Promise<FastifyReply> {
  if (format !== 'pdf') return reply.type('text/html; charset=utf-8').send(html);
  const pdf = await htmlToPdf(html);
  return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}.pdf"`).header('cache-control', 'no-store').send(pdf);
}
