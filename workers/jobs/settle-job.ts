import { Zeebe } from '@camunda8/sdk';
import type { IOutputVariables, JSONDoc } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0.js';

import { ITEM_REJECTED_ERROR, type ItemResult } from '../../bpmn/process-contract.ts';
import type { Logger } from '../../platform/logger.ts';
import { WorkerError } from '../errors.ts';
import type { Job } from './job-worker.ts';

/** What a handler decided for a job. */
export type JobOutcome =
  | { kind: 'complete'; variables: Record<string, unknown> }
  | { kind: 'item-rejected'; result: ItemResult };

type Acknowledgement = typeof Zeebe.Types.JOB_ACTION_ACKNOWLEDGEMENT;

export interface SettleOptions {
  handle(job: Job, logger: Logger): Promise<JobOutcome>;
  logger: Logger;
  retryBackOffMs: number;
  /** True once the worker is stopping: the job is handed back untouched. */
  stopping(): boolean;
}

/**
 * Runs the handler and settles the job exactly once:
 * - `complete` → CompleteJob with the variables;
 * - `item-rejected` → ThrowError `ITEM_REJECTED` with `{ result }` and the reason in Chinese;
 * - a thrown error → FailJob: with `retries - 1` and the back-off when a retry can help (a
 *   `WorkerError` marked retryable, or anything unexpected), with 0 retries (an incident at
 *   once) when it cannot.
 *
 * A settle the engine refuses (the job timed out and was completed elsewhere, or its
 * instance is gone) is logged and dropped: the work it did is idempotent, so nothing is lost.
 */
export async function settleJob(job: Job, options: SettleOptions): Promise<Acknowledgement> {
  const logger = options.logger.child({
    jobKey: job.key,
    processInstanceKey: job.processInstanceKey,
    applicationId: stringVariable(job, 'applicationId'),
  });

  if (options.stopping()) {
    logger.info('job handed back, worker stopping');
    return acknowledge(logger, () =>
      job.fail({ errorMessage: '作业工作者正在停止，作业已交回', retries: job.retries }),
    );
  }

  let outcome: JobOutcome;
  try {
    outcome = await options.handle(job, logger);
  } catch (error) {
    return acknowledge(logger, () => fail(job, error, logger, options.retryBackOffMs));
  }

  if (outcome.kind === 'complete') {
    logger.debug('job completed');
    return acknowledge(logger, () => job.complete(outcome.variables as IOutputVariables));
  }
  const { result } = outcome;
  logger.info({ item: result.item, outcome: result.outcome }, 'item rejected');
  return acknowledge(logger, () =>
    job.error({
      errorCode: ITEM_REJECTED_ERROR,
      errorMessage: result.reason ?? '',
      variables: { result: result as unknown as JSONDoc },
    }),
  );
}

/** Reads a string process variable of the job, or `undefined`. */
export function stringVariable(job: Job, name: string): string | undefined {
  const value = (job.variables as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

// helpers ------------------------------------------------------------------

const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;

function fail(job: Job, error: unknown, logger: Logger, retryBackOffMs: number) {
  const retryable = !(error instanceof WorkerError) || error.retryable;
  const retries = retryable ? Math.max(job.retries - 1, 0) : 0;
  const code = error instanceof WorkerError ? error.code : 'UNEXPECTED';
  const message = error instanceof Error ? error.message : String(error);

  const fields = { retries, err: safeError(error) };
  if (retries > 0) logger.warn(fields, 'job failed, will retry');
  else logger.error(fields, 'job failed, incident raised');

  return job.fail({
    errorMessage: `${code}: ${message}`.slice(0, 1000),
    retries,
    retryBackOff: retries > 0 ? retryBackOffMs : 0,
  });
}

async function acknowledge(
  logger: Logger,
  action: () => Promise<Acknowledgement>,
): Promise<Acknowledgement> {
  try {
    return await action();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === NOT_FOUND || code === FAILED_PRECONDITION) {
      logger.warn({ grpcCode: code }, 'job already settled elsewhere, action dropped');
    } else {
      logger.error({ err: safeError(error) }, 'job action not acknowledged, job will time out');
    }
    return Zeebe.Types.JOB_ACTION_ACKNOWLEDGEMENT;
  }
}

/**
 * The error's type, code and message only: drivers attach details (a PostgreSQL `detail`
 * names the duplicate key's value, e.g. an ID number) that must not reach a log.
 */
function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const cause = error.cause instanceof Error ? error.cause : undefined;
  return {
    type: error.name,
    code: (error as { code?: unknown }).code,
    message: error.message,
    ...(cause && { cause: { type: cause.name, message: cause.message } }),
  };
}
