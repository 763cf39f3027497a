/** Follow-up tasks the law calls for, by due time: an overdue task is visible, never silent. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { ApiContext } from '../context.ts';
import { readPersonal } from '../../queries/personal-read.ts';
import { openTasks } from '../read-models.ts';
import { scopeFilter, scopeOf } from '../scope.ts';
import { closed, oneOfStrings, problemResponses, TasksResponse } from '../schemas.ts';

const defaultLimit = 200;

const TasksQuery = closed({
  overdue: Type.Optional(oneOfStrings(['true', 'false'] as const, { description: 'true: only tasks past their due time' })),
  facility_id: Type.Optional(Type.String({ format: 'uuid', description: 'only tasks about persons held in this facility now' })),
  limit: Type.Optional(Type.String({ pattern: '^(1000|[1-9][0-9]{0,2})$', description: `at most this many (1–1000, default ${defaultLimit})` })),
});

/** Register the task routes. */
export function taskRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: Static<typeof TasksQuery> }>(
    '/api/tasks',
    {
      config: { permission: 'person.read', scope: 'filtered' },
      schema: { tags: ['tasks'], summary: 'Open tasks by due time', querystring: TasksQuery, response: { 200: TasksResponse, ...problemResponses } },
    },
    async (request) => {
      const { overdue, facility_id, limit } = request.query;
      const now = ctx.clock();
      const within = scopeFilter(await scopeOf(ctx.db, request));
      // The list names persons by register number: a read of their records, audited like any other.
      return readPersonal(
        ctx.db,
        { accountId: request.account!.id, purpose: 'task list', now },
        (tx) => openTasks(tx, { now, overdueOnly: overdue === 'true', facilityId: facility_id, limit: limit ? Number(limit) : defaultLimit, within }),
        (found) => found.tasks.map((t) => t.person_id),
      );
    },
  );
}
