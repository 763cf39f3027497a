/**
 * Handover lists: importing a list from the sending side (CSV or XLSX, sent as base64 with its
 * mapping) against an existing order or to draw up a new one, a dry run that only reports,
 * and the reconciliation report of a list.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { importHandoverList, previewHandoverList } from '../../commands/import-handover-list.ts';
import { execute } from '../../commands/execute.ts';
import type { ImportHandoverList } from '../../domain/reconciliation.ts';
import { CsvError } from '../../import/csv.ts';
import { ListFileError, readHandoverList, type RowError } from '../../import/handover-list.ts';
import { listFormats, MappingError, parseMapping, type Mapping } from '../../import/mapping.ts';
import { XlsxError } from '../../import/xlsx.ts';
import { handoverListsOf, personsIn, reconciliationReport } from '../../queries/reconciliation-report.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { shownPersonal } from '../../queries/personal-read.ts';
import { answer, commandContext, earlierResponse } from '../run-command.ts';
import { closed, IdempotencyHeaders, IdParams, oneOfStrings, problemResponses, TransferEndpointSchema } from '../schemas.ts';
import { registerDay } from '../../store/clock-projection.ts';

/** The transfers' own endpoint, chosen by `kind`: a plain union would answer an authority without its country with "facility_id is required". */
const Endpoint = TransferEndpointSchema;

/** A 7,000-row XLSX list is well under a megabyte; base64 adds a third. */
const maxFileBytes = 20 * 1024 * 1024;

const ImportBody = closed({
  file: closed({
    name: Type.String({ minLength: 1, maxLength: 255, description: 'the file name as sent (its extension tells the format unless `format` is given)' }),
    format: Type.Optional(oneOfStrings(listFormats)),
    content_base64: Type.String({ maxLength: Math.ceil((maxFileBytes * 4) / 3) + 4 }),
  }),
  mapping: Type.Object({}, { additionalProperties: true, description: 'the mapping file (JSON): columns, ignore, date_order, values, defaults (see README)' }),
  sender: Type.String({ minLength: 1, maxLength: 200, description: 'who sent the list: the sending authority or official' }),
  transfer_id: Type.Optional(Type.String({ format: 'uuid', description: 'the order the list feeds; leave out and give new_transfer to draw one up from the list' })),
  new_transfer: Type.Optional(closed({ origin: Endpoint, destination: Endpoint, reason: Type.String({ maxLength: 1000 }) })),
  dry_run: Type.Optional(Type.Boolean({ description: 'read, match and decide, write nothing, and answer with every row error or the full report' })),
});

const Counts = Type.Record(Type.String(), Type.Integer());
const ImportedResponse = closed({
  list_id: Type.String({ format: 'uuid' }),
  transfer_id: Type.String({ format: 'uuid' }),
  transfer_created: Type.Boolean(),
  rows: Type.Integer(),
  registered: Type.Integer(),
  reviews_opened: Type.Integer(),
  counts: Counts,
});
const RowErrorSchema = closed({ row: Type.Integer(), column: Type.Union([Type.String(), Type.Null()]), header: Type.Union([Type.String(), Type.Null()]), field: Type.String(), message: Type.String() });
const DryRunResponse = Type.Object(
  {
    ok: Type.Boolean(),
    errors: Type.Optional(Type.Array(RowErrorSchema)),
    refused: Type.Optional(Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) })),
    summary: Type.Optional(ImportedResponse),
    report: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);
const ReportResponse = Type.Object({}, { additionalProperties: true, description: 'the reconciliation report: counts, listed_and_received, listed_not_received, received_not_listed, on_order_not_listed, listed_twice, matched_existing' });
const ListsResponse = closed({ lists: Type.Array(closed({ list_id: Type.String({ format: 'uuid' }), sender: Type.String(), source: Type.String(), rows: Type.Integer() })) });

type Body = Static<typeof ImportBody>;

function describeErrors(errors: readonly RowError[]): string {
  const shown = errors.slice(0, 20).map((e) => `row ${e.row}${e.column ? `, column ${e.column}${e.header ? ` "${e.header}"` : ''}` : ''} (${e.field}): ${e.message}`);
  return `${errors.length} row${errors.length === 1 ? '' : 's'} cannot be read, nothing was imported: ${shown.join('; ')}${errors.length > 20 ? `; and ${errors.length - 20} more (a dry run lists them all)` : ''}`;
}

