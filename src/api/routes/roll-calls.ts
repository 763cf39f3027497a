/**
 * Roll calls: open one for a facility or unit, count register numbers (one scan or a
 * scanner's batch), reconcile with the register, resolve each discrepancy with a reason, sign
 * off; read a roll call, and the daily report of a facility with everyone not seen for N days.
 * Reads that name persons are audited.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { countRollCall } from '../../commands/count-roll-call.ts';
import { openRollCall } from '../../commands/open-roll-call.ts';
import { reconcileRollCall } from '../../commands/reconcile-roll-call.ts';
import { resolveRollCallDiscrepancy } from '../../commands/resolve-roll-call-discrepancy.ts';
import { signOffRollCall } from '../../commands/sign-off-roll-call.ts';
import { custodyStatuses } from '../../domain/custody.ts';
import { defaultNotSeenDays, discrepancyKinds, maxCountBatch, maxNotSeenDays, rollCallStatuses } from '../../domain/roll-call.ts';
import { personsNamed, ReportError, rollCallReport, rollCallView, type DiscrepancyPage } from '../../queries/roll-call-report.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { shownPersonal } from '../../queries/personal-read.ts';
import { commandContext, earlierResponse, runCommand } from '../run-command.ts';
import { closed, EventsResponse, IdempotencyHeaders, IdParams, oneOfStrings, problemResponses, uuid } from '../schemas.ts';

const instant = Type.String({ maxLength: 40, description: 'ISO 8601 with a time zone offset; the time of the request if left out' });
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const nullableUuid = nullable(uuid);
const text = Type.String();

const OpenBody = closed({
  facility_id: uuid,
  unit_id: Type.Optional(Type.Union([uuid, Type.Null()], { description: 'one unit of the facility; the whole facility if left out' })),
  occurred_at: Type.Optional(instant),
});
const CountBody = closed({
  register_numbers: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: maxCountBatch, description: 'as typed or scanned; a person counted again adds nobody' }),
  occurred_at: Type.Optional(instant),
});
const ReconcileBody = closed({ occurred_at: Type.Optional(instant) });
const ResolveBody = closed({ reason: Type.String({ maxLength: 1000, description: 'what was found: where the person is, or why the register and the count differ' }) });
const NoBody = closed({});

const HoldingSchema = closed({ status: oneOfStrings(custodyStatuses), facility_id: nullableUuid, unit_id: nullableUuid, transfer_id: nullableUuid });
const HoldingViewSchema = closed({ ...HoldingSchema.properties, facility_name: nullable(text), unit_name: nullable(text) });
const DiscrepancySchema = closed({ discrepancy_id: uuid, kind: oneOfStrings(discrepancyKinds), register_number: text, person_id: nullableUuid, held: Type.Union([HoldingSchema, Type.Null()]) });

const OpenedResponse = closed({ roll_call_id: uuid, status: Type.Literal('open'), facility_id: uuid, unit_id: nullableUuid });
const CountedResponse = closed({ roll_call_id: uuid, newly_counted: Type.Integer(), repeated: Type.Integer(), total_counted: Type.Integer(), not_on_register: Type.Array(text) });
const ReconciledResponse = closed({ roll_call_id: uuid, status: Type.Literal('reconciled'), expected: Type.Integer(), counted: Type.Integer(), discrepancies: Type.Array(DiscrepancySchema) });
const SignedOffResponse = closed({ roll_call_id: uuid, status: Type.Literal('signed_off'), signed_by: text });

const RollCallSchema = closed({
  id: uuid,
  facility_id: uuid,
  unit_id: nullableUuid,
  unit_name: nullable(text),
  status: oneOfStrings(rollCallStatuses),
  opened_at: text,
  opened_by: text,
  expected: Type.Integer({ description: 'fixed at reconciliation; before it, who the register holds there now' }),
  counted: Type.Integer(),
  counted_by: Type.Array(text),
  reconciled_at: nullable(text),
  reconciled_by: nullable(text),
  signed_off_at: nullable(text),
  signed_off_by: nullable(text),
  unresolved: Type.Integer(),
  discrepancy_counts: closed(Object.fromEntries(discrepancyKinds.map((k) => [k, Type.Integer({ description: 'how many discrepancies of this kind' })]))),
  discrepancy_offsets: closed(Object.fromEntries(discrepancyKinds.map((k) => [k, Type.Integer({ description: 'how many of this kind the list skips (the page asked for)' })]))),
  discrepancies: Type.Array(
    closed({
      id: uuid,
      kind: oneOfStrings(discrepancyKinds),
      register_number: text,
      person_id: nullableUuid,
      held: Type.Union([HoldingViewSchema, Type.Null()]),
      status: oneOfStrings(['open', 'resolved'] as const),
      reason: nullable(text),
      resolved_by: nullable(text),
      resolved_at: nullable(text),
    }),
  ),
});

const ReportSchema = closed({
  facility: closed({ id: uuid, name: text, timezone: text }),
  date: text,
  as_of: text,
  register_roll: closed({ in_custody: Type.Integer(), by_unit: Type.Array(closed({ unit_id: uuid, unit_name: text, in_custody: Type.Integer() })) }),
  roll_calls: Type.Array(RollCallSchema),
  not_seen: closed({
    days: Type.Integer(),
    since: text,
    count: Type.Integer({ description: 'everyone not seen for N days' }),
    offset: Type.Integer({ description: 'how many of them the list skips (the page asked for)' }),
    persons: Type.Array(closed({ person_id: uuid, register_number: text, unit_id: uuid, unit_name: text, last_seen_at: text, last_seen_by: oneOfStrings(['roll_call', 'arrival'] as const) })),
    truncated: Type.Boolean({ description: 'more follow the persons listed' }),
  }),
});

/** How many not-seen persons one answer lists at most, and by default. */
export const maxNotSeenPage = 10000;
const defaultNotSeenPage = 1000;

