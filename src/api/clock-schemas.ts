/** Response schemas of the clock routes (api/routes/clocks.ts). */
import { Type } from '@sinclair/typebox';
import { clockStatuses } from '../domain/clocks/evaluate-clocks.ts';
import { clockFindingCodes } from '../domain/clocks/clock-history.ts';
import { clockRuleIds } from '../domain/clocks/rules.ts';
import { roles } from '../domain/permissions.ts';
import { closed, oneOfStrings } from './schemas.ts';

const when = Type.Union([Type.String(), Type.Null()]);

export const ClockView = closed({
  rule: oneOfStrings(clockRuleIds),
  status: oneOfStrings(clockStatuses),
  due: when,
  since: Type.Optional(Type.String()),
  explanation: closed({
    key: Type.String({ description: 'message key of the explanation (`clock.<key>` in the catalogues)' }),
    values: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'its numbers, and instants as ISO 8601 UTC' }),
    refs: Type.Array(Type.Integer(), { description: 'log indexes of the events it rests on' }),
  }),
});

export const ClocksResponse = closed({
  person_id: Type.String({ format: 'uuid' }),
  at: Type.String(),
  in_custody: Type.Boolean(),
  custody_start: when,
  clocks: Type.Array(ClockView),
  held_without_valid_order: Type.Boolean(),
  unlawful_periods: Type.Array(closed({ rule: oneOfStrings(clockRuleIds), from: Type.String(), to: when })),
  findings: Type.Array(closed({ event: Type.Integer(), code: oneOfStrings(clockFindingCodes) })),
  orders_awaiting_confirmation: Type.Integer({ description: 'orders a clerk entered that no judge has confirmed yet: they do not count until confirmed' }),
});

export const ClockAlertView = closed({
  person_id: Type.String({ format: 'uuid' }),
  register_number: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  facility_id: Type.Union([Type.String(), Type.Null()]),
  facility: Type.Union([Type.String(), Type.Null()]),
  rule: oneOfStrings(clockRuleIds),
  status: oneOfStrings(['due_soon', 'breached'] as const),
  due: when,
  since: when,
  owner_role: oneOfStrings(roles, { description: 'who must act: the responsible official inside the alert window, a supervisor once the limit has passed' }),
});

export const LawfulDetentionResponse = closed({
  at: Type.String(),
  held_without_valid_order: Type.Integer(),
  met_late: Type.Integer(),
  counts: Type.Array(closed({ rule: Type.String(), status: Type.String(), persons: Type.Integer() })),
  alerts: Type.Array(ClockAlertView),
  total: Type.Integer({ description: 'alerts in all pages' }),
});
