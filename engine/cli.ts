/**
 * `npm run engine`: the embedded engine alone, serving the Zeebe gateway protocol on
 * `ENGINE_GRPC_HOST:ENGINE_GRPC_PORT` and its read-only records endpoint on
 * `ENGINE_GRPC_HOST:ENGINE_HTTP_PORT` until SIGINT or SIGTERM, for workers and a server
 * that run elsewhere (they set `ZEEBE_GRPC_ADDRESS` and `ENGINE_RECORDS_URL` to them).
 */
import { ConfigError, loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/database.ts';
import { stopAll, stopOnSignal, type Component } from '../platform/lifecycle.ts';
import { createLogger } from '../platform/logger.ts';
import { startGateway } from './gateway/index.ts';
import { engineMigrations, openEngine } from './index.ts';
import { startRecordsApi } from './records-api/index.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const components: Component[] = [];

  try {
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

    const database = config.DATABASE_URL ? 'postgresql' : 'pglite';
    logger.info(
      { grpcAddress: gateway.address, recordsUrl: recordsApi.address, database },
      'engine started',
    );
  } catch (error) {
    logger.error({ err: error }, 'start-up failed');
    process.exitCode = (await stopAll(components, logger)) || 1;
    return;
  }

  stopOnSignal(components, logger);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