const ReportQuery = closed({
  facility_id: uuid,
  date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD in the facility’s time zone; today there by default' })),
  not_seen_days: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: `list everyone in custody there not seen for this many days (1–${maxNotSeenDays}, default ${defaultNotSeenDays})` })),
  not_seen_offset: Type.Optional(Type.String({ pattern: '^(?:0|[1-9][0-9]{0,6})$', description: 'how many of the not-seen persons to skip, in the order listed (default 0): the next page' })),
  not_seen_limit: Type.Optional(Type.String({ pattern: `^[1-9][0-9]{0,3}$|^${maxNotSeenPage}$`, description: `how many not-seen persons to list, 1–${maxNotSeenPage} (default ${defaultNotSeenPage}); all are counted` })),
});


const RollCallQuery = closed({
  ...Object.fromEntries(discrepancyKinds.map((k) => [`${k}_offset`, Type.Optional(Type.String({ pattern: '^(?:0|[1-9][0-9]{0,5})$', description: `how many discrepancies of kind ${k} to skip, by register number (default 0)` }))])),
  discrepancy_limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$|^10000$', description: 'list at most this many discrepancies of each kind, 1–10,000 (default: all); all are counted' })),
});

const DiscrepancyParams = closed({ id: uuid, discrepancy_id: uuid });
const rollCallFromPath = { '/roll_call_id': '/params/id' } as const;

