/** Custody: admission to a facility, moves between its units, and exits from custody. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { admitPerson } from '../../commands/admit-person.ts';
import { movePerson } from '../../commands/move-person.ts';
import { recordExit } from '../../commands/record-exit.ts';
import type { ExitPerson } from '../../domain/custody-change.ts';
import type { ApiContext } from '../context.ts';
import { commandContext, earlierResponse, runCommand } from '../run-command.ts';
import { AdmitPersonBody, AdmittedResponse, EventsResponse, ExitBody, IdempotencyHeaders, IdParams, MoveBody, problemResponses } from '../schemas.ts';
import { personFromPath } from './persons.ts';

type Params = { Params: Static<typeof IdParams> };

/** Register the custody routes. */
export function custodyRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: Static<typeof AdmitPersonBody> }>(
    '/api/admissions',
    {
      config: { permission: 'custody.admit', scope: { facility: '/body/facility_id' } },
      schema: {
        tags: ['custody'],
        summary: 'Admit a registered person to a facility, with every item STANDARDS A requires; the server assigns the admission id',
        headers: IdempotencyHeaders,
        body: AdmitPersonBody,
        response: { 201: AdmittedResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const earlier = await earlierResponse(ctx.db, commandContext(request), admitPerson.kind);
      const admission_id = (earlier?.admission_id as string | undefined) ?? randomUUID();
      const response = await runCommand(ctx.register, admitPerson, { admission_id, ...request.body }, request, reply);
      return reply.code(201).send(response);
    },
  );

  app.post<Params & { Body: Static<typeof MoveBody> }>(
    '/api/persons/:id/moves',
    {
      config: { permission: 'custody.move', scope: { person: '/params/id' } },
      schema: {
        tags: ['custody'],
        summary: 'Move a person between units of the facility that holds them',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: MoveBody,
        response: { 201: EventsResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const response = await runCommand(ctx.register, movePerson, { person_id: request.params.id, ...request.body }, request, reply, personFromPath);
      return reply.code(201).send(response);
    },
  );

  app.post<Params & { Body: Static<typeof ExitBody> }>(
    '/api/persons/:id/exits',
    {
      config: { permission: 'custody.exit', scope: { person: '/params/id' } },
      schema: {
        tags: ['custody'],
        summary: 'Record a release, handover to a state, death, escape, or transfer to another register',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ExitBody,
        response: { 201: EventsResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const input = { person_id: request.params.id, ...request.body } as ExitPerson;
      const response = await runCommand(ctx.register, recordExit, input, request, reply, personFromPath);
      return reply.code(201).send(response);
    },
  );
}
