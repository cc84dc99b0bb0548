import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { applicationStateSchema, applicationSummarySchema } from '../applications/views.ts';
import { engineTimeline } from '../applications/engine-timeline.ts';
import type { ServerContext } from '../context.ts';
import {
  apiErrorSchema,
  applicationIdSchema,
  itemCodeSchema,
  itemStateSchema,
} from '../department-api/contract.ts';
import { ServerError } from '../errors.ts';

const listQuery = z.strictObject({
  city: z
    .string()
    .regex(/^37\d{2}00$/, '城市应为6位行政区划代码，如 370100')
    .optional(),
  item: itemCodeSchema.optional(),
  state: itemStateSchema.optional().describe('有事项处于该状态的申请'),
  applicationState: applicationStateSchema.optional(),
  overdue: z
    .enum(['true', 'false'], { error: 'overdue 应为 true 或 false' })
    .transform((value) => value === 'true')
    .optional()
    .describe('true：有事项逾期督办且未办结'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const timelineEntrySchema = z.object({
  at: z.string(),
  source: z.enum(['application-store', 'engine']),
  type: z.string(),
  item: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

const errors = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  403: apiErrorSchema,
  404: apiErrorSchema,
};

/**
 * Operations endpoints for managers and analysts (the monitoring views read these):
 * applications filtered by city, item, state and overdue, and one application's
 * timeline. Personal data is always masked here.
 */
export function registerOperationsRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const preHandler = context.authorize('manager', 'analyst');

  routes.get('/api/operations/applications', {
    preHandler,
    schema: {
      tags: ['运行监控'],
      summary: '按城市、事项、状态、是否逾期筛选申请（最新在前）',
      querystring: listQuery,
      response: {
        200: z.object({
          total: z.number(),
          limit: z.number(),
          offset: z.number(),
          applications: z.array(applicationSummarySchema),
        }),
        ...errors,
      },
    },
    handler: async (request) => {
      const { city, item, state, applicationState, overdue, limit, offset } = request.query;
      const page = await context.store.list({
        city,
        item,
        itemState: state,
        applicationState,
        overdue,
        limit,
        offset,
      });
      return {
        total: page.total,
        limit,
        offset,
        applications: page.applications.map((a) => context.views.summary(a, { masked: true })),
      };
    },
  });

  routes.get('/api/operations/applications/:applicationId/timeline', {
    preHandler,
    schema: {
      tags: ['运行监控'],
      summary:
        '一份申请的时间线：受理服务的事件（受理、启动、各事项受理、办结、督办、邮寄）与引擎记录',
      params: z.strictObject({ applicationId: applicationIdSchema }),
      response: {
        200: z.object({
          application: applicationSummarySchema,
          timeline: z.array(timelineEntrySchema),
          sources: z.array(z.string()),
          notes: z.array(z.string()).optional(),
        }),
        ...errors,
      },
    },
    handler: async (request) => {
      const application = await context.store.findById(request.params.applicationId);
      if (!application) throw new ServerError('APPLICATION_NOT_FOUND');
      const events = await context.store.events(application.id);
      const store = events.map((event) => ({ source: 'application-store' as const, ...event }));
      const engine =
        application.processInstanceKey && context.engineRecords
          ? await engineTimeline(
              context.engineRecords,
              application.processInstanceKey,
              context.logger,
            )
          : undefined;
      return {
        application: context.views.summary(application, { masked: true }),
        timeline: [...store, ...(engine ?? [])].sort((a, b) => a.at.localeCompare(b.at)),
        sources: engine ? ['application-store', 'engine'] : ['application-store'],
        ...(application.processInstanceKey && !engine
          ? { notes: ['引擎记录暂不可用，时间线只含受理服务的事件'] }
          : {}),
      };
    },
  });
}
