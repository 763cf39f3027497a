/**
 * Transfers: drawing up an order, approving or cancelling it, safeguards assessments for a
 * transfer to another state, dispatch, check-in at the destination, the count at arrival,
 * rejection at arrival, closing; and reading orders with where each person stands.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { approveTransfer } from '../../commands/approve-transfer.ts';
import { cancelTransfer } from '../../commands/cancel-transfer.ts';
import { checkInPerson } from '../../commands/check-in-person.ts';
import { closeCount } from '../../commands/close-count.ts';
import { closeTransfer } from '../../commands/close-transfer.ts';
import { createTransfer } from '../../commands/create-transfer.ts';
import { dispatchTransfer } from '../../commands/dispatch-transfer.ts';
import { recordSafeguards } from '../../commands/record-safeguards.ts';
import { rejectTransfer } from '../../commands/reject-transfer.ts';
import { refusePerson } from '../../commands/refuse-person.ts';
import { checkInBatch } from '../../commands/check-in-batch.ts';
import { arriveAtStop } from '../../commands/arrive-at-stop.ts';
import { departFromStop } from '../../commands/depart-from-stop.ts';
import { transferStatuses } from '../../domain/transfer.ts';
import type { Queryable } from '../../store/database.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { personScopeSql, scopeOf } from '../scope.ts';
import { shownPersonal } from '../../queries/personal-read.ts';
import { commandContext, earlierResponse, runCommand } from '../run-command.ts';
import {
  CancelTransferBody,
  CheckInBody,
  CheckInResponse,
  closed,
  CloseCountBody,
  CountClosedResponse,
  CreateTransferBody,
  DispatchBody,
  EventsResponse,
  IdempotencyHeaders,
  IdParams,
  oneOfStrings,
  problemResponses,
  RejectTransferBody,
  RefusePersonBody,
  CheckInBatchBody,
  CheckInBatchResponse,
  PersonRefusedResponse,
  SafeguardsBody,
  StopArrivalBody,
  StopArrivedResponse,
  StopDepartedResponse,
  StopDepartureBody,
  TransferCreatedResponse,
  TransferDispatchedResponse,
  TransferRejectedResponse,
  TransferResponse,
  TransfersResponse,
} from '../schemas.ts';

type Params = { Params: Static<typeof IdParams> };
type TransferView = Static<typeof TransferResponse>;

/** The transfer id of a command came from the URL. */
const transferFromPath = { '/transfer_id': '/params/id' } as const;

const listLimit = 200;

const ListQuery = closed({
  status: Type.Optional(oneOfStrings(transferStatuses)),
  facility_id: Type.Optional(Type.String({ format: 'uuid', description: 'only transfers from or to this facility' })),
});

const iso = (column: string) => `CASE WHEN ${column} IS NULL THEN NULL ELSE to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END`;

const summaryColumns = `'id', t.id, 'status', t.status, 'origin', t.origin, 'destination', t.destination, 'reason', t.reason, 'persons', t.persons,
  'created_by', t.created_by, 'created_at', ${iso('t.created_at')}, 'approved_by', t.approved_by, 'dispatched_at', ${iso('t.dispatched_at')},
  'count_closed_at', ${iso('t.count_closed_at')}, 'closed_at', ${iso('t.closed_at')}`;

/** One transfer with every person's status on it, in one statement (one consistent snapshot). */
async function transferView(q: Queryable, id: string): Promise<TransferView | null> {
  const { rows } = await q.query<{ view: TransferView }>(
    `SELECT jsonb_build_object(${summaryColumns},
       'cancellation', t.cancellation, 'escort', t.escort, 'stops', t.stops, 'at_stop', t.at_stop, 'next_stop', t.next_stop, 'releasing_official', t.releasing_official, 'receiving_official', t.receiving_official, 'rejection', t.rejection, 'production', t.production,
       'counts', COALESCE((SELECT jsonb_object_agg(s.status, s.n) FROM (SELECT status, count(*) AS n FROM transfer_person WHERE transfer_id = t.id GROUP BY status) s), '{}'),
       'members', COALESCE((SELECT jsonb_agg(jsonb_build_object('person_id', tp.person_id, 'register_number', p.register_number, 'status', tp.status,
                                                                'safeguards_recorded', tp.safeguards IS NOT NULL, 'unit_id', tp.unit_id, 'incident_id', tp.incident_id,
                                                                'settled_at', ${iso('tp.settled_at')}, 'refusal', tp.refusal) ORDER BY tp.position)
                              FROM transfer_person tp JOIN person p ON p.id = tp.person_id WHERE tp.transfer_id = t.id), '[]')) AS view
       FROM transfer t WHERE t.id = $1`,
    [id],
  );
  return rows[0]?.view ?? null;
}

