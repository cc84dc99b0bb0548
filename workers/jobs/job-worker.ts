import type { Zeebe } from '@camunda8/sdk';
import type {
  ICustomHeaders,
  IInputVariables,
  IOutputVariables,
  ZeebeJob,
} from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0.js';

import type { ItemResult } from '../../bpmn/process-contract.ts';
import type { Logger } from '../../platform/logger.ts';
import type { DepartmentCaller } from '../../server/department-api/contract.ts';
import { settleJob, type JobOutcome } from './settle-job.ts';

type WorkerConfig = Parameters<Zeebe.ZeebeGrpcClient['createWorker']>[0];

/** A job as the SDK hands it to a worker, with its complete / fail / error actions. */
export type Job = Readonly<ZeebeJob>;

export type { JobOutcome };

/**
 * One job type's worker: what it fetches and how it turns a job into an outcome.
 *
 * `handle` returns the outcome for the job (complete, or the item rejected by its
 * department); it throws for a technical fault, which fails the job (see `settleJob`).
 */
export interface JobWorkerDefinition {
  taskType: string;
  /** Who runs the worker: the deciding department, or the province's platform. */
  department: DepartmentCaller;
  /** The process variables the job needs; only these are fetched. */
  fetchVariables: string[];
  handle(job: Job, logger: Logger): Promise<JobOutcome>;
}

export interface JobWorkerOptions {
  logger: Logger;
  /** Wait before a failed job is activatable again, in milliseconds. */
  retryBackOffMs: number;
  /** How long an activated job stays reserved for this worker, in milliseconds. */
  timeoutMs: number;
  /** Most jobs handled at once. */
  maxJobsToActivate?: number;
}

/**
 * A started worker; `stop()` takes no new jobs, ends its long poll, finishes the jobs in hand
 * (a job whose handler had not begun is handed back with its retries), then closes.
 */
export interface RunningJobWorker {
  taskType: string;
  stop(): Promise<void>;
}

/**
 * Starts polling for `definition.taskType` on its own gateway connection. Every job is
 * settled exactly once by `settleJob`; a job arriving while the worker stops is handed back
 * with its retries unchanged.
 */
export function startJobWorker(
  zeebe: Zeebe.ZeebeGrpcClient,
  definition: JobWorkerDefinition,
  options: JobWorkerOptions,
): RunningJobWorker {
  const logger = options.logger.child({
    department: definition.department,
    jobType: definition.taskType,
  });
  let stopping = false;

  const worker = zeebe.createWorker<IInputVariables, ICustomHeaders, IOutputVariables>({
    taskType: definition.taskType,
    fetchVariable: definition.fetchVariables,
    timeout: options.timeoutMs,
    maxJobsToActivate: options.maxJobsToActivate ?? 8,
    stdout: sdkLogger(logger),
    taskHandler: (job) =>
      settleJob(job, {
        handle: definition.handle,
        logger,
        retryBackOffMs: options.retryBackOffMs,
        stopping: () => stopping,
      }),
  });
  logger.info('job worker started');

  return {
    taskType: definition.taskType,
    stop: async () => {
      stopping = true;
      // Cancelled first: the SDK's close() stops the poll loop in the same tick.
      endLongPoll(worker);
      await worker.close();
      logger.info('job worker stopped');
    },
  };
}

/** The result a department rejected an item with, as `settleJob` throws it to the model. */
export function itemRejected(result: ItemResult): JobOutcome {
  return { kind: 'item-rejected', result };
}

/** Completes the job with `variables` (none by default). */
export function completed(variables: Record<string, unknown> = {}): JobOutcome {
  return { kind: 'complete', variables };
}

// helpers ------------------------------------------------------------------

/**
 * Cancels the worker's ActivateJobs call in flight. The SDK's `close()` leaves it open until
 * the gateway ends the long poll (tens of seconds, holding the process) and drops jobs that
 * arrive on it meanwhile; cancelled, the gateway gives those jobs back at once. Reaches into
 * the SDK's private `jobStream`; without it, stopping only takes longer.
 */
function endLongPoll(worker: object): void {
  const { jobStream } = worker as { jobStream?: { cancel?: () => void } };
  jobStream?.cancel?.();
}

/** The SDK's own worker log lines, routed into pino (they carry no personal data). */
function sdkLogger(logger: Logger): NonNullable<WorkerConfig['stdout']> {
  const sdk = logger.child({ component: 'zeebe-sdk' });
  const fields = (line: string) => {
    try {
      const { message, level } = JSON.parse(line) as { message?: unknown; level?: unknown };
      return { sdkMessage: message, sdkLevel: level };
    } catch {
      return { sdkMessage: line };
    }
  };
  return {
    debug: (line) => sdk.trace(fields(line), 'zeebe sdk'),
    info: (line) => sdk.debug(fields(line), 'zeebe sdk'),
    error: (line) => sdk.warn(fields(line), 'zeebe sdk'),
  };
}
