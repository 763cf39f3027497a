/**
 * The detainee's own file as given to them or their counsel (MR9): each part of the file, or,
 * where a lawful redaction withholds it, what was withheld, on what legal basis and by whom.
 */
import { h, Fragment, type Html } from '../../jsx.ts';
import { Badge, statusTone } from '../../components.tsx';
import type { EventView, PersonRecord } from '../../../api/read-models.ts';
import type { OwnFileDisclosure, OwnFileSection } from '../../../domain/own-file.ts';
import { Admissions, CustodyTimeline, Details, Documents, EventsTable, NamesTable, type Places } from '../../record-parts.tsx';
import type { View } from '../../view.ts';
import type { PersonComplaints } from '../complaints/views.ts';
import { WithheldTable } from '../complaints/own-file.tsx';
import { Words } from '../complaints/complaints-page.tsx';
import { DocHead, Toolbar } from './document.tsx';

export function OwnFileDocument(props: { view: View; record: PersonRecord; events: readonly EventView[]; places: Places; disclosure: OwnFileDisclosure; complaints: PersonComplaints | null }): Html {
  const { view, record, events, places, disclosure, complaints } = props;
  const { t } = view;
  const withheld = (section: OwnFileSection, body: () => Html): Html => {
    const rs = disclosure.redactions.filter((r) => r.section === section);
    if (!rs.length) return body();
    return (
      <p class="banner warn">
        {rs.map((r) => (
          <span>
            {t('own_file.withheld_note', { what: r.what, basis: r.legal_basis, by: r.redacted_by })}{' '}
          </span>
        ))}
      </p>
    );
  };
  return (
    <>
      <Toolbar view={view} base={`/print/persons/${record.id}/own-file/${disclosure.id}`} />
      <DocHead view={view} title={t('own_file.title')} number={record.register_number} />
      <p>
        <Badge tone={statusTone[record.custody.status]}>{t.of('custody_status', record.custody.status)}</Badge> {t('own_file.given_to')} {t.of('own_file_recipient', disclosure.recipient)}
        {disclosure.counsel_name ? (
          <>
            {' '}
            (<bdi>{disclosure.counsel_name}</bdi>)
          </>
        ) : null}{' '}
        · {t.dateTime(disclosure.disclosed_at)}
      </p>
      <h2>{t('own_file_section.identity')}</h2>
      {withheld('identity', () => (
        <>
          <NamesTable t={t} names={record.names} />
          <Details t={t} record={record} />
          <Documents t={t} record={record} />
        </>
      ))}
      <h2>{t('own_file_section.custody')}</h2>
      {withheld('custody', () => <CustodyTimeline t={t} record={record} places={places} />)}
      <h2>{t('own_file_section.admissions')}</h2>
      {withheld('admissions', () => <Admissions t={t} record={record} places={places} />)}
      <h2>{t('own_file_section.events')}</h2>
      {withheld('events', () => <EventsTable t={t} events={events} official={view.official} />)}
      <h2>{t('own_file_section.complaints')}</h2>
      {withheld('complaints', () =>
        complaints?.complaints.length ? (
          <ul>
            {complaints.complaints.map((c) => (
              <li>
                {t.dateTime(c.received_at)} · {t.of('complaint_nature', c.nature)} · <Words view={view} text={c.text} /> — {c.answer ? <Words view={view} text={c.answer.text} /> : t('complaints.unanswered')}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('complaints.none')}</p>
        ),
      )}
      <h2>{t('own_file_section.allegations')}</h2>
      {withheld('allegations', () =>
        complaints?.allegations.length ? (
          <ul>
            {complaints.allegations.map((a) => (
              <li>
                {t.dateTime(a.heard_at)} · <Words view={view} text={a.account} /> — {t.of('allegation_status', a.status)}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('complaints.no_allegations')}</p>
        ),
      )}
      <h2>{t('own_file.withheld')}</h2>
      <WithheldTable view={view} disclosures={[disclosure]} />
      <div class="doc-foot">
        <div class="signature">{t('print.issuing_official')}</div>
        <div class="signature">{t('own_file.received_by')}</div>
      </div>
    </>
  );
}
