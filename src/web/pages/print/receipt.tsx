/**
 * The signed handover receipt: the count, both sides, every person's outcome, the signature
 * and how to check it, with the signed file itself offered as the API gives it. Before it is
 * issued: why not, and the form to issue it for who may.
 */
import { h, Fragment, trusted, type Html } from '../../jsx.ts';
import { FormKeys, RegNo } from '../../components.tsx';
import { formKey } from '../../forms.ts';
import type { ReceiptView } from '../../../receipt/receipt-document.ts';
import type { View } from '../../view.ts';
import { DocHead, Toolbar } from './document.tsx';

/** The receipt of transfer `id` is not issued yet; `mayIssue` offers the form. */
export function ReceiptNotIssued(props: { view: View; id: string; mayIssue: boolean }): Html {
  const { view, id, mayIssue } = props;
  const { t } = view;
  return (
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
  );
}

/** The receipt `r` of transfer `id`; `qr` is the QR code of its fingerprint, as SVG. */
export function Receipt(props: { view: View; id: string; receipt: ReceiptView; qr: string; notice?: string }): Html {
  const { view, id, receipt: r, qr } = props;
  const { t } = view;
  const base = `/print/transfers/${id}/receipt`;
  const filename = `receipt-${id}.json`;
  const outcome = (o: string) => (o === 'received' ? t('receipt.outcome_received') : t.of('transfer_person_status', o));
  return (
    <>
      <Toolbar view={view} base={base}>
        <a class="button secondary" href={`/api/transfers/${id}/receipt`} download={filename}>
          {t('receipt.download')}
        </a>
        <a class="button secondary" href={`/transfers/${id}`}>
          {t('receipt.back_to_transfer')}
        </a>
      </Toolbar>
      {props.notice === 'issued' ? (
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
              {t.dateTime(r.issued_at)} · <bdi>{view.official(r.issued_by)}</bdi>
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
  );
}
