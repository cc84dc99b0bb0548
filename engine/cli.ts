/**
 * `npm run engine`: the embedded engine alone, serving the Zeebe gateway protocol on
 * `ENGINE_GRPC_HOST:ENGINE_GRPC_PORT` and its read-only records endpoint on
 * `ENGINE_GRPC_HOST:ENGINE_HTTP_PORT` until SIGINT or SIGTERM, for workers and a server
 * that run elsewhere (they set `ZEEBE_GRPC_ADDRESS` and `ENGINE_RECORDS_URL` to them).
 */
import { ConfigError, loadConfig } from '../platform/config.ts';
import { stopAll, stopOnSignal, type Component } from '../platform/lifecycle.ts';
import { createLogger } from '../platform/logger.ts';
import { startEmbeddedEngine } from './embedded.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const components: Component[] = [];

  try {
    const { gateway, recordsApi } = await startEmbeddedEngine(config, logger, components);

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
