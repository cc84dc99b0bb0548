import type { Logger } from './logger.ts';

/** Something `npm start` runs: started in order, stopped in reverse order. */
export interface Component {
  name: string;
  stop(): Promise<void>;
}

/**
 * A Ctrl-C reaches the service several times within milliseconds: from the terminal's
 * process group, relayed by npm and relayed by tsx. Signals this soon after the first are
 * that same request, not an impatient second one.
 */
const REPEATED_SIGNAL_WINDOW_MS = 3_000;

export interface SignalHandlerOptions {
  exit?: (code: number) => void;
  now?: () => number;
}

/**
 * The handler `stopOnSignal` installs: the first signal stops components in reverse start
 * order, logging each, and sets the exit code; the same signal relayed again is ignored;
 * a signal well after the first (the user pressing Ctrl-C again) exits at once.
 */
export function createSignalHandler(
  components: Component[],
  logger: Logger,
  { exit = (code) => process.exit(code), now = Date.now }: SignalHandlerOptions = {},
): (signal: NodeJS.Signals) => Promise<void> {
  let firstSignalAt: number | undefined;
  return async (signal) => {
    if (firstSignalAt !== undefined) {
      if (now() - firstSignalAt >= REPEATED_SIGNAL_WINDOW_MS) exit(130);
      return;
    }
    firstSignalAt = now();
    logger.info({ signal }, 'stopping');
    process.exitCode = await stopAll(components, logger);
    logger.info('stopped');
  };
}

/** Stops components in reverse start order on SIGINT or SIGTERM (see `createSignalHandler`). */
export function stopOnSignal(components: Component[], logger: Logger): void {
  const onSignal = createSignalHandler(components, logger);
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
