import type { Config } from '../platform/config.ts';
import { openDatabase } from '../platform/database.ts';
import type { Component } from '../platform/lifecycle.ts';
import type { Logger } from '../platform/logger.ts';
import { startGateway, type Gateway } from './gateway/index.ts';
import { engineMigrations, openEngine, type OpenedEngine } from './index.ts';
import { startRecordsApi, type RecordsApi } from './records-api/index.ts';

export interface EmbeddedEngine {
  engine: OpenedEngine;
  gateway: Gateway;
  recordsApi: RecordsApi;
}

/**
 * Opens the engine's database and the engine, then serves its Zeebe gateway and records
 * endpoint, as `npm run engine` and `npm start` do. Each part is pushed onto `components`
 * as soon as it runs, so a caller whose start-up fails half way stops what did start.
 */
export async function startEmbeddedEngine(
  config: Config,
  logger: Logger,
  components: Component[],
): Promise<EmbeddedEngine> {
  const db = await openDatabase({
    owner: 'engine',
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    migrations: engineMigrations,
  });
  components.push({ name: 'engine database', stop: () => db.destroy() });

  const engine = await openEngine({ db, logger });
  components.push({ name: 'engine', stop: () => engine.close() });

  const gateway = await startGateway({
    engine,
    logger,
    port: config.ENGINE_GRPC_PORT,
    host: config.ENGINE_GRPC_HOST,
  });
  components.push({ name: 'gateway', stop: () => gateway.stop() });

  const recordsApi = await startRecordsApi({
    engine,
    logger,
    port: config.ENGINE_HTTP_PORT,
    host: config.ENGINE_GRPC_HOST,
  });
  components.push({ name: 'records api', stop: () => recordsApi.stop() });

  return { engine, gateway, recordsApi };
}
