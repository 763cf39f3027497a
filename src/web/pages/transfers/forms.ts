/**
 * The transfer pages' forms mapped to the API: which controls a form has (named by the JSON
 * pointers they fill, so a refusal's field names its control), the request body each form
 * sends, and where a refusal about another path is shown.
 */
import { instantFromLocal, localNow } from '../../forms.ts';
import type { ArrivalMember } from '../../../queries/arrival-list.ts';
import type { Action, Member } from './views.ts';

type Values = Record<string, string>;

/** A text control's value without surrounding spaces. */
export const trimmed = (v: Values, name: string): string => (v[name] ?? '').trim();

/** When it happened: the time entered, or now (the clock is read only when none was). */
export const occurredAt = (v: Values, clock: () => Date): string => instantFromLocal(v['/occurred_at'] || localNow(clock()));

// ---------------------------------------------------------------- drawing up an order

export const createControls = ['/origin/facility_id', '/destination/kind', '/destination/facility_id', '/destination/name', '/destination/country', '/reason', '/persons'];

/** Register numbers as typed or scanned on a new order, one a line. */
export const orderNumbers = (values: Values): string[] => westernDigits(values['/persons'] ?? '').split(/[\r\n,،;؛]+/).map((s) => s.trim()).filter(Boolean);

/** What a button of the order's form asks for: look for persons by name, add those ticked, a unit's persons, a pasted list; or draw the order up. */
export const draftActions = ['find', 'add_found', 'add_unit', 'add_list', 'create'] as const;
export type DraftAction = (typeof draftActions)[number];

/** The button pressed (`_do`); a form posted without one draws the order up, as before there were others. */
export const draftAction = (values: Values): DraftAction => ((draftActions as readonly string[]).includes(values._do ?? '') ? (values._do as DraftAction) : 'create');

/** Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits as ASCII digits: a list typed on an Arabic keyboard reads as one typed on a Latin one. */
export const westernDigits = (text: string): string => text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) & 0xf));

/** One register number read from a pasted list: the line it is on, what was typed, and the number (null when it is none). */
export interface PastedNumber {
  readonly line: number;
  readonly typed: string;
  readonly number: string | null;
}

/**
 * A pasted list of register numbers: one a line, or several separated by commas (Latin or
 * Arabic), semicolons or spaces. A number may itself hold spaces (`7KQ4 9XZT M`, as printed):
 * up to three neighbouring words are read as one number when together they are one, the
 * check symbol saying which; a word that is no number, alone or with its neighbours, is
 * reported as it was typed.
 */
export function readPastedList(text: string | undefined, parse: (typed: string) => string | null): PastedNumber[] {
  const out: PastedNumber[] = [];
  westernDigits(text ?? '')
    .split(/\r\n|\r|\n/)
    .forEach((lineText, i) => {
      for (const piece of lineText.split(/[,،;؛\t]+/)) {
        const words = piece.trim().split(/\s+/).filter(Boolean);
        let at = 0;
        while (at < words.length) {
          let taken = 0;
          for (let n = Math.min(3, words.length - at); n >= 1 && !taken; n--) {
            const typed = words.slice(at, at + n).join(' ');
            const number = parse(typed);
            if (number) {
              out.push({ line: i + 1, typed, number });
              taken = n;
            }
          }
          if (!taken) {
            out.push({ line: i + 1, typed: words[at]!, number: null });
            taken = 1;
          }
          at += taken;
        }
      }
    });
  return out;
}

/** The order's list of register numbers with these added after it (each person once, the list as typed kept). */
export function withNumbers(values: Values, added: readonly string[], parse: (typed: string) => string | null): { readonly persons: string; readonly added: number; readonly already: number } {
  const typed = orderNumbers(values);
  const onOrder = new Set(typed.map((n) => parse(n) ?? n));
  const fresh = [...new Set(added)].filter((n) => !onOrder.has(n));
  return { persons: [...typed, ...fresh].join('\n'), added: fresh.length, already: new Set(added).size - fresh.length };
}

/** POST /api/transfers, for the persons the typed numbers found. */
export function createBody(values: Values, ids: readonly string[]) {
  const destination =
    values['/destination/kind'] === 'authority'
      ? { kind: 'authority', name: (values['/destination/name'] ?? '').trim(), country: (values['/destination/country'] ?? '').trim().toUpperCase() }
      : { kind: 'facility', facility_id: values['/destination/facility_id'] ?? '' };
  return { origin: { kind: 'facility', facility_id: values['/origin/facility_id'] ?? '' }, destination, reason: (values['/reason'] ?? '').trim(), persons: ids };
}

// ---------------------------------------------------------------- actions on an order

/** An action on a transfer that is one API request: its form's controls and the body it sends. */
export interface ActionForm {
  readonly name: Action;
  readonly permission: 'transfer.approve' | 'transfer.manage' | 'transfer.dispatch' | 'transfer.receive';
  /** The API's path under /api/transfers/:id/. */
  readonly apiPath: string;
  readonly controls: readonly string[];
  readonly body: (v: Values, clock: () => Date) => Record<string, unknown>;
  /** The notice shown after it succeeds. */
  readonly done: string;
}

