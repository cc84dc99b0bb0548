/**
 * The Zeebe gateway in front of the embedded engine: a gRPC server (`@grpc/grpc-js`) that
 * answers the `gateway_protocol.Gateway` service of the SDK's `zeebe.proto` by calling
 * the engine's `EngineApi`, so Zeebe clients work against it unchanged.
 */
import { hostname } from 'node:os';
import {
  Server,
  ServerCredentials,
  type handleServerStreamingCall,
  type handleUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { EngineApi } from '../api.ts';
import type { Logger } from '../../platform/logger.ts';
import { CommandAdmission } from './admission.ts';
import { clusterRpcs } from './cluster-rpcs.ts';
import { isRefusal, toStatus } from './gateway-errors.ts';
import type { GatewayContext, GatewaySettings, UnaryHandler } from './gateway-context.ts';
import { JobDispatcher } from './job-dispatcher.ts';
import { activateJobs, jobRpcs, streamActivatedJobs } from './job-rpcs.ts';
import { JobStreams } from './job-streams.ts';
import { LongPolls } from './long-polling.ts';
import { processRpcs } from './process-rpcs.ts';
import { loadGatewayService } from './protocol.ts';
import { TenantPolicy } from './request-fields.ts';

export interface GatewayOptions {
  engine: EngineApi;
  logger: Logger;
  /** Port to listen on; 0 picks a free port (tests). */
  port: number;
  /** Address to bind; default `127.0.0.1` (the gateway has no authentication). */
  host?: string;
  /** Long-polling `ActivateJobs` with `requestTimeout` 0 waits this long; default 10 s. */
  longPollTimeoutMs?: number;
  /** `CreateProcessInstanceWithResult` with `requestTimeout` 0 waits this long; default 15 s. */
  requestTimeoutMs?: number;
  /** Commands in flight beyond which new ones get `RESOURCE_EXHAUSTED`; default 1,000. */
  maxInFlightCommands?: number;
  /** Off (Zeebe's default): tenant ids must be empty or `<default>`. */
  multiTenancy?: boolean;
  /** How long `stop()` lets calls in flight finish before cutting them; default 5 s. */
  shutdownGraceMs?: number;
}

/** A running gateway. */
export interface Gateway {
  readonly port: number;
  /** `host:port` to give clients as `ZEEBE_GRPC_ADDRESS` (plain text, `grpc://`). */
  readonly address: string;
  /**
   * Stops taking calls: long polls and job streams end cleanly, unary calls in flight
   * finish (or are cut after the grace period). Idempotent. Does not close the engine.
   */
  stop(): Promise<void>;
}

/** Thrown by `startGateway` when the port cannot be bound (in use, not allowed). */
export class GatewayListenError extends Error {
  readonly code = 'GATEWAY_LISTEN_FAILED';

  constructor(address: string, cause: Error) {
    super(`the gateway could not listen on ${address}: ${cause.message}`, { cause });
    this.name = 'GatewayListenError';
  }
}

/** Starts the gateway; resolves once it listens. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger.child({ component: 'gateway' });
  const settings: GatewaySettings = {
    host: host === '0.0.0.0' || host === '::' ? hostname() : host,
    port: options.port,
    longPollTimeoutMs: options.longPollTimeoutMs ?? 10_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
  };
  const context = createContext(options, logger, settings);

  const server = new Server({ 'grpc.http2.min_ping_interval_without_data_ms': 10_000 });
  server.addService(loadGatewayService(), implementation(context));
  settings.port = await bind(server, host, options.port);

  const unsubscribe = options.engine.onJobsAvailable((type, tenantId) =>
    context.dispatcher.notify(type, tenantId),
  );
  logger.info({ host, port: settings.port }, 'gateway listening');

  let stopping: Promise<void> | undefined;
  return {
    port: settings.port,
    address: `${host === '0.0.0.0' ? 'localhost' : host}:${settings.port}`,
    stop: () => {
      stopping ??= (async () => {
        unsubscribe();
        await context.dispatcher.stop();
        context.polls.closeAll();
        context.streams.closeAll();
        await shutdown(server, options.shutdownGraceMs ?? 5_000);
        logger.info({ port: settings.port }, 'gateway stopped');
      })();
      return stopping;
    },
  };
}

// helpers ////////////////////

function createContext(
  options: GatewayOptions,
  logger: Logger,
  settings: GatewaySettings,
): GatewayContext {
  const { engine } = options;
  const polls = new LongPolls(engine, logger);
  const streams = new JobStreams(engine, logger);
  const dispatcher = new JobDispatcher(polls, logger);

  return {
    engine,
    logger,
    settings,
    tenants: new TenantPolicy(options.multiTenancy ?? false),
    admission: new CommandAdmission(options.maxInFlightCommands ?? 1_000),
    dispatcher,
    streams,
    polls,
  };
}

function implementation(context: GatewayContext): UntypedServiceImplementation {
  const handlers: Record<string, UnaryHandler> = {
    ...processRpcs(context),
    ...jobRpcs(context),
    ...clusterRpcs(context),
  };

  const service: UntypedServiceImplementation = {
    ActivateJobs: streaming(context, 'ActivateJobs', (call) => activateJobs(context, call)),
    StreamActivatedJobs: streaming(context, 'StreamActivatedJobs', async (call) =>
      streamActivatedJobs(context, call),
    ),
  };
  for (const [rpc, handler] of Object.entries(handlers)) {
    service[rpc] = unary(context, rpc, handler);
  }
  return service;
}

function unary(
  context: GatewayContext,
  rpc: string,
  handler: UnaryHandler,
): handleUnaryCall<unknown, object> {
  return (call, callback) => {
    handler(call.request as never).then(
      (response) => callback(null, response),
      (error: unknown) => {
        logFailure(context.logger, rpc, error);
        callback(toStatus(rpc, error));
      },
    );
  };
}

function streaming<Request, Response>(
  context: GatewayContext,
  rpc: string,
  handler: (call: ServerWritableStream<Request, Response>) => Promise<void>,
): handleServerStreamingCall<Request, Response> {
  return (call) => {
    handler(call).catch((error: unknown) => {
      logFailure(context.logger, rpc, error);
      if (!call.cancelled && !call.writableEnded) call.emit('error', toStatus(rpc, error));
    });
  };
}

function logFailure(logger: Logger, rpc: string, error: unknown): void {
  if (isRefusal(error)) {
    logger.debug({ rpc, code: error.code, reason: error.message }, 'request refused');
  } else {
    logger.error({ rpc, err: error }, 'request failed');
  }
}

function bind(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (error, bound) => {
      if (error) {
        reject(new GatewayListenError(`${host}:${port}`, error));
      } else {
        resolve(bound);
      }
    });
  });
}

function shutdown(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
