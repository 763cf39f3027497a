/**
 * A facility's disciplinary rules (MR37; domain/disciplinary-rules.ts): every version adopted, the
 * one in force today, and the adoption of a new version by an official who manages facilities.
 */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { adoptDisciplinaryRules } from '../../commands/adopt-disciplinary-rules.ts';
import { facilityDay, rulesInForce } from '../../domain/disciplinary-rules.ts';
import { rulesOf } from '../../store/disciplinary-rules.ts';
import type { ApiContext } from '../context.ts';
import { AdoptRulesBody, RulesAdoptedResponse, RulesResponse } from '../custody-life-schemas.ts';
import { ApiProblem } from '../problem.ts';
import { facilities } from '../read-models.ts';
import { runCommand } from '../run-command.ts';
import { IdempotencyHeaders, IdParams, problemResponses } from '../schemas.ts';

const tags = ['custody life'];

export function disciplinaryRulesRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/facilities/:id/disciplinary-rules',
    { config: { permission: 'facility.read' }, schema: { tags, summary: 'A facility’s disciplinary rules (MR37): every version adopted, the latest first, and the one in force today', params: IdParams, response: { 200: RulesResponse, ...problemResponses } } },
    async (request) => {
      const [facility] = await facilities(ctx.db, request.params.id);
      if (!facility) throw new ApiProblem('not_found', 'no facility with this id is registered', '/params/id');
      const versions = await rulesOf(ctx.db, facility.id);
      return { in_force: rulesInForce(versions, facilityDay(ctx.clock().toISOString(), facility.timezone))?.id ?? null, versions: versions.reverse() };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AdoptRulesBody> }>(
    '/api/facilities/:id/disciplinary-rules',
    {
      config: { permission: 'facility.manage', scope: { facility: '/params/id' } },
      schema: { tags, summary: 'Adopt a version of the facility’s disciplinary rules in force from a day: each offence with its conduct, the sanctions it may bring and for how long, and the competent authority (MR37)', params: IdParams, headers: IdempotencyHeaders, body: AdoptRulesBody, response: { 201: RulesAdoptedResponse, ...problemResponses } },
    },
    async (request, reply) => reply.code(201).send(await runCommand(ctx.register, adoptDisciplinaryRules, { ...request.body, facility_id: request.params.id }, request, reply, { '/facility_id': '/params/id' })),
  );
}
