/** The person record extract: the official copy a detainee receives on release. */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, statusTone } from '../../components.tsx';
import type { EventView, PersonRecord } from '../../../api/read-models.ts';
import { Admissions, CustodyTimeline, Details, Documents, EventsTable, NamesTable, type Places } from '../../record-parts.tsx';
import type { View } from '../../view.ts';
import { DocHead, Toolbar } from './document.tsx';
import type { OwnFileDisclosure } from '../../../domain/own-file.ts';
import { WithheldTable } from '../complaints/own-file.tsx';

/** `disclosures`: the copies of the file given to the person or counsel, whose redactions the extract lists (MR9). */
export function RecordExtract(props: { view: View; record: PersonRecord; events: readonly EventView[]; places: Places; disclosures?: readonly OwnFileDisclosure[] }): Html {
  const { view, record, events, places } = props;
  const { t } = view;
  const base = `/print/persons/${record.id}/extract`;
  return (
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
      <EventsTable t={t} events={events} official={view.official} />
      <h2>{t('own_file.withheld')}</h2>
      <WithheldTable view={view} disclosures={props.disclosures ?? []} />
      <p>{t('print.extract_note')}</p>
      <div class="doc-foot">
        <div class="signature">{t('print.issuing_official')}</div>
        <div class="signature">{t('print.received_by_person')}</div>
      </div>
    </>
  );
}
