import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startGateway } from '../../../engine/gateway/index.ts';
import { loadConfig } from '../../../platform/config.ts';
import { createLogger } from '../../../platform/logger.ts';
import { startService, type Service } from '../../../server/service.ts';
import type { DatabaseTarget } from '../../support/databases.ts';

/**
 * The whole service (engine, gateway, models, server, every worker with its reference
 * department system) started in the test process on free ports, on a temporary PGlite
 * folder or on a fresh PostgreSQL database that is dropped afterwards.
 */
export interface RunningService {
  service: Service;
  /** Takes the engine's gateway away: clients see an unreachable engine. */
  stopGateway(): Promise<void>;
  /** Brings the gateway back on the same port. */
  restartGateway(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestService(target: DatabaseTarget): Promise<RunningService> {
  const storage = await storageFor(target);
  const logger = createLogger({ level: process.env.E2E_LOG_LEVEL ?? 'silent' });
  const service = await startService({
    config: {
      ...loadConfig({}),
      DATA_DIR: storage.dataDir,
      DATABASE_URL: storage.url,
      HTTP_PORT: 0,
      ENGINE_GRPC_PORT: 0,
      ENGINE_HTTP_PORT: 0,
      WORKER_RETRY_BACKOFF_MS: 500,
    },
    logger,
    zeebeLogLevel: 'NONE',
    starter: { pollIntervalMs: 200, maxRetryDelayMs: 1_000, attemptTimeoutMs: 2_000 },
    workers: { decisionRelayIntervalMs: 200, outboxIntervalMs: 500 },
  });

  const engine = service.engine!;
  let gateway = service.gateway!;
  const port = gateway.port;
  const slot = service.components.findIndex((component) => component.name === 'gateway');
  service.components[slot] = { name: 'gateway', stop: () => gateway.stop() };

  return {
    service,
    stopGateway: () => gateway.stop(),
    restartGateway: async () => {
      gateway = await startGateway({ engine, logger, port });
    },
    stop: async () => {
      await service.stop();
      await storage.drop();
    },
  };
}

async function storageFor(target: DatabaseTarget) {
  const dataDir = await mkdtemp(join(tmpdir(), 'e2e-service-'));
  if (!target.url) {
    return { dataDir, url: undefined, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }

  // A database of its own, so the fixed schema names (engine, applications, …) never meet
  // another run's.
  const name = `e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: target.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(target.url);
  url.pathname = `/${name}`;
  return {
    dataDir,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