export const actionForms: readonly ActionForm[] = [
  { name: 'approve', permission: 'transfer.approve', apiPath: 'approval', controls: [], body: () => ({}), done: 'approved' },
  { name: 'cancel', permission: 'transfer.manage', apiPath: 'cancellation', controls: ['/code', '/note'], body: (v) => ({ code: v['/code'], note: trimmed(v, '/note') }), done: 'cancelled' },
  {
    name: 'dispatch',
    permission: 'transfer.dispatch',
    apiPath: 'dispatch',
    controls: ['/escort_authority', '/escort_commander', '/releasing_official', '/occurred_at'],
    body: (v, clock) => ({
      escort_authority: trimmed(v, '/escort_authority'),
      escort_commander: trimmed(v, '/escort_commander'),
      releasing_official: trimmed(v, '/releasing_official'),
      occurred_at: occurredAt(v, clock),
    }),
    done: 'dispatched',
  },
  {
    name: 'count',
    permission: 'transfer.receive',
    apiPath: 'count',
    controls: ['/receiving_official', '/incident_owner', '/occurred_at'],
    body: (v, clock) => ({
      receiving_official: trimmed(v, '/receiving_official'),
      occurred_at: occurredAt(v, clock),
      ...(trimmed(v, '/incident_owner') ? { incident_owner: trimmed(v, '/incident_owner') } : {}),
    }),
    done: 'count_closed',
  },
  { name: 'reject', permission: 'transfer.receive', apiPath: 'rejection', controls: ['/reason', '/receiving_official', '/occurred_at'], body: (v, clock) => ({ reason: trimmed(v, '/reason'), receiving_official: trimmed(v, '/receiving_official'), occurred_at: occurredAt(v, clock) }), done: 'rejected' },
  { name: 'close', permission: 'transfer.receive', apiPath: 'closure', controls: [], body: () => ({}), done: 'closed' },
];

// ---------------------------------------------------------------- check-in, one person

export const checkInControls = ['/register_number', '/unit_id', '/legal_status', '/receiving_official', '/occurred_at', '/receipt_reference'];
export const checkInFromPath = { '/person_id': '/register_number' };

/** POST /api/transfers/:id/check-ins for the person the typed number found. */
export function checkInBody(values: Values, member: Member, typed: string, toFacility: boolean, clock: () => Date): Record<string, unknown> {
  const body: Record<string, unknown> = { person_id: member.person_id, register_number: typed, receiving_official: trimmed(values, '/receiving_official'), occurred_at: occurredAt(values, clock) };
  if (toFacility) body.unit_id = values['/unit_id'] ?? '';
  else body.receipt_reference = trimmed(values, '/receipt_reference');
  if (values['/legal_status']) body.legal_status = values['/legal_status'];
  return body;
}

// ---------------------------------------------------------------- the list scanned at the gate

export const arrivalsControls = ['/register_numbers', '/unit_id', '/receiving_official', '/occurred_at', '/receipt_reference'];
export const arrivalsFromPath = { '/body/receiving_official': '/receiving_official', '/body/occurred_at': '/occurred_at', '/arrivals': '/register_numbers', '/body/arrivals': '/register_numbers' };

/**
 * POST /api/transfers/:id/arrivals: each number (in the order scanned, as scanned) with the
 * unit chosen for the person's category, or the one chosen for all.
 */
export function arrivalsBody(values: Values, order: readonly (readonly [number: string, asScanned: string])[], members: ReadonlyMap<string, ArrivalMember>, toFacility: boolean, clock: () => Date) {
  const arrivals = order.map(([number, asScanned]) => {
    const m = members.get(number)!;
    const arrival: Record<string, unknown> = { person_id: m.person_id, register_number: asScanned };
    if (toFacility) {
      const unit = (m.category ? values[`/units/${m.category}`] : '') || values['/unit_id'];
      if (unit) arrival.unit_id = unit;
      if (values['/legal_status']) arrival.legal_status = values['/legal_status'];
    } else arrival.receipt_reference = trimmed(values, '/receipt_reference');
    return arrival;
  });
  return { receiving_official: trimmed(values, '/receiving_official'), occurred_at: occurredAt(values, clock), arrivals };
}

/**
 * A refusal about one arrival (its field `/arrivals/<i>/…`): the register number it concerns
 * and the control to show it at — the unit it concerns, the legal status, the receipt
 * reference, or the list. Null when the refusal is about no one arrival.
 */
export function arrivalRefused(field: string | undefined, values: Values, order: readonly (readonly [number: string, asScanned: string])[], members: ReadonlyMap<string, ArrivalMember>): { number: string; control: string } | null {
  const one = field?.match(/^(?:\/body)?\/arrivals\/(\d+)(\/[a-z_]+)?/);
  if (!one) return null;
  const [number] = order[Number(one[1])] ?? [''];
  const m = members.get(number);
  const control = one[2] === '/unit_id' ? (m?.category && values[`/units/${m.category}`] !== undefined ? `/units/${m.category}` : '/unit_id') : one[2] === '/legal_status' ? '/legal_status' : one[2] === '/receipt_reference' ? '/receipt_reference' : '/register_numbers';
  return { number, control };
}

// ---------------------------------------------------------------- refusing one person

export const refusalControls = ['/register_number', '/reason', '/receiving_official', '/occurred_at'];
export const refusalFromPath = { '/person_id': '/register_number', '/body/reason': '/reason', '/body/receiving_official': '/receiving_official', '/body/occurred_at': '/occurred_at' };

/** POST /api/transfers/:id/refusals for the person the typed number found. */
export const refusalBody = (values: Values, member: Member, clock: () => Date) => ({ person_id: member.person_id, reason: trimmed(values, '/reason'), receiving_official: trimmed(values, '/receiving_official'), occurred_at: occurredAt(values, clock) });
