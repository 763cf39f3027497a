/** The notice after an action on a transfer (a check-in's outcome, an approval, …). */
import { h, type Html } from '../../jsx.ts';
import type { View } from '../../view.ts';
import type { TransferNotice } from './views.ts';

export function Notice(props: { view: View; notice: TransferNotice }): Html {
  const { t } = props.view;
  const bad = ['discrepancy', 'not_on_transfer', 'not_a_number'].includes(props.notice.key);
  return (
    <p class={`banner ${bad ? 'bad' : 'ok'}`} role="status">
      {t.of('transfer_notice', props.notice.key, { number: props.notice.number ?? '' })}
    </p>
  );
}
