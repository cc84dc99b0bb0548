/**
 * `npm start`: runs the whole service on one machine with the embedded defaults.
 */
import { startGateway } from './engine/gateway/index.ts';
import { engineMigrations, openEngine } from './engine/index.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { openDatabase } from './platform/database.ts';
import { stopAll, stopOnSignal, type Component } from './platform/lifecycle.ts';
import { createLogger } from './platform/logger.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const components: Component[] = [];

  try {
    const engineDb = await openDatabase({
      owner: 'engine',
      url: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      migrations: engineMigrations,
    });
    components.push({ name: 'engine database', stop: () => engineDb.destroy() });
    const engine = await openEngine({ db: engineDb, logger });
    components.push({ name: 'engine', stop: () => engine.close() });
    const gateway = await startGateway({
      engine,
      logger,
      port: config.ENGINE_GRPC_PORT,
      host: config.ENGINE_GRPC_HOST,
    });
    components.push({ name: 'gateway', stop: () => gateway.stop() });
    logger.info({ database: config.DATABASE_URL ? 'postgresql' : 'pglite' }, 'started');
  } catch (error) {
    logger.error({ err: error }, 'start-up failed');
    process.exitCode = (await stopAll(components, logger)) || 1;
    return;
  }

  stopOnSignal(components, logger);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