/** Register the transfer routes. */
export function transferRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: Static<typeof CreateTransferBody> }>(
    '/api/transfers',
    {
      // Only persons within the account's reach can be put on an order.
      config: { permission: 'transfer.manage', scope: { persons: '/body/persons' } },
      schema: {
        tags: ['custody'],
        summary: 'Draw up a transfer order of 1 to 10,000 persons between a facility and a facility or an outside authority; the server assigns its id',
        headers: IdempotencyHeaders,
        body: CreateTransferBody,
        response: { 201: TransferCreatedResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const earlier = await earlierResponse(ctx.db, commandContext(request), createTransfer.kind);
      const transfer_id = (earlier?.transfer_id as string | undefined) ?? randomUUID();
      const response = await runCommand(ctx.register, createTransfer, { transfer_id, ...request.body }, request, reply);
      return reply.code(201).header('location', `/api/transfers/${transfer_id}`).send(response);
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/transfers',
    {
      config: { permission: 'transfer.read', scope: 'filtered' },
      schema: { tags: ['custody'], summary: 'Transfer orders, newest first', querystring: ListQuery, response: { 200: TransfersResponse, ...problemResponses } },
    },
    async (request) => {
      const { status, facility_id } = request.query;
      // Orders from or to a facility of the account's, or with a person within its reach on them.
      const scope = await scopeOf(ctx.db, request);
      const params: unknown[] = [status ?? null, facility_id ?? null, listLimit + 1];
      const reached = scope.all
        ? 'TRUE'
        : `(t.origin_facility_id = ANY($${params.push([...scope.facilities])}::uuid[]) OR t.destination_facility_id = ANY($${params.length}::uuid[])
            OR EXISTS (SELECT 1 FROM transfer_person x WHERE x.transfer_id = t.id AND ${personScopeSql(scope, 'x.person_id', params)}))`;
      const { rows } = await ctx.db.query<{ view: Static<typeof TransfersResponse>['transfers'][number] }>(
        `SELECT jsonb_build_object(${summaryColumns}) AS view FROM transfer t
          WHERE ($1::text IS NULL OR t.status = $1) AND ($2::uuid IS NULL OR $2 IN (t.origin_facility_id, t.destination_facility_id)) AND ${reached}
          ORDER BY t.created_at DESC, t.id LIMIT $3`,
        params,
      );
      return { transfers: rows.slice(0, listLimit).map((r) => r.view), truncated: rows.length > listLimit };
    },
  );

  app.get<Params>(
    '/api/transfers/:id',
    {
      config: { permission: 'transfer.read', scope: { transfer: '/params/id' } },
      schema: { tags: ['custody'], summary: 'A transfer order, with where each person on it stands; the read is audited for each person', params: IdParams, response: { 200: TransferResponse, ...problemResponses } },
    },
    async (request) => {
      const now = ctx.clock();
      return ctx.db.transaction(async (tx) => {
        const view = await transferView(tx, request.params.id);
        if (!view) throw new ApiProblem('not_found', 'no transfer with this id', '/params/id');
        await shownPersonal(tx, { accountId: request.account!.id, purpose: `transfer ${view.id}`, now }, view.members.map((m) => m.person_id));
        return view;
      });
    },
  );

  const command = <B>(
    path: string,
    permission: 'transfer.manage' | 'transfer.approve' | 'transfer.dispatch' | 'transfer.receive',
    summary: string,
    body: unknown,
    response: unknown,
    run: (id: string, body: B, request: Parameters<typeof runCommand>[3], reply: Parameters<typeof runCommand>[4]) => Promise<unknown>,
  ) =>
    app.post<Params & { Body: B }>(
      `/api/transfers/:id/${path}`,
      { config: { permission, scope: { transfer: '/params/id' } }, schema: { tags: ['custody'], summary, params: IdParams, headers: IdempotencyHeaders, body: body as never, response: { 201: response as never, ...problemResponses } } },
      async (request, reply) => reply.code(201).send(await run(request.params.id, request.body as B, request, reply)),
    );

  const NoBody = closed({});

  command('approval', 'transfer.approve', 'Approve a draft order (not by its creator; to another state, only with every safeguards assessment)', NoBody, EventsResponse, (id, _b, rq, rp) =>
    runCommand(ctx.register, approveTransfer, { transfer_id: id }, rq, rp, transferFromPath),
  );
  command<Static<typeof CancelTransferBody>>('cancellation', 'transfer.manage', 'Cancel an order before dispatch, with a coded reason', CancelTransferBody, EventsResponse, (id, b, rq, rp) =>
    runCommand(ctx.register, cancelTransfer, { transfer_id: id, ...b }, rq, rp, transferFromPath),
  );
  command<Static<typeof SafeguardsBody>>('safeguards', 'transfer.manage', 'Record a person’s safeguards assessment for a transfer to another state (STANDARDS C)', SafeguardsBody, EventsResponse, (id, b, rq, rp) =>
    runCommand(ctx.register, recordSafeguards, { transfer_id: id, ...b }, rq, rp, transferFromPath),
  );
  command<Static<typeof DispatchBody>>('dispatch', 'transfer.dispatch', 'Dispatch an approved order: every person passes into the escort’s custody, in transit', DispatchBody, TransferDispatchedResponse, (id, b, rq, rp) =>
    runCommand(ctx.register, dispatchTransfer, { transfer_id: id, ...b }, rq, rp, transferFromPath),
  );
  command<Static<typeof StopArrivalBody>>('stop-arrivals', 'transfer.receive', 'Arrive at the next stop: the persons counted are lodged there (custody at the intermediate facility); anyone missing becomes an unaccounted incident at once', StopArrivalBody, StopArrivedResponse, (id, b, rq, rp) =>
    runCommand(ctx.register, arriveAtStop, { transfer_id: id, ...b }, rq, rp, transferFromPath),
  );
  command<Static<typeof StopDepartureBody>>('stop-departures', 'transfer.dispatch', 'Depart from the stop the escort is lodged at: everyone lodged there passes into transit again, on the next leg', StopDepartureBody, StopDepartedResponse, (id, b, rq, rp) =>
    runCommand(ctx.register, departFromStop, { transfer_id: id, ...b }, rq, rp, transferFromPath),
  );
  command<Static<typeof CheckInBody>>('check-ins', 'transfer.receive', 'Check one person in at the destination; the register number typed must be theirs, or they are held in a discrepancy', CheckInBody, CheckInResponse, (id, b, rq, rp) =>
    runCommand(ctx.register, checkInPerson, { transfer_id: id, ...b }, rq, rp, transferFromPath),
  );
  command<Static<typeof CheckInBatchBody>>('arrivals', 'transfer.receive', 'Check in the list scanned at the gate, up to 10,000 persons in one all-or-nothing batch, by the same rules as single check-ins', CheckInBatchBody, CheckInBatchResponse, (id, b, rq, rp) =>
    runCommand(ctx.register, checkInBatch, { transfer_id: id, ...b }, rq, rp, transferFromPath),
  );
  command<Static<typeof CloseCountBody>>('count', 'transfer.receive', 'Close the count at arrival: anyone not checked in becomes an unaccounted incident at once', CloseCountBody, CountClosedResponse, (id, b, rq, rp) =>
    runCommand(ctx.register, closeCount, { transfer_id: id, ...b }, rq, rp, transferFromPath),
  );
  command<Static<typeof RejectTransferBody>>('rejection', 'transfer.receive', 'Refuse a dispatched order at arrival: the persons go back to the origin', RejectTransferBody, TransferRejectedResponse, (id, b, rq, rp) =>
    runCommand(ctx.register, rejectTransfer, { transfer_id: id, ...b }, rq, rp, transferFromPath),
  );
  command<Static<typeof RefusePersonBody>>('refusals', 'transfer.receive', 'Refuse one person at arrival (in transit or held in a discrepancy): they go back to the unit they left', RefusePersonBody, PersonRefusedResponse, (id, b, rq, rp) =>
    runCommand(ctx.register, refusePerson, { transfer_id: id, ...b }, rq, rp, transferFromPath),
  );
  command('closure', 'transfer.receive', 'Close an order once nobody on it is still in transit', NoBody, EventsResponse, (id, _b, rq, rp) =>
    runCommand(ctx.register, closeTransfer, { transfer_id: id }, rq, rp, transferFromPath),
  );
}