/** The file and mapping read into the command's rows, or a problem naming what is wrong. */
function readList(body: Body, today: string): { entries: ImportHandoverList['entries']; errors: RowError[] } {
  let mapping: Mapping;
  try {
    mapping = parseMapping(body.mapping);
  } catch (error) {
    if (error instanceof MappingError) throw new ApiProblem('invalid_value', error.message, `/mapping${error.field}`);
    throw error;
  }
  const bytes = Buffer.from(body.file.content_base64, 'base64');
  try {
    return readHandoverList(bytes, body.file.name, mapping, { ...(body.file.format ? { format: body.file.format } : {}), today });
  } catch (error) {
    if (error instanceof ListFileError || error instanceof CsvError || error instanceof XlsxError) throw new ApiProblem('invalid_value', error.message, '/file');
    throw error;
  }
}

export function handoverListRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: Body }>(
    '/api/handover-lists',
    {
      // Against an existing order: the account must reach it. (A new order drawn up from a list is not yet checked against the account's facilities.)
      config: { permission: 'transfer.manage', scope: { transfer: '/body/transfer_id' } },
      bodyLimit: Math.ceil((maxFileBytes * 4) / 3) + 64 * 1024,
      schema: {
        tags: ['custody'],
        summary: 'Import a handover list (CSV or XLSX with its mapping) against an order, or draw up a new order from it; all or nothing. With dry_run, only report',
        headers: IdempotencyHeaders,
        body: ImportBody,
        response: { 201: ImportedResponse, 200: DryRunResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (Boolean(body.transfer_id) === Boolean(body.new_transfer)) throw new ApiProblem('invalid_value', 'give either transfer_id (the order the list feeds) or new_transfer (to draw one up from the list)', '/transfer_id');
      const context = commandContext(request);
      const today = registerDay(ctx.clock());
      const { entries, errors } = readList(body, today);
      const earlier = body.dry_run ? null : await earlierResponse(ctx.db, context, importHandoverList.kind);
      const input: ImportHandoverList = {
        list_id: (earlier?.list_id as string | undefined) ?? randomUUID(),
        transfer_id: body.transfer_id ?? (earlier?.transfer_id as string | undefined) ?? randomUUID(),
        ...(body.new_transfer ? { new_transfer: body.new_transfer } : {}),
        sender: body.sender,
        source: body.file.name,
        entries,
      };
      if (body.dry_run) {
        if (errors.length) return reply.code(200).send({ ok: false, errors });
        const preview = await previewHandoverList(ctx.register, input, { actor: context.actor, role: context.role });
        if (!preview.ok) return reply.code(200).send({ ok: false, refused: { code: preview.rejection.code, message: preview.rejection.message, ...(preview.rejection.field ? { field: preview.rejection.field } : {}) } });
        // The report names the register entries the list's rows matched: a read of them, whatever names were sent.
        await shownPersonal(ctx.db, { accountId: request.account!.id, purpose: 'handover list dry run', now: ctx.clock() }, personsIn(preview.report));
        return reply.code(200).send({ ok: true, summary: preview.summary, report: preview.report });
      }
      if (errors.length) throw new ApiProblem('invalid_value', describeErrors(errors), `/file/rows/${errors[0]!.row}`);
      const response = answer(await execute(ctx.register, importHandoverList, input, context), reply);
      return reply.code(201).header('location', `/api/handover-lists/${response.list_id}`).send(response);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/handover-lists/:id',
    {
      config: { permission: 'transfer.read', scope: { handover_list: '/params/id' } },
      schema: { tags: ['custody'], summary: 'The reconciliation report of a handover list against its order as it stands now; the read is audited for each person', params: IdParams, response: { 200: ReportResponse, ...problemResponses } },
    },
    async (request) => {
      const now = ctx.clock();
      return ctx.db.transaction(async (tx) => {
        const report = await reconciliationReport(tx, request.params.id);
        if (!report) throw new ApiProblem('not_found', 'no handover list with this id', '/params/id');
        await shownPersonal(tx, { accountId: request.account!.id, purpose: `handover list ${report.list_id}`, now }, personsIn(report));
        return report;
      });
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/transfers/:id/handover-lists',
    {
      config: { permission: 'transfer.read', scope: { transfer: '/params/id' } },
      schema: { tags: ['custody'], summary: 'The handover lists imported against a transfer, oldest first', params: IdParams, response: { 200: ListsResponse, ...problemResponses } },
    },
    async (request) => ({ lists: await handoverListsOf(ctx.db, request.params.id) }),
  );
}
