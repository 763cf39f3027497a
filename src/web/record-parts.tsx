/**
 * Parts of a person's record shared by the record page and its printed extract: names by
 * script and source, details, custody timeline, admissions with every STANDARDS A item,
 * family and contacts, and the event history.
 */
import type { OfficialName } from './officials.ts';
import { propertyItemLabel, relationLabel, whereaboutsLabel } from './reference-labels.ts';
import { languageName } from './language-names.ts';
import { nationalityLabel } from './nationality-choices.ts';
import { h, Fragment, type Html } from './jsx.ts';
import { admissionItemNames } from '../domain/events.ts';
import type { DateOfBirth } from '../domain/values.ts';
import type { EventView, FacilityView, PersonRecord } from '../api/read-models.ts';
import { Badge, Name, RegNo, namesInReadingOrder, statusTone } from './components.tsx';
import type { Translator } from './i18n.ts';

export function dobText(t: Translator, dob: DateOfBirth): string {
  switch (dob.kind) {
    case 'exact':
      return t.date(dob.date);
    case 'year':
      return t('person.dob_year', { year: t.plain(dob.year) });
    case 'range':
      return t('person.dob_range', { from: t.date(dob.from), to: t.date(dob.to) });
    case 'unknown':
      return t('person.dob_unknown', { reason: dob.reason });
  }
}

/** Facility and unit names by id. */
export interface Places {
  readonly facility: ReadonlyMap<string, string>;
  readonly unit: ReadonlyMap<string, string>;
}

export function placesOf(all: readonly FacilityView[]): Places {
  return {
    facility: new Map(all.map((f) => [f.id, f.name])),
    unit: new Map(all.flatMap((f) => f.units.map((u) => [u.id, u.name] as const))),
  };
}

