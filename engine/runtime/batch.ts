import type { Clock } from '../api.ts';
import type { EngineStore } from '../store/engine-store.ts';
import type { BatchState } from './command-queue.ts';

/** Hooks run after a batch committed. */
export interface BatchListeners {
  jobsAvailable(type: string, tenantId: string): void;
  /** The earliest due time of timers, deadlines, back-offs or expiries the batch created. */
  dueAt(at: number): void;
}

/**
 * The working state of the batch the command loop is applying: the store with its pending
 * changes, and the effects that may only happen once the batch committed.
 */
export class Batch implements BatchState {
  private effects: (() => void)[] = [];
  private readonly jobTypes = new Map<string, [string, string]>();
  private earliestDue = Number.POSITIVE_INFINITY;

  /**
   * Steps run after the batch's last command and before its commit; what they change is
   * committed with the batch (job push activates jobs for open streams here).
   */
  readonly beforeCommit: (() => Promise<void>)[] = [];

  /** In-memory state outside the store that follows the batch (committed or undone). */
  readonly participants: { committed(): void; discard(): void }[] = [];

  constructor(
    readonly store: EngineStore,
    readonly clock: Clock,
    private readonly listeners: BatchListeners,
  ) {}

  get changed(): boolean {
    return this.store.changed;
  }

  beginCommand(): void {
    this.store.changed = false;
  }

  now(): number {
    return this.clock.now();
  }

  newKey(): string {
    return this.store.keys.next();
  }

  /** Runs `effect` after the batch committed; dropped if it does not. */
  onCommit(effect: () => void): void {
    this.effects.push(effect);
  }

  jobsAvailable(type: string, tenantId: string): void {
    this.jobTypes.set(`${tenantId}\u0000${type}`, [type, tenantId]);
  }

  /** The (type, tenant) pairs this batch made jobs activatable for, so far. */
  availableJobTypes(): [string, string][] {
    return [...this.jobTypes.values()];
  }

  /** No job of (type, tenant) is left activatable by this batch: nobody is notified. */
  jobsTaken(type: string, tenantId: string): void {
    this.jobTypes.delete(`${tenantId}\u0000${type}`);
  }

  dueAt(at: number): void {
    if (at < this.earliestDue) this.earliestDue = at;
  }

  async commit(): Promise<void> {
    for (const step of this.beforeCommit) await step();
    await this.store.commit();
  }

  discard(): void {
    this.store.discard();
    for (const participant of this.participants) participant.discard();
    this.reset();
  }

  afterCommit(): void {
    const effects = this.effects;
    const jobTypes = [...this.jobTypes.values()];
    const due = this.earliestDue;
    for (const participant of this.participants) participant.committed();
    this.reset();
    for (const effect of effects) effect();
    for (const [type, tenantId] of jobTypes) this.listeners.jobsAvailable(type, tenantId);
    if (due !== Number.POSITIVE_INFINITY) this.listeners.dueAt(due);
  }

  private reset(): void {
    this.effects = [];
    this.jobTypes.clear();
    this.earliestDue = Number.POSITIVE_INFINITY;
  }
}
