import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedEngine } from '../engine/embedded.ts';
import type { Gateway } from '../engine/gateway/index.ts';
import type { OpenedEngine } from '../engine/index.ts';
import type { RecordsApi } from '../engine/records-api/index.ts';
import { devTokensInUse, type Config } from '../platform/config.ts';
import { openDatabase, type Database } from '../platform/database.ts';
import {
  createEngineRecordsClient,
  EngineRecordsClient,
} from '../platform/engine-records-client.ts';
import { stopAll, type Component } from '../platform/lifecycle.ts';
import type { Logger } from '../platform/logger.ts';
import { createZeebeClient, type ZeebeClient } from '../platform/zeebe-client.ts';
import { startAllWorkers, type RunningWorkers, type WorkerEnvironment } from '../workers/index.ts';
import { buildServer, COUNTER_PATH, OPENAPI_PATH, type Server } from './app.ts';
import { applicationStoreMigrations } from './applications/migrations.ts';
import { zeebeProcessInstances } from './applications/process-instances.ts';
import type { ProcessStarterOptions } from './applications/process-starter.ts';
import type { IdentityDataSharing } from './identity/data-sharing.ts';
import { HttpIdentityDataSharing } from './identity/http-data-sharing.ts';
import { ReferenceIdentityDataSharing } from './identity/reference-data-sharing.ts';
import { loadReferenceData } from './reference-data/reference-data.ts';

/** The folder whose `.bpmn` files are deployed at start-up. */
export const modelDirectory = fileURLToPath(new URL('../bpmn/', import.meta.url));

export interface ServiceOptions {
  config: Config;
  logger: Logger;
  /** Replaces the identity data-sharing service chosen from the config. */
  identity?: IdentityDataSharing;
  /** Overrides of the background starter's timing. */
  starter?: Partial<ProcessStarterOptions>;
  /** The SDK's own log level for the workers' client; default `ERROR`. */
  zeebeLogLevel?: 'DEBUG' | 'INFO' | 'ERROR' | 'NONE';
  /** Overrides of the workers' environment (intervals, notification sender, …). */
  workers?: Partial<Omit<WorkerEnvironment, 'config' | 'logger' | 'zeebe'>>;
}

/** The running service and where to reach it. */
export interface Service {
  urls: { server: string; counter: string; openapi: string; gateway: string; records: string };
  /** The embedded engine, its gateway and records endpoint; absent with `ENGINE_EMBEDDED=false`. */
  engine?: OpenedEngine;
  gateway?: Gateway;
  recordsApi?: RecordsApi;
  server: Server;
  workers: RunningWorkers;
  /** Stop order: workers, server, clients, records api, gateway, engine, databases. */
  components: Component[];
  stop(): Promise<number>;
}

/**
 * Starts the whole service in this process, as `npm start` does: the embedded engine, its
 * gateway and its records endpoint (unless `ENGINE_EMBEDDED=false`: then the Zeebe gateway
 * at `ZEEBE_GRPC_ADDRESS`, with the SDK's own OAuth settings), the models in `bpmn/`
 * deployed through the SDK, the server (listening), then every worker. On a failure it
 * stops what it started and rethrows.
 *
 * `HTTP_PORT=0`, `ENGINE_GRPC_PORT=0` and `ENGINE_HTTP_PORT=0` pick free ports; the workers
 * and clients are pointed at the ports actually bound.
 */
export async function startService(options: ServiceOptions): Promise<Service> {
  const { config, logger } = options;
  const components: Component[] = [];
  for (const setting of devTokensInUse(config)) {
    logger.warn({ setting }, 'development default in use; set a secret value before going live');
  }

  try {
    const embedded = config.ENGINE_EMBEDDED
      ? await startEmbeddedEngine(config, logger, components)
      : undefined;
    // Against a Zeebe cluster everything below is the same; only the address differs.
    const zeebeConfig = embedded
      ? { ...config, ZEEBE_GRPC_ADDRESS: embedded.gateway.address }
      : config;
    const zeebe = client(
      createZeebeClient(zeebeConfig, { logLevel: options.zeebeLogLevel ?? 'ERROR' }),
      'zeebe client',
      components,
    );
    await deployModels(zeebe, logger);
    // The server retries starts itself; the SDK's own retry would hold intake requests.
    const serverZeebe = client(
      createZeebeClient(zeebeConfig, {
        logLevel: 'NONE',
        sdk: { zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false } },
      }),
      'server zeebe client',
      components,
    );

    const appDb = await open(config, 'applications', applicationStoreMigrations, components);
    const referenceData = loadReferenceData();
    const server = await buildServer({
      config,
      logger,
      db: appDb,
      instances: zeebeProcessInstances(serverZeebe),
      identity: options.identity ?? identityService(config, referenceData),
      engineRecords: embedded
        ? new EngineRecordsClient(embedded.recordsApi.address)
        : createEngineRecordsClient(config),
      referenceData,
      starter: options.starter,
    });
    // Registered before listening: closing it also stops its background starter.
    components.push({ name: 'server', stop: () => server.app.close() });
    const address = await server.app.listen({ port: config.HTTP_PORT, host: config.HTTP_HOST });

    const workers = await startAllWorkers({
      ...options.workers,
      config: { ...zeebeConfig, SERVER_URL: address },
      logger,
      zeebe,
    });
    components.push({ name: 'workers', stop: () => workers.stop() });

    const urls = {
      server: address,
      counter: `${address}${COUNTER_PATH}`,
      openapi: `${address}${OPENAPI_PATH}`,
      gateway: zeebeConfig.ZEEBE_GRPC_ADDRESS,
      records: embedded?.recordsApi.address ?? config.ENGINE_RECORDS_URL,
    };
    return {
      urls,
      ...embedded,
      server,
      workers,
      components,
      stop: () => stopAll(components, logger),
    };
  } catch (error) {
    await stopAll(components, logger);
    throw error;
  }
}

/** Deploys every `.bpmn` file of `bpmn/` in one deployment; identical XML is not re-versioned. */
export async function deployModels(zeebe: ZeebeClient, logger: Logger): Promise<void> {
  const files = (await readdir(modelDirectory)).filter((name) => name.endsWith('.bpmn')).sort();
  for (const name of files) {
    const xml = await readFile(join(modelDirectory, name));
    const deployment = await zeebe.deployResource({ process: xml, name });
    const processes = deployment.deployments.map((d) => d.process);
    logger.info(
      {
        resource: name,
        processes: processes.map((p) => `${p?.bpmnProcessId}@${p?.version}`),
      },
      'model deployed',
    );
  }
}

function identityService(
  config: Config,
  referenceData: ReturnType<typeof loadReferenceData>,
): IdentityDataSharing {
  return config.IDENTITY_SERVICE_URL
    ? new HttpIdentityDataSharing(config.IDENTITY_SERVICE_URL, config.IDENTITY_SERVICE_TOKEN)
    : new ReferenceIdentityDataSharing(referenceData);
}

async function open(
  config: Config,
  owner: string,
  migrations: Parameters<typeof openDatabase>[0]['migrations'],
  components: Component[],
): Promise<Database> {
  const db = await openDatabase({
    owner,
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    migrations,
  });
  components.push({ name: `${owner} database`, stop: () => db.destroy() });
  return db;
}

function client(zeebe: ZeebeClient, name: string, components: Component[]): ZeebeClient {
  components.push({
    name,
    stop: async () => {
      await zeebe.close();
    },
  });
  return zeebe;
}
