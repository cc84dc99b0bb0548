import type { Logger } from './logger.ts';

/** Something `npm start` runs: started in order, stopped in reverse order. */
export interface Component {
  name: string;
  stop(): Promise<void>;
}

/**
 * Stops components in reverse start order on SIGINT or SIGTERM, logging each; a second
 * signal while stopping exits at once.
 */
export function stopOnSignal(components: Component[], logger: Logger): void {
  let stopping = false;
  const onSignal = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    logger.info({ signal }, 'stopping');
    process.exitCode = await stopAll(components, logger);
    logger.info('stopped');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Stops every component even if one fails; returns the exit code. */
export async function stopAll(components: Component[], logger: Logger): Promise<number> {
  let exitCode = 0;
  for (const component of [...components].reverse()) {
    try {
      await component.stop();
      logger.info({ component: component.name }, 'component stopped');
    } catch (error) {
      exitCode = 1;
      logger.error({ component: component.name, err: error }, 'component failed to stop');
    }
  }
  return exitCode;
}
