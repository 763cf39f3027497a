/**
 * Persons: registering, looking up, reading a record (every read is audited), names and
 * corrections, the person's events, and who has read the record.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { can } from '../../domain/permissions.ts';
import { addName } from '../../commands/add-name.ts';
import { completeTask } from '../../commands/complete-task.ts';
import { correctPerson } from '../../commands/correct-person.ts';
import { execute } from '../../commands/execute.ts';
import { registerPerson } from '../../commands/register-person.ts';
import { parseRegisterNumber, registerNumberFromBytes } from '../../domain/register-number.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { personsInScope, scopeOf } from '../scope.ts';
import { readPersonal, shownPersonal } from '../../queries/personal-read.ts';
import { findPersons, personEvents, personRecord, personSummaries, readsOf } from '../read-models.ts';
import { answer, commandContext, earlierResponse, runCommand } from '../run-command.ts';
import {
  AddNameBody,
  closed,
  CorrectionBody,
  EventsResponse,
  IdempotencyHeaders,
  IdParams,
  PersonEventsResponse,
  PersonLookupResponse,
  PersonRecordResponse,
  PersonRegisteredResponse,
  problemResponses,
  ReadAuditResponse,
  RegisterPersonBody,
} from '../schemas.ts';

type Params = { Params: Static<typeof IdParams> };

/** Fields of a command's input that came from the URL. */
export const personFromPath = { '/person_id': '/params/id' } as const;

const lookupLimit = 50;

const LookupQuery = closed({
  register_number: Type.Optional(Type.String({ maxLength: 20, description: 'As printed or typed: case, hyphens and I/L/O confusions are forgiven' })),
  document: Type.Optional(Type.String({ maxLength: 64, description: 'An identity document number' })),
});

