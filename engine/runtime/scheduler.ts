import type { Logger } from 'pino';
import type { Clock } from '../api.ts';
import { isObservableClock } from '../clock.ts';

/** The longest delay `setTimeout` accepts. */
const MAX_DELAY = 2 ** 31 - 1;

export interface SchedulerWork {
  /** Handles what is due now; true when more may be due at once. */
  runDue(): Promise<boolean>;
  /** The earliest due time of anything stored. */
  nextDue(): Promise<number | undefined>;
}

/**
 * Wakes the engine when the earliest stored item is due (timers, job deadlines, back-offs,
 * message expiries) with ONE timeout. Batches report new due times with `noteDue`; after
 * each pass the next due time is read from the indexes. A test clock wakes it when moved.
 */
export class Scheduler {
  private timeout: NodeJS.Timeout | undefined;
  private scheduledAt = Number.POSITIVE_INFINITY;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly work: SchedulerWork,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    if (isObservableClock(this.clock)) this.unsubscribe = this.clock.onAdvance(() => this.fire());
    await this.fire();
  }

  /** Something new becomes due at `at`; wake earlier if needed. */
  noteDue(at: number): void {
    if (this.stopped || at >= this.scheduledAt) return;
    this.arm(at);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timeout);
    await this.running;
  }

  /** Runs a pass now (or right after the one running) and waits for it. */
  fire(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    clearTimeout(this.timeout);
    this.scheduledAt = Number.POSITIVE_INFINITY;
    try {
      let more = true;
      while (more && !this.stopped) {
        this.again = false;
        more = (await this.work.runDue()) || this.again;
      }
      if (this.stopped) return;
      const next = await this.work.nextDue();
      if (next !== undefined && next < this.scheduledAt) this.arm(next);
    } catch (error) {
      if (this.stopped) return;
      this.logger.error({ err: error }, 'due work failed');
      this.arm(this.clock.now() + 1000);
    }
  }

  private arm(at: number): void {
    clearTimeout(this.timeout);
    this.scheduledAt = at;
    const delay = Math.min(MAX_DELAY, Math.max(0, at - this.clock.now()));
    this.timeout = setTimeout(() => void this.fire(), delay);
    this.timeout.unref();
  }
}
