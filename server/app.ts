import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/database.ts';
import type { EngineRecordsReader } from '../platform/engine-records-client.ts';
import type { Logger } from '../platform/logger.ts';
import { ApplicationStore, systemClock, type Clock } from './applications/application-store.ts';
import { Intake } from './applications/intake.ts';
import type { ProcessInstances } from './applications/process-instances.ts';
import {
  defaultStarterOptions,
  ProcessStarter,
  type ProcessStarterOptions,
} from './applications/process-starter.ts';
import { ApplicationViews } from './applications/views.ts';
import { StatusTokens, TokenDirectory } from './auth/principals.ts';
import type { ServerContext } from './context.ts';
import { registerCounterPage } from './counter/counter-page.ts';
import { registerDepartmentRoutes } from './department-api/routes.ts';
import { createApplicationFormSchema } from './form/application-rules.ts';
import { authorizer } from './http/authorize.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { zodValidatorCompiler } from './http/validation.ts';
import type { IdentityDataSharing } from './identity/data-sharing.ts';
import { largestMaterialBytes } from './materials/material-rules.ts';
import type { ReferenceData } from './reference-data/reference-data.ts';
import { registerIntakeRoutes } from './routes/intake-routes.ts';
import { registerOperationsRoutes } from './routes/operations-routes.ts';
import { registerReferenceRoutes } from './routes/reference-routes.ts';
import { registerStatusRoutes } from './routes/status-routes.ts';

/** Where the OpenAPI description of every route is served. */
export const OPENAPI_PATH = '/api/openapi.json';

/** Where the counter page (一窗受理) is served. */
export const COUNTER_PATH = '/counter/';

export type ServerConfig = Pick<
  Config,
  | 'DEPARTMENT_TOKENS'
  | 'CLERK_TOKENS'
  | 'ANALYST_TOKENS'
  | 'MANAGER_TOKENS'
  | 'ONLINE_CHANNEL_TOKENS'
  | 'STATUS_TOKEN_SECRET'
>;

export interface ServerDependencies {
  config: ServerConfig;
  logger: Logger;
  /** The application store's database (owner `applications`), migrated. */
  db: Database;
  instances: ProcessInstances;
  identity: IdentityDataSharing;
  /** The engine's records for the operations timeline (`platform/engine-records-client.ts`). */
  engineRecords?: EngineRecordsReader;
  referenceData: ReferenceData;
  clock?: Clock;
  starter?: Partial<ProcessStarterOptions>;
  /** False: no background starts (tests that drive `starter.sweep()` themselves). */
  backgroundStarts?: boolean;
}

export interface Server {
  app: FastifyInstance;
  store: ApplicationStore;
  starter: ProcessStarter;
}

/**
 * Builds the HTTP server without listening: routes, validation, errors, OpenAPI, the
 * counter page, and the background starter (stopped when the app closes). Tests use
 * `app.inject()`; `main.ts` calls `app.listen()`. Does not close `db`.
 */
export async function buildServer(deps: ServerDependencies): Promise<Server> {
  const clock = deps.clock ?? systemClock;
  const store = new ApplicationStore(deps.db, clock);
  const starterOptions = { ...defaultStarterOptions, ...deps.starter };
  const starter = new ProcessStarter(store, deps.instances, deps.logger, clock, starterOptions);
  const statusTokens = new StatusTokens(deps.config.STATUS_TOKEN_SECRET);

  const context: ServerContext = {
    store,
    views: new ApplicationViews(deps.referenceData),
    instances: deps.instances,
    authorize: authorizer(new TokenDirectory(deps.config)),
    statusTokens,
    referenceData: deps.referenceData,
    logger: deps.logger,
    engineRecords: deps.engineRecords,
    intake: new Intake({
      store,
      starter,
      identity: deps.identity,
      formSchema: createApplicationFormSchema({ referenceData: deps.referenceData }),
      referenceData: deps.referenceData,
      statusTokens,
      logger: deps.logger,
      startLeaseMs: starterOptions.leaseMs,
    }),
  };

  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'server' }) as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    // Requests are logged once, at debug level, without their URL's query (see onResponse).
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  // Replies are built from typed views; the zod schemas describe them for OpenAPI.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandling(app);
  // JSON and multipart only: a text body is refused as an unsupported media type.
  app.removeContentTypeParser('text/plain');

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: '山东省灵活就业参保“一件事”联办服务接口',
        description:
          '受理（一表申请）、材料上传、在线查询、部门接口与运行监控。认证：Authorization: Bearer <令牌>。' +
          '错误统一为 { statusCode, code, message, fields? }，message 为中文。',
        version: '1.0.0',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyMultipart, {
    limits: { fileSize: largestMaterialBytes, files: 2, fields: 0, parts: 2 },
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, route: request.routeOptions.url, status: reply.statusCode },
      'request answered',
    );
  });

  registerIntakeRoutes(app, context);
  registerStatusRoutes(app, context);
  registerDepartmentRoutes(app, context);
  registerOperationsRoutes(app, context);
  registerReferenceRoutes(app, context);
  await registerCounterPage(app, context);

  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
  routes.get(
    '/health',
    { schema: { tags: ['运行监控'], response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  if (deps.backgroundStarts !== false) starter.startBackground();
  app.addHook('onClose', async () => starter.stop());
  return { app, store, starter };
}
