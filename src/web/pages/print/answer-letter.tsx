/** The answer to an information request (ICPPED 18), as a letter to the requester. */
import { h, Fragment, type Html } from '../../jsx.ts';
import type { InformationRequest } from '../../../domain/information-request.ts';
import type { View } from '../../view.ts';
import { AnswerItems } from '../information-requests/answer-items.tsx';
import { DocHead, Toolbar } from './document.tsx';

export function AnswerLetter(props: { view: View; request: InformationRequest }): Html {
  const { view, request: r } = props;
  const { t } = view;
  const base = `/print/information-requests/${r.id}/letter`;
  const given = r.answer!;
  return (
    <>
      <Toolbar view={view} base={base} />
      <DocHead view={view} title={t('letter.title')} number={given.answer?.register_number} />
      <p>{t('letter.to', { name: r.requester.name })}</p>
      <p>{t('letter.intro', { received: t.dateTime(r.received_at), names: r.asked_about.names.join('، ') })}</p>
      {given.answer ? (
        <>
          <p>{t('letter.items_intro')}</p>
          <AnswerItems view={view} answer={given.answer} />
        </>
      ) : (
        <p>{t('letter.not_held')}</p>
      )}
      <p>{t('letter.answered', { at: t.dateTime(given.answered_at) })}</p>
      <p class="muted">{t('letter.rights')}</p>
      <div class="doc-foot">
        <div class="signature">{t('print.issuing_official')}</div>
      </div>
    </>
  );
}