/** Register the roll-call routes. */
export function rollCallRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: Static<typeof OpenBody> }>(
    '/api/roll-calls',
    {
      config: { permission: 'rollcall.run', scope: { facility: '/body/facility_id' } },
      schema: { tags: ['roll calls'], summary: 'Open a roll call of a facility or one of its units; the server assigns its id', headers: IdempotencyHeaders, body: OpenBody, response: { 201: OpenedResponse, ...problemResponses } },
    },
    async (request, reply) => {
      const earlier = await earlierResponse(ctx.db, commandContext(request), openRollCall.kind);
      const roll_call_id = (earlier?.roll_call_id as string | undefined) ?? randomUUID();
      const response = await runCommand(ctx.register, openRollCall, { roll_call_id, ...request.body }, request, reply);
      return reply.code(201).header('location', `/api/roll-calls/${roll_call_id}`).send(response);
    },
  );

  app.get<{ Querystring: Static<typeof ReportQuery> }>(
    '/api/roll-calls/report',
    {
      config: { permission: 'rollcall.read', scope: { facility: '/query/facility_id' } },
      schema: {
        tags: ['roll calls'],
        summary: 'The daily roll-call report of a facility: the register’s roll, each roll call with its discrepancies and sign-off, and everyone in custody not seen for N days; the read is audited for each person named',
        querystring: ReportQuery,
        response: { 200: ReportSchema, ...problemResponses },
      },
    },
    async (request) => {
      const now = ctx.clock();
      const { facility_id, date, not_seen_days, not_seen_offset, not_seen_limit } = request.query;
      return ctx.db.transaction(async (tx) => {
        try {
          const page = { offset: Number(not_seen_offset ?? 0), limit: Number(not_seen_limit ?? defaultNotSeenPage) };
          const report = await rollCallReport(tx, { facility_id, ...(date ? { date } : {}), ...(not_seen_days ? { not_seen_days: Number(not_seen_days) } : {}), ...page, now });
          await shownPersonal(tx, { accountId: request.account!.id, purpose: `roll-call report ${report.facility.id} ${report.date}`, now }, personsNamed(report.roll_calls, report.not_seen.persons));
          return report;
        } catch (error) {
          if (error instanceof ReportError) throw new ApiProblem(error.code, error.message, `/query/${error.field}`);
          throw error;
        }
      });
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Record<string, string | undefined> }>(
    '/api/roll-calls/:id',
    {
      config: { permission: 'rollcall.read', scope: { roll_call: '/params/id' } },
      schema: {
        tags: ['roll calls'],
        summary: 'A roll call with its discrepancies (all, or a page of each kind, each kind counted); the read is audited for each person named',
        params: IdParams,
        querystring: RollCallQuery,
        response: { 200: RollCallSchema, ...problemResponses },
      },
    },
    async (request) => {
      const now = ctx.clock();
      const q = request.query;
      const page = q.discrepancy_limit ? { offsets: Object.fromEntries(discrepancyKinds.map((k) => [k, Number(q[`${k}_offset`] ?? 0)])) as DiscrepancyPage['offsets'], limit: Number(q.discrepancy_limit) } : undefined;
      return ctx.db.transaction(async (tx) => {
        const view = await rollCallView(tx, request.params.id, page);
        if (!view) throw new ApiProblem('not_found', 'no roll call with this id', '/params/id');
        await shownPersonal(tx, { accountId: request.account!.id, purpose: `roll call ${view.id}`, now }, personsNamed([view]));
        return view;
      });
    },
  );

  const command = <B, P extends { id: string } = Static<typeof IdParams>>(
    path: string,
    permission: 'rollcall.run' | 'rollcall.sign_off',
    summary: string,
    params: unknown,
    body: unknown,
    response: unknown,
    run: (params: P, body: B, request: Parameters<typeof runCommand>[3], reply: Parameters<typeof runCommand>[4]) => Promise<unknown>,
  ) =>
    app.post<{ Params: P; Body: B }>(
      `/api/roll-calls/:id/${path}`,
      { config: { permission, scope: { roll_call: '/params/id' } }, schema: { tags: ['roll calls'], summary, params: params as never, headers: IdempotencyHeaders, body: body as never, response: { 201: response as never, ...problemResponses } } },
      async (request, reply) => reply.code(201).send(await run(request.params as P, request.body as B, request, reply)),
    );

  command<Static<typeof CountBody>>('counts', 'rollcall.run', `Count register numbers, typed or scanned: one, or a batch of up to ${maxCountBatch.toLocaleString('en')}; a person counted again adds nobody`, IdParams, CountBody, CountedResponse, (p, b, rq, rp) =>
    runCommand(ctx.register, countRollCall, { roll_call_id: p.id, ...b }, rq, rp, rollCallFromPath),
  );
  command<Static<typeof ReconcileBody>>('reconciliation', 'rollcall.run', 'Close the count and compare it with the register: expected but not counted, and counted but not expected, become discrepancies', IdParams, ReconcileBody, ReconciledResponse, (p, b, rq, rp) =>
    runCommand(ctx.register, reconcileRollCall, { roll_call_id: p.id, ...b }, rq, rp, rollCallFromPath),
  );
  command<Static<typeof ResolveBody>, Static<typeof DiscrepancyParams>>('discrepancies/:discrepancy_id/resolution', 'rollcall.run', 'Resolve one discrepancy with a reason', DiscrepancyParams, ResolveBody, EventsResponse, (p, b, rq, rp) =>
    runCommand(ctx.register, resolveRollCallDiscrepancy, { roll_call_id: p.id, discrepancy_id: p.discrepancy_id, ...b }, rq, rp, { ...rollCallFromPath, '/discrepancy_id': '/params/discrepancy_id' }),
  );
  command<Static<typeof NoBody>>('sign-off', 'rollcall.sign_off', 'Sign a reconciled roll call off: every discrepancy resolved, by an official who took no part in the count', IdParams, NoBody, SignedOffResponse, (p, _b, rq, rp) =>
    runCommand(ctx.register, signOffRollCall, { roll_call_id: p.id }, rq, rp, rollCallFromPath),
  );
}