export function NamesTable(props: { t: Translator; names: PersonRecord['names'] }): Html {
  const { t } = props;
  const byScript = namesInReadingOrder(props.names, t.dir);
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('person.name')}</th>
            <th scope="col">{t('person.script')}</th>
            <th scope="col">{t('person.source')}</th>
            <th scope="col" class="num">{t('person.confidence')}</th>
          </tr>
        </thead>
        <tbody>
          {byScript.map((n) => (
            <tr>
              <td>
                <Name full={n.full} script={n.script} />
              </td>
              <td>{t.of('script', n.script)}</td>
              <td>{t.of('name_source', n.source)}</td>
              <td class="num">{t('person.percent', { value: Math.round(n.confidence * 100) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Details(props: { t: Translator; record: PersonRecord }): Html {
  const { t, record } = props;
  const d = record.details;
  return (
    <dl class="facts">
      <dt>{t('person.register_number')}</dt>
      <dd>
        <RegNo value={record.register_number} />
      </dd>
      <dt>{t('person.sex')}</dt>
      <dd>{t.of('sex', d.sex)}</dd>
      <dt>{t('person.gender')}</dt>
      <dd>{t.of('gender', d.gender)}</dd>
      <dt>{t('person.dob')}</dt>
      <dd>{dobText(t, d.dob as DateOfBirth)}</dd>
      <dt>{t('person.nationalities')}</dt>
      <dd>
        {d.nationalities.map((n) => nationalityLabel(t, n)).join(t.dir === 'rtl' ? '، ' : ', ') || '—'}
      </dd>
      <dt>{t('person.languages')}</dt>
      <dd>
        {d.languages.map((l) => languageName(t, l)).join(t.dir === 'rtl' ? '، ' : ', ') || '—'}
      </dd>
      <dt>{t('person.registered_at')}</dt>
      <dd>{t.dateTime(record.registered_at)}</dd>
    </dl>
  );
}

export function Documents(props: { t: Translator; record: PersonRecord }): Html {
  const { t } = props;
  const docs = props.record.details.documents;
  if (!docs.length) return <p class="muted">{t('person.no_documents')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('person.document_kind')}</th>
            <th scope="col">{t('person.document_number')}</th>
            <th scope="col">{t('person.issuing_country')}</th>
          </tr>
        </thead>
        <tbody>
          {docs.map((doc) => (
            <tr>
              <td>{t.of('document_kind', doc.kind)}</td>
              <td>
                <bdi dir="ltr">{doc.number}</bdi>
              </td>
              <td>
                {nationalityLabel(t, doc.issuing_country)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * What a follow-up task asks, in the reader's language: its kind, and for an admission item
 * left unknown which item (the task's reason begins with the item's name, as the admission
 * decided it: "family: …").
 */
export function taskTitle(t: Translator, task: { kind: string; reason: string }): string {
  const item = task.reason.slice(0, task.reason.indexOf(':'));
  if (task.kind === 'complete_admission_item' && (admissionItemNames as readonly string[]).includes(item)) {
    return t('person.task_complete_item', { item: t.of('item', item) });
  }
  return t.of('task_kind', task.kind);
}

export function CustodyTimeline(props: { t: Translator; record: PersonRecord; places: Places }): Html {
  const { t, places } = props;
  return (
    <ol class="timeline">
      {props.record.custody.history.map((c) => (
        <li>
          <Badge tone={statusTone[c.status]}>{t.of('custody_status', c.status)}</Badge>
          {c.facility_id ? (
            <>
              {' '}
              <bdi>{places.facility.get(c.facility_id) ?? ''}</bdi>
            </>
          ) : null}{' '}
          <span class="muted">{c.to ? t('person.period', { from: t.dateTime(c.from), to: t.dateTime(c.to) }) : t('person.period_open', { from: t.dateTime(c.from) })}</span>
        </li>
      ))}
    </ol>
  );
}

type Item = Record<string, unknown> | { unknown_reason: string };
const isUnknown = (item: unknown): item is { unknown_reason: string } => typeof item === 'object' && item !== null && 'unknown_reason' in item;

/** One STANDARDS A item as text: what was recorded, or "unknown, because …". */
function ItemValue(props: { t: Translator; name: string; item: Item }): Html {
  const { t, item } = props;
  if (isUnknown(item)) return <span>{t('admit.unknown_because', { reason: item.unknown_reason })}</span>;
  const v = item as Record<string, unknown>;
  const text = (x: unknown) => (x === null || x === undefined || x === '' ? '—' : String(x));
  const comma = t.dir === 'rtl' ? '، ' : ', ';
  switch (props.name) {
    case 'first_deprivation':
      return <span>{t('item_text.first_deprivation', { at: t.dateTime(String(v.at)), place: text(v.place), authority: text(v.authority) })}</span>;
    case 'ordering_authority':
      return <span>{t('item_text.ordering_authority', { authority: text(v.authority), law: text(v.law), article: text(v.article) })}</span>;
    case 'supervising_authority':
      return <bdi>{text(v.authority)}</bdi>;
    case 'injuries':
      return v.visible_injuries || v.ill_treatment_complaint ? (
        <span>{t('item_text.injuries', { injuries: text(v.visible_injuries), complaint: text(v.ill_treatment_complaint) })}</span>
      ) : (
        <span>{t('item_text.no_injuries')}</span>
      );
    case 'property': {
      const items = (v.items as { description: string; quantity: number }[]) ?? [];
      return (
        <span>
          {items.map((p) => `${propertyItemLabel(t, p.description)} × ${t.number(p.quantity)}`).join(comma) || '—'} · {v.signed_by_detainee ? t('item_text.signed') : t('item_text.not_signed')} ·{' '}
          {t('item_text.witnessed_by', { name: text(v.witnessed_by) })}
        </span>
      );
    }
    case 'family': {
      const members = (v.members as { relation: string; name: string; age: number | null; whereabouts: string }[]) ?? [];
      return members.length ? (
        <ul>
          {members.map((m) => (
            <li>
              <bdi>{m.name}</bdi> ({relationLabel(t, m.relation)}
              {m.age !== null ? `, ${t.number(m.age)}` : ''}) — <bdi>{whereaboutsLabel(t, m.whereabouts)}</bdi>
            </li>
          ))}
        </ul>
      ) : (
        <span>{t('item_text.no_family')}</span>
      );
    }
    case 'emergency_contact':
      return (
        <span>
          <bdi>{text(v.name)}</bdi> ({relationLabel(t, text(v.relation))}) · <bdi dir="ltr">{text(v.contact)}</bdi>
        </span>
      );
    case 'health_record':
      return <bdi dir="ltr">{text(v.reference)}</bdi>;
    case 'officials':
      return <span>{t('item_text.officials', { admitting: text(v.admitting), arresting: ((v.arresting as string[]) ?? []).join(comma) || '—' })}</span>;
    default:
      return <span>{JSON.stringify(v)}</span>;
  }
}

export function Admissions(props: { t: Translator; record: PersonRecord; places: Places }): Html {
  const { t, places } = props;
  if (!props.record.admissions.length) return <p class="muted">{t('person.no_admissions')}</p>;
  return (
    <>
      {[...props.record.admissions].reverse().map((a) => (
        <section class="card">
          <h3>
            <bdi>{places.facility.get(a.facility_id) ?? ''}</bdi> · {t.dateTime(a.admitted_at)}
          </h3>
          <dl class="facts">
            <dt>{t('admit.unit')}</dt>
            <dd>
              <bdi>{places.unit.get(a.unit_id) ?? ''}</bdi> ({t.of('category', a.category)})
            </dd>
            <dt>{t('admit.legal_status')}</dt>
            <dd>{t.of('legal_status', a.legal_status)}</dd>
            <dt>{t('admit.basis')}</dt>
            <dd>
              {a.basis.kind === 'commitment_order' ? t('admit.basis_commitment_order') : t('admit.basis_handover_document')}: <bdi dir="ltr">{a.basis.reference}</bdi> ·{' '}
              <bdi>{a.basis.issuing_authority}</bdi> · {t.date(a.basis.issued_on)}
            </dd>
            {admissionItemNames.map((name) => (
              <>
                <dt>{t.of('item', name)}</dt>
                <dd>
                  <ItemValue t={t} name={name} item={(a.items as Record<string, Item>)[name]!} />
                </dd>
              </>
            ))}
            {a.capacity_override ? (
              <>
                <dt>{t('admit.capacity_override')}</dt>
                <dd>
                  <bdi>{a.capacity_override.reason}</bdi>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      ))}
    </>
  );
}

/** Family and contacts, as recorded at the latest admission. */
export function FamilyAndContacts(props: { t: Translator; record: PersonRecord }): Html {
  const { t } = props;
  const latest = props.record.admissions[props.record.admissions.length - 1];
  if (!latest) return <p class="muted">{t('person.no_family_recorded')}</p>;
  const items = latest.items as Record<string, Item>;
  return (
    <dl class="facts">
      <dt>{t.of('item', 'family')}</dt>
      <dd>
        <ItemValue t={t} name="family" item={items.family!} />
      </dd>
      <dt>{t.of('item', 'emergency_contact')}</dt>
      <dd>
        <ItemValue t={t} name="emergency_contact" item={items.emergency_contact!} />
      </dd>
    </dl>
  );
}

export function EventsTable(props: { t: Translator; events: readonly EventView[]; official: OfficialName }): Html {
  const { t, official } = props;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col" class="num">{t('events.index')}</th>
            <th scope="col">{t('events.what')}</th>
            <th scope="col">{t('events.occurred_at')}</th>
            <th scope="col">{t('events.recorded_at')}</th>
            <th scope="col">{t('events.by')}</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((e) => (
            <tr>
              <td class="num">{t.plain(e.idx)}</td>
              <td>{t.of('event', e.kind)}</td>
              <td>{t.dateTime(e.occurred_at)}</td>
              <td>{t.dateTime(e.recorded_at)}</td>
              <td>
                <bdi>{official(e.actor)}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
