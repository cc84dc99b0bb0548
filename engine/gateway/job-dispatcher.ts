/**
 * Hands jobs that became activatable to long-polling `ActivateJobs` calls waiting for them.
 * (Open job streams get theirs from the engine, which pushes jobs to them itself.)
 *
 * The engine reports "jobs of this type are available" after each commit that left jobs
 * activatable that no job stream took. Reports for one type and tenant never overlap: one
 * hand-out runs at a time and a report that arrives during it triggers exactly one more,
 * so bursts of reports cost few activations.
 */
import type { Logger } from '../../platform/logger.ts';
import type { LongPolls } from './long-polling.ts';

export class JobDispatcher {
  private readonly reports = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private stopped = false;

  constructor(
    private readonly polls: LongPolls,
    private readonly logger: Logger,
  ) {}

  /**
   * How many reports `type` has had. A caller that saw no job compares it before and after,
   * to catch a report that came while it looked.
   */
  reportsFor(type: string): number {
    return this.reports.get(type) ?? 0;
  }

  /** Jobs of `type` for `tenantId` may be activatable now. */
  notify(type: string, tenantId: string): void {
    if (this.stopped) return;
    this.reports.set(type, this.reportsFor(type) + 1);

    const key = `${tenantId}\u0000${type}`;
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    this.running.set(key, this.handOut(key, type, tenantId));
  }

  /** Stops handing out and waits for hand-outs under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running.values());
  }

  private async handOut(key: string, type: string, tenantId: string): Promise<void> {
    try {
      do {
        this.again.delete(key);
        await this.polls.serve(type, tenantId);
      } while (this.again.has(key) && !this.stopped);
    } catch (error) {
      this.logger.warn({ err: error, type }, 'jobs not handed out');
    } finally {
      this.again.delete(key);
      this.running.delete(key);
    }
  }
}
