/** Facilities: registering one, listing them, and one with its units, capacity and occupancy. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { registerFacility } from '../../commands/register-facility.ts';
import type { ApiContext } from '../context.ts';
import { ApiProblem } from '../problem.ts';
import { facilities } from '../read-models.ts';
import { runCommand } from '../run-command.ts';
import { closed, FacilityRegisteredResponse, FacilityResponse, IdempotencyHeaders, IdParams, problemResponses, RegisterFacilityBody } from '../schemas.ts';

/** Register the facility routes. */
export function facilityRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: Static<typeof RegisterFacilityBody> }>(
    '/api/facilities',
    {
      config: { permission: 'facility.manage' },
      schema: {
        tags: ['facilities'],
        summary: 'Register a facility with its units and capacity per category',
        headers: IdempotencyHeaders,
        body: RegisterFacilityBody,
        response: { 201: FacilityRegisteredResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const response = await runCommand(ctx.register, registerFacility, request.body, request, reply);
      return reply.code(201).header('location', `/api/facilities/${response.facility_id}`).send(response);
    },
  );

  app.get(
    '/api/facilities',
    {
      config: { permission: 'facility.read' },
      schema: { tags: ['facilities'], summary: 'All facilities, with units, capacity and occupancy now', response: { 200: closed({ facilities: Type.Array(FacilityResponse) }), ...problemResponses } },
    },
    async () => ({ facilities: await facilities(ctx.db) }),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/facilities/:id',
    {
      config: { permission: 'facility.read' },
      schema: { tags: ['facilities'], summary: 'A facility, with units, capacity and occupancy now', params: IdParams, response: { 200: FacilityResponse, ...problemResponses } },
    },
    async (request) => {
      const [facility] = await facilities(ctx.db, request.params.id);
      if (!facility) throw new ApiProblem('not_found', 'no facility with this id is registered', '/params/id');
      return facility;
    },
  );
}
