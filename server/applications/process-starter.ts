import type { StartVariables } from '../../bpmn/process-contract.ts';
import type { Logger } from '../../platform/logger.ts';
import type { StoredApplication } from './application.ts';
import type { ApplicationStore, Clock } from './application-store.ts';
import type { ProcessInstances } from './process-instances.ts';
import { beijingIso } from './receipt-number.ts';

export interface ProcessStarterOptions {
  /** How long intake waits for the engine before answering "accepted, not started yet". */
  attemptTimeoutMs: number;
  /** How often the background starter looks for applications waiting for their instance. */
  pollIntervalMs: number;
  /** An application stays with one starter this long before another may try it. */
  leaseMs: number;
  /** Longest wait between two attempts for one application (attempts back off to it). */
  maxRetryDelayMs: number;
}

export const defaultStarterOptions: ProcessStarterOptions = {
  attemptTimeoutMs: 3_000,
  pollIntervalMs: 1_000,
  leaseMs: 30_000,
  maxRetryDelayMs: 10_000,
};

/**
 * Starts each stored application's process instance exactly once.
 *
 * The application is stored first (so it is never lost), then its instance is created
 * and its key recorded with compare-and-set. An application whose start failed (engine
 * unreachable) stays `accepted` and the background loop tries again with back-off.
 *
 * A crash between "instance created" and "key recorded" may leave an instance the store
 * does not know, and the retry starts another. Two guards make sure only one survives:
 * `recordInstance` keeps the first key and this starter cancels the instance it just
 * created when another is recorded; and the department API, given the instance key
 * every worker sends, records an unknown instance when none is recorded yet and cancels
 * any instance that is not the recorded one, before any department acts on it.
 */
export class ProcessStarter {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly store: ApplicationStore,
    private readonly instances: ProcessInstances,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly options: ProcessStarterOptions = defaultStarterOptions,
  ) {}

  /**
   * Tries to start the application's instance, waiting at most `attemptTimeoutMs`.
   * Resolves `started` once the key is recorded, `pending` otherwise (the attempt may
   * still finish, or the background loop takes over); never rejects.
   */
  async start(application: StoredApplication): Promise<'started' | 'pending'> {
    const attempt = this.track(this.attempt(application));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'pending'>((resolve) => {
      timer = setTimeout(() => resolve('pending'), this.options.attemptTimeoutMs);
    });
    try {
      return await Promise.race([attempt, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Starts the background loop; `stop()` ends it and waits for attempts in flight. */
  startBackground(): void {
    if (this.timer) return;
    const tick = () => {
      this.sweeping = this.sweep().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.options.pollIntervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sweeping;
    await Promise.allSettled([...this.inFlight]);
  }

  /** One pass of the background loop: leases due applications and tries each. */
  async sweep(): Promise<void> {
    try {
      const ids = await this.store.leaseDueStarts(20, this.options.leaseMs);
      for (const id of ids) {
        const application = await this.store.findById(id);
        if (application) await this.track(this.attempt(application));
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'background start sweep failed');
    }
  }

  // --- helpers below ---

  private async attempt(application: StoredApplication): Promise<'started' | 'pending'> {
    let processInstanceKey: string;
    try {
      processInstanceKey = await this.instances.create(startVariables(application));
    } catch (error) {
      await this.noteFailure(application, error);
      return 'pending';
    }

    try {
      return await this.record(application.id, processInstanceKey);
    } catch (error) {
      // The instance exists but its key is not stored; its first worker call records it.
      this.logger.warn(
        { applicationId: application.id, processInstanceKey, err: error },
        'instance key not recorded',
      );
      return 'pending';
    }
  }

  private async record(id: string, processInstanceKey: string): Promise<'started'> {
    const outcome = await this.store.recordInstance(id, processInstanceKey);
    if (outcome === 'conflict') {
      await this.instances.cancel(processInstanceKey);
      await this.store.recordDuplicateCancelled(id, processInstanceKey);
      this.logger.warn({ applicationId: id, processInstanceKey }, 'duplicate instance cancelled');
    } else {
      this.logger.info({ applicationId: id, processInstanceKey }, 'instance started');
    }
    return 'started';
  }

  private async noteFailure(application: StoredApplication, error: unknown) {
    const delay = Math.min(
      this.options.maxRetryDelayMs,
      500 * 2 ** Math.min(application.startAttempts, 10),
    );
    const message = (error as Error)?.message ?? String(error);
    this.logger.warn(
      { applicationId: application.id, attempts: application.startAttempts, err: error },
      'instance start failed',
    );
    try {
      await this.store.recordStartFailure(application.id, message, this.clock.now() + delay);
    } catch (storeError) {
      this.logger.warn(
        { applicationId: application.id, err: storeError },
        'start failure not noted',
      );
    }
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
}

/** The process variables of an application's instance: the contract's, no personal data. */
export function startVariables(application: StoredApplication): StartVariables {
  return {
    applicationId: application.id,
    city: application.city,
    items: application.form.items,
    taxDepartment: application.city.startsWith('3702') ? 'tax-qingdao' : 'tax',
    mailCard: application.form.card?.mailCard ?? false,
    receivedAt: beijingIso(Date.parse(application.receivedAt)),
  };
}
