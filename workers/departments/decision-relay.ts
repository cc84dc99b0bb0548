import type { Logger } from '../../platform/logger.ts';
import type { DecisionFeed } from './department-system.ts';
import type { ResultPublisher } from './result-publisher.ts';

export interface DecisionRelayOptions {
  logger: Logger;
  /** Pause between looks at the feed, in milliseconds. */
  intervalMs: number;
  /** Most decisions taken per look. */
  batchSize?: number;
}

/** A running relay; `stop()` waits for the look in progress. */
export interface DecisionRelay {
  /** Looks at the feed now; resolves with how many decisions were delivered. */
  relayOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Delivers decisions a department made after review: publishes each as the item's result
 * message, then marks it delivered. A failure leaves the decision for the next look (at
 * least once; the message id makes a second publication harmless).
 */
export function startDecisionRelay(
  feed: DecisionFeed,
  publisher: ResultPublisher,
  options: DecisionRelayOptions,
): DecisionRelay {
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const relay = async (): Promise<number> => {
    const decisions = await feed.undeliveredDecisions(options.batchSize ?? 50);
    for (const { applicationId, result } of decisions) {
      await publisher.publish(applicationId, result);
      await feed.markDelivered(applicationId, result.item);
      options.logger.info(
        { applicationId, item: result.item, outcome: result.outcome },
        'department decision delivered',
      );
    }
    return decisions.length;
  };

  // One look at a time, whether from the timer or a caller.
  const relayOnce = (): Promise<number> => {
    const run = chain.then(relay);
    chain = run.catch(() => undefined);
    return run;
  };

  const look = async () => {
    try {
      await relayOnce();
    } catch (error) {
      options.logger.warn({ err: { message: (error as Error).message } }, 'decision relay failed');
    } finally {
      if (!stopped) timer = setTimeout(look, options.intervalMs);
    }
  };
  timer = setTimeout(look, 0);

  return {
    relayOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await chain;
    },
  };
}
