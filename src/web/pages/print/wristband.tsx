/** The wristband card: the register number as text and as a QR code, the names and date of birth. */
import { h, Fragment, trusted, type Html } from '../../jsx.ts';
import { Name, RegNo } from '../../components.tsx';
import type { PersonRecord } from '../../../api/read-models.ts';
import { dobText, type Places } from '../../record-parts.tsx';
import type { DateOfBirth } from '../../../domain/values.ts';
import type { View } from '../../view.ts';
import { Toolbar } from './document.tsx';

/** `qr` is the QR code of the register number, as SVG. */
export function Wristband(props: { view: View; record: PersonRecord; places: Places; qr: string }): Html {
  const { view, record, places, qr } = props;
  const { t } = view;
  const arabic = record.names.find((n) => n.script === 'Arab');
  const latin = record.names.find((n) => n.script === 'Latn');
  const base = `/print/persons/${record.id}/wristband`;
  return (
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
  );
}
