import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifySchemaCompiler,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Logger } from '../../platform/logger.ts';
import type { EngineApi, EngineRecord } from '../api.ts';
import { EngineError } from '../errors.ts';
import { RecordsApiError, RecordsApiListenError } from './records-api-errors.ts';
import { recordsQuerySchema } from './records-query.ts';

/** Where the records are served. */
export const RECORDS_PATH = '/v1/records';

/** One page of records, oldest first. */
export interface RecordsPage {
  items: EngineRecord[];
  /**
   * Pass as `afterPosition` for the next page: the last item's position, else the
   * `afterPosition` asked for, else null (no records yet). Fewer items than `limit` means
   * the reader has caught up for now.
   */
  nextPosition: string | null;
}

export interface RecordsApiOptions {
  /** Only `records` is called; the endpoint never changes the engine. */
  engine: Pick<EngineApi, 'records'>;
  logger: Logger;
}

export interface RecordsApiListenOptions extends RecordsApiOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1; the endpoint has no authentication. */
  host?: string;
}

/** The records endpoint as `startRecordsApi` returns it. */
export interface RecordsApi {
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:26501`, for `ENGINE_RECORDS_URL`. */
  readonly address: string;
  /** Stops listening once requests in flight are answered; idempotent. */
  stop(): Promise<void>;
}

/**
 * Builds the engine's read-only records endpoint without listening (tests use `inject()`):
 * `GET /v1/records?processInstanceKey=&valueType=&afterPosition=&limit=` answers a
 * `RecordsPage` from `engine.records(…)`, and `GET /health` answers `{ status: 'ok' }`.
 * It plays the part Zeebe's exporters and Operate's API play for a cluster: monitoring
 * reads records here, never the engine's tables.
 */
export function buildRecordsApi(options: RecordsApiOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'records-api' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setValidatorCompiler(queryValidator);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandling(app);

  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { route: request.routeOptions.url, status: reply.statusCode },
      'request answered',
    );
  });

  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get(RECORDS_PATH, { schema: { querystring: recordsQuerySchema } }, async (request) => {
    const items = await options.engine.records(request.query);
    const page: RecordsPage = {
      items,
      nextPosition: items.at(-1)?.position ?? request.query.afterPosition ?? null,
    };
    return page;
  });
  routes.get('/health', async () => ({ status: 'ok' as const }));

  return app;
}

/** Starts the records endpoint; resolves once it listens. */
export async function startRecordsApi(options: RecordsApiListenOptions): Promise<RecordsApi> {
  const host = options.host ?? '127.0.0.1';
  const app = buildRecordsApi(options);
  try {
    await app.listen({ port: options.port, host });
  } catch (error) {
    await app.close();
    throw new RecordsApiListenError(`${host}:${options.port}`, error as Error);
  }

  const bound = app.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : options.port;
  const address = `http://${urlHost(host)}:${port}`;
  options.logger.child({ component: 'records-api' }).info({ host, port }, 'records api listening');

  let stopping: Promise<void> | undefined;
  return {
    port,
    address,
    stop: () => (stopping ??= app.close()),
  };
}

// helpers ///////////////////////////////////////////////////////////////////

const queryValidator: FastifySchemaCompiler<z.ZodType> = ({ schema }) => {
  return (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const message = [...new Set(result.error.issues.map((issue) => issue.message))].join('; ');
    return { error: new RecordsApiError('INVALID_QUERY', message) };
  };
};

function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = asRecordsApiError(error);
    if (known.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(known.statusCode).send(known.toBody());
  });

  app.setNotFoundHandler((request, reply) => {
    const error = new RecordsApiError(
      'ROUTE_NOT_FOUND',
      `no route <${request.method} ${request.url.split('?')[0]}>; ` +
        `this endpoint serves GET ${RECORDS_PATH} and GET /health`,
    );
    return reply.code(error.statusCode).send(error.toBody());
  });
}

function asRecordsApiError(error: FastifyError): RecordsApiError {
  if (error instanceof RecordsApiError) return error;
  if (error instanceof EngineError && error.retryable) {
    return new RecordsApiError('ENGINE_UNAVAILABLE', error.message, { cause: error });
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new RecordsApiError('INVALID_QUERY', error.message, { cause: error });
  }
  return new RecordsApiError('INTERNAL', 'the records could not be read; see the engine log', {
    cause: error,
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return 'localhost';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
