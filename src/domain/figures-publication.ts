/**
 * Publishing the register's figures (issue 17): an official prepares a publication — the
 * tables asked for, computed at a log size (figures.ts) and protected by disclosure control
 * with the parameters given — and another official approves it; only then is it public. Both
 * are events, so the log holds what was published, at which size, and who stood behind it.
 */
import { reject, type Rejection } from './rejection.ts';
import { isIsoDate } from './values.ts';
import { newEvent, type NewEvent } from './events.ts';
import type { DecisionContext, Decision } from './decision.ts';
import { protectTables, type CountTable, type DisclosureParameters, type ProtectedTable } from './disclosure-control.ts';
import { checkTableRequest, defaultTables, tableName, type NotMeasured, type TableRequest } from './figures.ts';
import type { ClockRules } from './clocks/rules.ts';
import { localDay } from './local-day.ts';

/** The smallest threshold of primary suppression a publication may use. */
export const minimumThreshold = 3;
export const defaultParameters: DisclosureParameters = { threshold: 9, rounding: 5, publish_zeros: true };

/** What an official asks for when preparing a publication. */
export interface PrepareFigures {
  readonly publication_id: string;
  readonly threshold?: number;
  readonly rounding?: 1 | 5;
  readonly publish_zeros?: boolean;
  readonly tables?: readonly TableRequest[];
  /** A past day (YYYY-MM-DD, local): the figures at the log as it stood at the end of that day; by default, the log as it stands. */
  readonly log_as_of?: string;
}

/** The figures computed from the log for a preparation: the tables before protection, at a size. */
export interface ComputedFigures {
  readonly log_size: number;
  /** The local day the figures stand at (the day of `measured_at`, on the clocks' local time). */
  readonly as_of: string | null;
  /** The instant measured at: the latest event folded (a breach still open counts up to it). */
  readonly measured_at: string | null;
  readonly tables: readonly CountTable[];
  readonly not_measured: readonly NotMeasured[];
  /** The clock rules the lawful-detention column was measured with. */
  readonly clock_rules: ClockRules;
}

/** A publication as its events leave it. */
export interface Publication {
  readonly publication_id: string;
  readonly prepared_by: string;
  readonly approved_by: string | null;
}

/** The parameters and tables a request stands for, or the rejection naming what is wrong. */
export function readPreparation(input: PrepareFigures): { parameters: DisclosureParameters; tables: readonly TableRequest[] } | Rejection {
  const parameters: DisclosureParameters = {
    threshold: input.threshold ?? defaultParameters.threshold,
    rounding: input.rounding ?? defaultParameters.rounding,
    publish_zeros: input.publish_zeros ?? defaultParameters.publish_zeros,
  };
  if (!Number.isInteger(parameters.threshold) || parameters.threshold < minimumThreshold) {
    return reject('invalid_value', `the threshold must be a whole number of at least ${minimumThreshold}: counts from 1 to the threshold are suppressed, and a smaller one would publish counts of one or two persons`, '/threshold');
  }
  if (parameters.rounding !== 1 && parameters.rounding !== 5) return reject('invalid_value', 'rounding must be 1 (none) or 5 (to base 5)', '/rounding');
  if (input.log_as_of !== undefined && !isIsoDate(input.log_as_of)) return reject('invalid_value', 'log_as_of is a day, YYYY-MM-DD', '/log_as_of');
  const tables = input.tables ?? defaultTables;
  if (tables.length === 0) return reject('invalid_value', 'a publication needs at least one table', '/tables');
  const names = new Set<string>();
  for (const [i, t] of tables.entries()) {
    const bad = checkTableRequest(t);
    if (bad) return reject('invalid_value', bad.message, `/tables/${i}/${bad.field}`);
    if (names.has(tableName(t))) return reject('invalid_value', `the table ${tableName(t)} is asked for twice`, `/tables/${i}`);
    names.add(tableName(t));
  }
  return { parameters, tables };
}

/** Prepare a publication: the tables computed at the log size, protected; public only once approved by another official. */
export function decidePreparation(existing: Publication | null, computed: ComputedFigures, input: PrepareFigures, ctx: DecisionContext & { readonly actor: string }): Decision {
  const read = readPreparation(input);
  if ('rejected' in read) return read;
  if (existing) return reject('duplicate', 'a publication with this id was prepared already', '/publication_id');
  const today = localDay(ctx.now, computed.clock_rules.utcOffsetMinutes);
  if (input.log_as_of !== undefined && input.log_as_of > today) return reject('invalid_value', 'log_as_of cannot be a day to come: the figures are of the log as it stood', '/log_as_of');
  const tables: ProtectedTable[] = protectTables(computed.tables, read.parameters);
  return [
    newEvent('figures.prepared', null, ctx.now, {
      publication_id: input.publication_id,
      log_size: computed.log_size,
      as_of: computed.as_of,
      measured_at: computed.measured_at,
      parameters: read.parameters,
      requests: read.tables.map((t) => ({ rows: t.rows, columns: t.columns })),
      tables,
      not_measured: [...computed.not_measured],
      clock_rules: computed.clock_rules,
      prepared_by: ctx.actor,
    }),
  ];
}

/** Approve a prepared publication: by an official other than the one who prepared it; it gets the next number. */
export function decideApproval(publication: Publication | null, published: number, ctx: DecisionContext & { readonly actor: string }): readonly NewEvent[] | Rejection {
  if (!publication) return reject('not_found', 'no publication of figures was prepared with this id', '/publication_id');
  if (publication.approved_by !== null) return reject('invalid_transition', 'this publication is approved already', '/publication_id');
  if (publication.prepared_by === ctx.actor) {
    return reject('same_official', 'the official who prepared the figures cannot approve them: another official must check and approve them', '/publication_id');
  }
  return [newEvent('figures.approved', null, ctx.now, { publication_id: publication.publication_id, approved_by: ctx.actor, number: published + 1 })];
}
