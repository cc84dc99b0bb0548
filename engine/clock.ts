import type { Clock } from './api.ts';

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock the engine can watch: it calls listeners when time jumps (tests). */
export interface ObservableClock extends Clock {
  /** Registers a listener called after each jump; returns the unsubscribe function. */
  onAdvance(listener: () => Promise<void>): () => void;
}

/**
 * A clock tests move by hand. `advance` moves time forward and resolves once every engine
 * using this clock has processed what became due (timers, job timeouts, back-offs, message
 * expiries), so a test can assert right after awaiting it.
 */
export class TestClock implements ObservableClock {
  private current: number;
  private readonly listeners = new Set<() => Promise<void>>();

  constructor(start: number | string | Date = Date.UTC(2025, 0, 6, 1, 0, 0)) {
    this.current = new Date(start).getTime();
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms` (≥ 0) and waits for the engine to fire what is due. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`cannot move the clock by <${ms}> ms`);
    this.current += ms;
    await Promise.all([...this.listeners].map((listener) => listener()));
  }

  /** Moves time to `at` (never backwards) and waits like `advance`. */
  async set(at: number | string | Date): Promise<void> {
    await this.advance(Math.max(0, new Date(at).getTime() - this.current));
  }

  onAdvance(listener: () => Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** True when the clock lets the engine know about jumps. */
export function isObservableClock(clock: Clock): clock is ObservableClock {
  return typeof (clock as Partial<ObservableClock>).onAdvance === 'function';
}
