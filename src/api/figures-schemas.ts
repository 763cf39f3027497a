/**
 * TypeBox schemas of the figures' routes (routes/figures.ts). Dimensions are strings here:
 * the domain names an unknown one (figures-publication.ts), with the dimensions there are.
 */
import { Type } from '@sinclair/typebox';
import { closed, EventSummarySchema } from './schemas.ts';

export const PrepareFiguresBody = closed(
  {
    threshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'Counts from 1 to the threshold are suppressed; at least 3 (default 9)' })),
    rounding: Type.Optional(Type.Integer({ enum: [1, 5], description: '5: every published count rounded to base 5 (default); 1: none' })),
    publish_zeros: Type.Optional(Type.Boolean({ description: 'Whether a true zero may be published as 0 (default true)' })),
    log_as_of: Type.Optional(Type.String({ maxLength: 10, description: 'A past day (YYYY-MM-DD, local time): the figures at the log as it stood at the end of that day (default: as it stands)' })),
    tables: Type.Optional(Type.Array(closed({ rows: Type.String({ maxLength: 40 }), columns: Type.String({ maxLength: 40 }) }), { maxItems: 20, description: 'The tables, each two dimensions (default: the issue’s tables)' })),
  },
  { description: 'Prepare a publication of the figures at the log as it stands' },
);

export const PreparedFiguresResponse = closed({ publication_id: Type.String(), log_size: Type.Integer(), events: Type.Array(EventSummarySchema) });
export const ApprovedFiguresResponse = closed({ publication_id: Type.String(), number: Type.Integer(), events: Type.Array(EventSummarySchema) });

export const FiguresQuery = closed({ publication: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'A publication’s number (default: the latest)' })) });

const count = Type.Union([Type.Integer(), Type.Null()]);
const TableSchema = closed({
  name: Type.String(),
  row_dimension: Type.String(),
  column_dimension: Type.String(),
  rows: Type.Array(Type.String()),
  columns: Type.Array(Type.String()),
  cells: Type.Array(Type.Array(count)),
  row_totals: Type.Array(count),
  column_totals: Type.Array(count),
  total: count,
});
const EntrySchema = closed({ index: Type.Integer(), entry: Type.String({ description: 'The event’s canonical bytes, base64' }) });

export const FiguresDocumentSchema = closed({
  number: Type.Integer(),
  publications: Type.Integer(),
  publication_id: Type.String(),
  published_at: Type.String(),
  prepared_by: Type.String(),
  approved_by: Type.String(),
  log_size: Type.Integer(),
  as_of: Type.Union([Type.String(), Type.Null()]),
  measured_at: Type.Union([Type.String({ description: 'The instant the figures were measured at: the latest event folded (persons held without a valid order count a breach still open up to it); null in publications that did not record it' }), Type.Null()]),
  checkpoint: Type.Union([Type.String(), Type.Null()]),
  threshold: Type.Integer(),
  rounding: Type.Integer(),
  publish_zeros: Type.Boolean(),
  tables: Type.Array(TableSchema),
  not_measured: Type.Array(closed({ table: Type.String(), column: Type.String(), reason: Type.String() })),
  events: closed({ prepared: EntrySchema, approved: EntrySchema }),
});