/** Register the person routes. */
const TaskParams = Type.Object({ id: Type.String({ format: 'uuid' }), task: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const CompleteTaskBody = Type.Object(
  {
    outcome: Type.String({ minLength: 1, maxLength: 2000, description: 'What was done: the examination and its outcome, who was told and how, the item now recorded' }),
    done_at: Type.String({ maxLength: 40, description: 'When it was done, ISO 8601 with an offset' }),
  },
  { additionalProperties: false },
);
const TaskCompletedResponse = Type.Object({ task_id: Type.String({ format: 'uuid' }), events: Type.Array(Type.Object({ idx: Type.Integer(), event_id: Type.String(), kind: Type.String() })) });

export function personRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const notFound = () => new ApiProblem('not_found', 'no person with this id is registered', '/params/id');

  app.post<{ Body: Static<typeof RegisterPersonBody> }>(
    '/api/persons',
    {
      config: { permission: 'person.register', scope: 'register' },
      schema: {
        tags: ['persons'],
        summary: 'Register a person under every name given; the server assigns the id and the register number',
        headers: IdempotencyHeaders,
        body: RegisterPersonBody,
        response: { 201: PersonRegisteredResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const context = commandContext(request);
      const earlier = await earlierResponse(ctx.db, context, registerPerson.kind);
      const person_id = (earlier?.person_id as string | undefined) ?? randomUUID();
      let register_number = (earlier?.register_number as string | undefined) ?? registerNumberFromBytes(randomBytes(5));
      for (let attempt = 1; ; attempt++) {
        const outcome = await execute(ctx.register, registerPerson, { ...request.body, person_id, register_number }, context);
        // 40 random bits rarely collide, but a collision must cost a retry, not a refusal.
        const collided = !outcome.ok && outcome.rejection.code === 'duplicate' && !earlier && attempt < 3 &&
          (await ctx.db.query('SELECT 1 FROM person WHERE register_number = $1', [register_number])).rows.length > 0;
        if (collided) {
          register_number = registerNumberFromBytes(randomBytes(5));
          continue;
        }
        const response = answer(outcome, reply);
        // The possible duplicates name persons on the register: showing them is a read.
        await shownPersonal(ctx.db, { accountId: request.account!.id, purpose: 'duplicate check', now: ctx.clock() }, response.possible_duplicates.map((d) => d.person_id));
        return reply.code(201).header('location', `/api/persons/${response.person_id}`).send(response);
      }
    },
  );

  app.get<{ Querystring: Static<typeof LookupQuery> }>(
    '/api/persons',
    {
      config: { permission: 'person.read', scope: 'filtered' },
      schema: {
        tags: ['persons'],
        summary: 'Find persons by register number or document number (each person shown is an audited read)',
        querystring: LookupQuery,
        response: { 200: PersonLookupResponse, ...problemResponses },
      },
    },
    async (request) => {
      const { register_number, document } = request.query;
      if ((register_number === undefined) === (document === undefined)) throw new ApiProblem('invalid_request', 'give either register_number or document', '/query');
      let by: { registerNumber: string } | { document: string };
      if (register_number !== undefined) {
        const parsed = parseRegisterNumber(register_number);
        if (!parsed) throw new ApiProblem('invalid_request', 'this is not a register number: check it again (its last character is a check symbol)', '/query/register_number');
        by = { registerNumber: parsed };
      } else {
        by = { document: document! };
      }
      const now = ctx.clock();
      const scope = await scopeOf(ctx.db, request);
      const persons = await readPersonal(
        ctx.db,
        { accountId: request.account!.id, purpose: 'lookup', now },
        async (tx) => personSummaries(tx, await personsInScope(tx, scope, await findPersons(tx, by, lookupLimit))),
        (found) => found.map((p) => p.id),
      );
      return { persons };
    },
  );

  app.get<Params>(
    '/api/persons/:id',
    {
      config: { permission: 'person.read', scope: { person: '/params/id' } },
      schema: {
        tags: ['persons'],
        summary: 'A person’s record: details, names, custody, admissions, open tasks (an audited read)',
        params: IdParams,
        response: { 200: PersonRecordResponse, ...problemResponses },
      },
    },
    async (request) => {
      const now = ctx.clock();
      const record = await readPersonal(ctx.db, { accountId: request.account!.id, purpose: 'record', now }, (tx) => personRecord(tx, request.params.id, now), (found) => (found ? [found.id] : []));
      if (!record) throw notFound();
      return record;
    },
  );

  app.get<Params>(
    '/api/persons/:id/events',
    {
      config: { permission: 'person.read', scope: { person: '/params/id' } },
      schema: {
        tags: ['persons'],
        summary: 'A person’s events from the log, in order (an audited read)',
        params: IdParams,
        response: { 200: PersonEventsResponse, ...problemResponses },
      },
    },
    async (request) => {
      const now = ctx.clock();
      const events = await readPersonal(ctx.db, { accountId: request.account!.id, purpose: 'events', now }, (tx) => personEvents(tx, request.params.id, can(request.account!.role, 'oversight.read')), (found) => (found ? [request.params.id] : []));
      if (!events) throw notFound();
      return { events };
    },
  );

  app.get<Params>(
    '/api/persons/:id/reads',
    {
      config: { permission: 'audit.read', scope: { person: '/params/id' } },
      schema: {
        tags: ['audit'],
        summary: 'Who read a person’s record, and when (latest 500). Only with the audit permission; this read is itself audited (`read audit`), and shows in the next answer',
        params: IdParams,
        response: { 200: ReadAuditResponse, ...problemResponses },
      },
    },
    async (request) => {
      const exists = await ctx.db.query('SELECT 1 FROM person WHERE id = $1', [request.params.id]);
      if (!exists.rows.length) throw notFound();
      const reads = await readPersonal(ctx.db, { accountId: request.account!.id, purpose: 'read audit', now: ctx.clock() }, (tx) => readsOf(tx, request.params.id, 500), () => [request.params.id]);
      return { reads };
    },
  );

  app.post<Params & { Body: Static<typeof AddNameBody> }>(
    '/api/persons/:id/names',
    {
      config: { permission: 'person.register', scope: { person: '/params/id' } },
      schema: {
        tags: ['persons'],
        summary: 'Record another name the person is known by',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: AddNameBody,
        response: { 201: EventsResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const response = await runCommand(ctx.register, addName, { person_id: request.params.id, ...request.body }, request, reply, personFromPath);
      return reply.code(201).send(response);
    },
  );

  app.post<{ Params: Static<typeof TaskParams>; Body: Static<typeof CompleteTaskBody> }>(
    '/api/persons/:id/tasks/:task/completion',
    {
      config: { permission: 'custody.admit', scope: { person: '/params/id' } },
      schema: {
        tags: ['persons'],
        summary: 'Record that a follow-up task was done: what, and when (by the account sending it)',
        params: TaskParams,
        headers: IdempotencyHeaders,
        body: CompleteTaskBody,
        response: { 201: TaskCompletedResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const input = { person_id: request.params.id, task_id: request.params.task, ...request.body };
      const response = await runCommand(ctx.register, completeTask, input, request, reply, { ...personFromPath, '/task_id': '/params/task' });
      return reply.code(201).send(response);
    },
  );

  app.post<Params & { Body: Static<typeof CorrectionBody> }>(
    '/api/persons/:id/corrections',
    {
      config: { permission: 'person.correct', scope: { person: '/params/id' } },
      schema: {
        tags: ['persons'],
        summary: 'Correct an earlier record with a correcting event that names it',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: CorrectionBody,
        response: { 201: EventsResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const response = await runCommand(ctx.register, correctPerson, { person_id: request.params.id, ...request.body }, request, reply, personFromPath);
      return reply.code(201).send(response);
    },
  );
}
