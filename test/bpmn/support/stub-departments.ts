import type { ActivatedJob, EngineApi } from '../../../engine/index.ts';
import {
  ITEM_REJECTED_ERROR,
  RESULT_MESSAGE,
  items,
  jobTypes,
  resultCorrelationKey,
  type ItemCode,
  type ItemResult,
} from '../../../bpmn/process-contract.ts';

/**
 * Stub job workers for running the provincial model on the embedded engine: the platform
 * steps (deadline, escalation, outcome, notification) and one stub department per item
 * that answers as the test scripts it. Jobs are worked through the engine's TypeScript API
 * in one loop, so a run is deterministic.
 */

/** How a stub department answers an item. */
export type DepartmentAnswer =
  | { kind: 'approve' }
  /** Refused at once: the submit job throws `ITEM_REJECTED`. */
  | { kind: 'refuse'; reason: string }
  /** Decided later, by message, with this outcome. */
  | { kind: 'reject-after-review'; reason: string }
  /** Takes the request and does not answer; the test publishes the result itself. */
  | { kind: 'silent' };

/** One job as the stub workers handled it, in order. */
export interface HandledJob {
  type: string;
  elementId: string;
  headers: Record<string, string>;
  variables: Record<string, unknown>;
}

/** A deadline one day after `receivedAt`, the stub calendar's rule (the real one counts working days). */
export function stubDeadline(receivedAt: string): string {
  return new Date(new Date(receivedAt).getTime() + 24 * 3600_000).toISOString();
}

export class StubDepartments {
  readonly handled: HandledJob[] = [];
  readonly #engine: EngineApi;
  readonly #now: () => number;
  readonly #answers: Partial<Record<ItemCode, DepartmentAnswer>>;

  constructor(
    engine: EngineApi,
    now: () => number,
    answers: Partial<Record<ItemCode, DepartmentAnswer>> = {},
  ) {
    this.#engine = engine;
    this.#now = now;
    this.#answers = answers;
  }

  /** Works every activatable job, round after round, until none is left. */
  async drain(): Promise<void> {
    for (;;) {
      let worked = 0;
      for (const type of allJobTypes()) {
        const jobs = await this.#engine.activateJobs({
          type,
          worker: 'stub-departments',
          timeoutMs: 3600_000,
          maxJobsToActivate: 32,
        });
        for (const job of jobs) await this.#work(job);
        worked += jobs.length;
      }
      if (worked === 0) return;
    }
  }

  /** Publishes a department's decision the way the server does. */
  async publishResult(applicationId: string, result: ItemResult): Promise<void> {
    await this.#engine.publishMessage({
      name: RESULT_MESSAGE,
      correlationKey: resultCorrelationKey(applicationId, result.item),
      timeToLiveMs: 7 * 24 * 3600_000,
      messageId: resultCorrelationKey(applicationId, result.item),
      variables: { result },
    });
  }

  /** The jobs of `type` handled so far, optionally for one item. */
  jobsOf(type: string, item?: ItemCode): HandledJob[] {
    return this.handled.filter(
      (job) => job.type === type && (item === undefined || job.headers.item === item),
    );
  }

  async #work(job: ActivatedJob): Promise<void> {
    this.handled.push({
      type: job.type,
      elementId: job.elementId,
      headers: job.customHeaders,
      variables: job.variables,
    });
    if (job.type === jobTypes.deadline) {
      const receivedAt = String(job.variables.receivedAt);
      await this.#engine.completeJob(job.key, { deadline: stubDeadline(receivedAt) });
      return;
    }
    if (job.type.endsWith('.submit')) {
      await this.#submit(job);
      return;
    }
    await this.#engine.completeJob(job.key, {});
  }

  async #submit(job: ActivatedJob): Promise<void> {
    const item = job.customHeaders.item as ItemCode;
    const applicationId = String(job.variables.applicationId);
    const answer = this.#answers[item] ?? { kind: 'approve' };
    const decidedAt = new Date(this.#now()).toISOString();

    if (answer.kind === 'refuse') {
      const result: ItemResult = { item, outcome: 'rejected', reason: answer.reason, decidedAt };
      await this.#engine.throwError(job.key, {
        errorCode: ITEM_REJECTED_ERROR,
        errorMessage: answer.reason,
        variables: { result },
      });
      return;
    }

    // The department answers before the submit job completes: the result message is
    // buffered until the instance waits for it.
    if (answer.kind === 'approve') {
      await this.publishResult(applicationId, { item, outcome: 'approved', decidedAt });
    }
    if (answer.kind === 'reject-after-review') {
      await this.publishResult(applicationId, {
        item,
        outcome: 'rejected',
        reason: answer.reason,
        decidedAt,
      });
    }
    await this.#engine.completeJob(job.key, {});
  }
}

function allJobTypes(): string[] {
  return [...Object.values(items).map((item) => item.submitJobType), ...Object.values(jobTypes)];
}
