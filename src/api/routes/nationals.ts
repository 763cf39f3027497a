/**
 * A state's liaison officer and its nationals (issue 15): the list (with search), one
 * national, and the list as a file (XLSX or CSV) — each showing only the fields the state's
 * data-sharing policy allows, each a sharing recorded with the read (recipient, legal basis,
 * fields, persons, when: STANDARDS D). A person of no other nationality than another state's is
 * not found, not listed, not counted; the state is applied in the query.
 *
 * And the record of sharings, for those who audit the register (`sharing.read`): every sharing,
 * the latest first, and one sharing with the persons it concerned (an audited read).
 */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { checkForeignState } from '../../domain/state-profile.ts';
import { findNationals, nationalOf, nationalsCells } from '../../queries/nationals.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import { sharingRecord, sharingRecords } from '../../queries/sharing-records.ts';
import { writeCsv } from '../../export/csv-writer.ts';
import { writeXlsx } from '../../export/xlsx-writer.ts';
import { fieldsShared } from '../../domain/sharing-policy.ts';
import type { ApiContext } from '../context.ts';
import { liaisonOf, readerFor } from '../liaison.ts';
import { ApiProblem, rejectionProblem } from '../problem.ts';
import { ExportBody, ExportQuery, NationalSchema, NationalsQuery, NationalsResponse, SharingParams, SharingRecordResponse, SharingRecordsQuery, SharingRecordsResponse } from '../nationals-schemas.ts';
import { IdParams, problemResponses } from '../schemas.ts';

const tags = ['repatriation'];

export function nationalRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: Static<typeof NationalsQuery> }>(
    '/api/nationals',
    {
      config: { permission: 'nationals.read', scope: 'filtered' },
      schema: {
        tags,
        summary: 'For a liaison officer: its state’s nationals (claimed or verified), with the fields the state’s data-sharing policy allows, in register-number order; a search by register number, and by name or document number where those are shared (a sharing, recorded)',
        querystring: NationalsQuery,
        response: { 200: NationalsResponse, ...problemResponses },
      },
    },
    async (request) => {
      const liaison = (await liaisonOf(ctx.db, request))!;
      const fields = fieldsShared(liaison.policy);
      const empty = { state: liaison.state, fields, legal_basis: liaison.policy.legal_basis, total: 0, nationals: [] };
      if (!liaison.state) return empty;
      const state = liaison.state;
      const { q, ids } = request.query;
      const page = await readPersonal(
        ctx.db,
        readerFor(request, liaison, q ? 'nationals search' : 'nationals list', ctx.clock()),
        (tx) => findNationals(tx, state, liaison.policy, { ...(q ? { text: q } : {}), ...(ids ? { ids: ids.split(',') } : {}), limit: Number(request.query.limit ?? 50), offset: Number(request.query.offset ?? 0) }),
        (found) => found.nationals.map((n) => n.id),
      );
      return { ...empty, ...page };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/nationals/:id',
    {
      config: { permission: 'nationals.read', scope: { national: '/params/id' } },
      schema: { tags, summary: 'For a liaison officer: one of its state’s nationals, with the fields the state’s data-sharing policy allows (a sharing, recorded)', params: IdParams, response: { 200: NationalSchema, ...problemResponses } },
    },
    async (request) => {
      const liaison = (await liaisonOf(ctx.db, request))!;
      const state = liaison.state;
      const found = state ? await readPersonal(ctx.db, readerFor(request, liaison, 'national', ctx.clock()), (tx) => nationalOf(tx, state, liaison.policy, request.params.id), (n) => (n ? [n.id] : [])) : null;
      if (!found) throw new ApiProblem('not_found', 'no person with this id is registered', '/params/id');
      return found;
    },
  );

  app.post<{ Querystring: Static<typeof ExportQuery>; Body: Static<typeof ExportBody> | undefined }>(
    '/api/nationals/exports',
    {
      config: { permission: 'nationals.read', scope: 'filtered' },
      schema: {
        tags,
        summary: 'For a liaison officer: its state’s nationals as a file, XLSX or CSV — the register number and the fields the data-sharing policy allows, titled in the language the client gives, codes in the cells (each download a sharing, recorded)',
        querystring: ExportQuery,
        body: ExportBody,
        response: problemResponses,
      },
    },
    async (request, reply) => {
      const liaison = (await liaisonOf(ctx.db, request))!;
      const format = request.query.format;
      const state = liaison.state;
      const found = state
        ? await readPersonal(ctx.db, readerFor(request, liaison, `nationals download ${format}`, ctx.clock()), (tx) => findNationals(tx, state, liaison.policy, { limit: null }), (page) => page.nationals.map((n) => n.id))
        : { total: 0, nationals: [] };
      const cells = nationalsCells(found.nationals, liaison.policy, request.body?.column_titles ?? {});
      const name = `nationals-${state ?? 'none'}`;
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(writeCsv(cells));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(Buffer.from(writeXlsx(cells, { sheetName: name, rightToLeft: request.body?.right_to_left ?? false })));
    },
  );

  // ---------------------------------------------------------------- the record of sharings

  app.get<{ Querystring: Static<typeof SharingRecordsQuery> }>(
    '/api/sharing-records',
    {
      config: { permission: 'sharing.read' },
      schema: { tags: ['audit'], summary: 'Every sharing of persons’ data with a state, the latest first: recipient (state, account), legal basis, fields, how many persons, when', querystring: SharingRecordsQuery, response: { 200: SharingRecordsResponse, ...problemResponses } },
    },
    async (request) => {
      const { state } = request.query;
      if (state !== undefined) {
        const bad = checkForeignState(state, '/state');
        if (bad) throw rejectionProblem(bad, { '/state': '/query/state' });
      }
      return sharingRecords(ctx.db, { ...(state ? { state } : {}), limit: Number(request.query.limit ?? 50), offset: Number(request.query.offset ?? 0) });
    },
  );

  app.get<{ Params: Static<typeof SharingParams> }>(
    '/api/sharing-records/:id',
    {
      config: { permission: 'sharing.read' },
      schema: { tags: ['audit'], summary: 'One sharing with a state, with the persons it concerned (their register numbers: an audited read)', params: SharingParams, response: { 200: SharingRecordResponse, ...problemResponses } },
    },
    async (request) => {
      const found = await readPersonal(
        ctx.db,
        { accountId: request.account!.id, purpose: 'sharing record', now: ctx.clock() },
        (tx) => sharingRecord(tx, Number(request.params.id)),
        (r) => r?.person_list.map((p) => p.id) ?? [],
      );
      if (!found) throw new ApiProblem('not_found', 'no sharing with this number is recorded', '/params/id');
      return found;
    },
  );
}
