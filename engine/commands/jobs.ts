import type {
  ActivateJobsCommand,
  ActivatedJob,
  FailJobCommand,
  ThrowErrorCommand,
  Variables,
} from '../api.ts';
import { EngineError } from '../errors.ts';
import { findErrorCatch, throwErrorEvent } from '../runtime/errors.ts';
import { compareKeys } from '../runtime/event-subscriptions.ts';
import { completeElement } from '../runtime/flow.ts';
import { raiseIncident } from '../runtime/incidents.ts';
import type { InstanceContext } from '../runtime/instance-context.ts';
import { activateJob, jobValue } from '../runtime/jobs.ts';
import type { Runtime } from '../runtime/runtime.ts';
import {
  assertInteger,
  assertKey,
  assertText,
  assertVariables,
  resolveTenant,
} from '../runtime/validation.ts';
import type { ElementInstance, JobRow } from '../store/rows.ts';

/** Activates up to `maxJobsToActivate` activatable jobs of a type for a worker (JOB ACTIVATED). */
export async function activateJobs(
  runtime: Runtime,
  command: ActivateJobsCommand,
): Promise<ActivatedJob[]> {
  const type = assertText(command.type, 'job type');
  const worker = assertText(command.worker, 'worker');
  const timeoutMs = assertInteger(command.timeoutMs, 'timeout (ms)', 1);
  const max = assertInteger(command.maxJobsToActivate, 'maxJobsToActivate', 1);
  const tenants = command.tenantIds?.length ? command.tenantIds.map(resolveTenant) : ['<default>'];

  const candidates = await activatableJobs(runtime, type, tenants, max);
  const activated: ActivatedJob[] = [];
  for (const job of candidates.slice(0, max)) {
    const fetchVariables = command.fetchVariables;
    const activatedJob = await activateJob(runtime, job, { worker, timeoutMs, fetchVariables });
    if (activatedJob) activated.push(activatedJob);
  }
  return activated;
}

/** Activatable jobs of `type` in `tenants` as of this batch, oldest first, about `limit`. */
export function activatableJobs(
  runtime: Runtime,
  type: string,
  tenants: string[],
  limit: number,
): Promise<JobRow[]> {
  return runtime.store.jobs.query(
    `state = 'ACTIVATABLE' and type = ? and tenant_id in (${tenants.map(() => '?').join(', ')})`,
    [type, ...tenants],
    (job) => job.state === 'ACTIVATABLE' && job.type === type && tenants.includes(job.tenantId),
    { orderBy: 'key', limit, compare: (a, b) => compareKeys(a.key, b.key) },
  );
}

/** Completes a job (JOB COMPLETED); its task completes with the variables. */
export async function completeJob(
  runtime: Runtime,
  jobKey: string,
  variables: Variables | undefined,
): Promise<void> {
  const document = assertVariables(variables);
  const { job, ctx, element } = await openJob(runtime, jobKey, 'complete');
  runtime.store.jobs.delete(job.key);
  delete element.jobKey;
  ctx.record('JOB', 'COMPLETED', job.key, jobValue(job, { variables: document }), job.elementId);
  if (Object.keys(document).length > 0) element.eventVariables = document;
  await completeElement(ctx, element);
  await ctx.drain();
}

/**
 * Fails a job (JOB FAILED) with the retries the worker sends: activatable again (after the
 * back-off), or with no retries left an incident.
 */
export async function failJob(
  runtime: Runtime,
  jobKey: string,
  command: FailJobCommand,
): Promise<void> {
  const retries = assertInteger(command?.retries, 'retries', Number.MIN_SAFE_INTEGER);
  const backOff = assertInteger(command.retryBackOffMs ?? 0, 'retryBackOff (ms)', 0);
  const variables = assertVariables(command.variables);
  const { job, ctx, element } = await openJob(runtime, jobKey, 'fail');
  const now = ctx.now;

  if (Object.keys(variables).length > 0) runtime.variables.setLocal(ctx, element.key, variables);
  job.retries = retries;
  job.errorMessage = command.errorMessage ?? '';
  delete job.deadline;
  if (retries > 0 && backOff > 0) {
    job.state = 'BACKOFF';
    job.activatableAt = now + backOff;
    runtime.batch.dueAt(job.activatableAt);
  } else if (retries > 0) {
    job.state = 'ACTIVATABLE';
    runtime.batch.jobsAvailable(job.type, job.tenantId);
  } else {
    job.state = 'FAILED';
  }
  runtime.store.jobs.put(job);
  ctx.record('JOB', 'FAILED', job.key, jobValue(job, { retryBackoff: backOff }), job.elementId);
  if (job.state === 'FAILED') {
    const message = job.errorMessage || 'No more retries left.';
    raiseIncident(ctx, element, 'JOB_NO_RETRIES', message, 'job', job.key);
  }
  await ctx.drain();
}

/**
 * Throws a BPMN error from a job (JOB ERROR_THROWN): the nearest matching error boundary
 * event takes it, else an incident.
 */
export async function throwError(
  runtime: Runtime,
  jobKey: string,
  command: ThrowErrorCommand,
): Promise<void> {
  const errorCode = assertText(command?.errorCode, 'error code');
  const variables = assertVariables(command.variables);
  const { job, ctx, element } = await openJob(runtime, jobKey, 'throw an error for');
  job.errorCode = errorCode;
  job.errorMessage = command.errorMessage ?? '';
  const value = jobValue(job, { variables });
  ctx.record('JOB', 'ERROR_THROWN', job.key, value, job.elementId);

  const target = findErrorCatch(ctx, element, errorCode);
  if (target) {
    runtime.store.jobs.delete(job.key);
    delete element.jobKey;
    await throwErrorEvent(ctx, target, Object.keys(variables).length ? variables : undefined);
  } else {
    job.state = 'ERROR_THROWN';
    delete job.deadline;
    runtime.store.jobs.put(job);
    const message =
      `Expected to throw an error event with the code '${errorCode}'` +
      (job.errorMessage ? ` with message '${job.errorMessage}'` : '') +
      `, but it was not caught. No error events are available in the scope.`;
    raiseIncident(ctx, element, 'UNHANDLED_ERROR_EVENT', message, 'job', job.key);
  }
  await ctx.drain();
}

/** Sets a job's retries (JOB RETRIES_UPDATED); an incident still needs resolving. */
export async function updateJobRetries(runtime: Runtime, jobKey: string, retries: number) {
  assertInteger(retries, 'retries', 1);
  const job = await findJob(runtime, jobKey, 'update the retries of');
  job.retries = retries;
  runtime.store.jobs.put(job);
  appendJobRecord(runtime, job, 'RETRIES_UPDATED');
}

/** Gives an activated job a new deadline, counted from now (JOB TIMEOUT_UPDATED). */
export async function updateJobTimeout(runtime: Runtime, jobKey: string, timeoutMs: number) {
  assertInteger(timeoutMs, 'timeout (ms)', 1);
  const job = await findJob(runtime, jobKey, 'update the timeout of');
  if (job.state !== 'ACTIVATED') {
    throw new EngineError(
      'JOB_NOT_ACTIVATED',
      `job <${jobKey}> is not activated, so it has no timeout to update`,
    );
  }
  job.deadline = runtime.batch.now() + timeoutMs;
  runtime.store.jobs.put(job);
  runtime.batch.dueAt(job.deadline);
  appendJobRecord(runtime, job, 'TIMEOUT_UPDATED');
}

/** Hands activated jobs back (JOB YIELDED); unknown or settled keys are ignored. */
export async function yieldJobs(runtime: Runtime, jobKeys: string[]): Promise<void> {
  for (const key of jobKeys) {
    if (typeof key !== 'string' || !/^\d{1,19}$/.test(key)) continue;
    const job = await runtime.store.jobs.get(key);
    if (job?.state !== 'ACTIVATED') continue;
    job.state = 'ACTIVATABLE';
    delete job.deadline;
    delete job.worker;
    runtime.store.jobs.put(job);
    runtime.batch.jobsAvailable(job.type, job.tenantId);
    appendJobRecord(runtime, job, 'YIELDED');
  }
}

export function appendJobRecord(runtime: Runtime, job: JobRow, intent: string): void {
  runtime.store.records.append({
    key: job.key,
    valueType: 'JOB',
    intent,
    timestamp: runtime.batch.now(),
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    elementId: job.elementId,
    tenantId: job.tenantId,
    value: jobValue(job),
  });
}

async function findJob(runtime: Runtime, jobKey: string, action: string): Promise<JobRow> {
  assertKey(jobKey, 'job key');
  const job = await runtime.store.jobs.get(jobKey);
  if (!job) {
    throw new EngineError(
      'JOB_NOT_FOUND',
      `Expected to ${action} job with key '${jobKey}', but no such job was found`,
    );
  }
  return job;
}

/** A job a worker settles, with its instance ready to change. */
async function openJob(
  runtime: Runtime,
  jobKey: string,
  action: string,
): Promise<{ job: JobRow; ctx: InstanceContext; element: ElementInstance }> {
  const job = await findJob(runtime, jobKey, action);
  if (job.state === 'FAILED' || job.state === 'ERROR_THROWN') {
    throw new EngineError(
      'JOB_IN_INCIDENT',
      `Expected to ${action} job with key '${jobKey}', but it is in an incident; ` +
        `update its retries and resolve the incident first`,
    );
  }
  const state = await runtime.store.instances.get(job.processInstanceKey);
  const element = state?.elements[job.elementInstanceKey];
  if (!state || !element) {
    throw new EngineError(
      'JOB_NOT_FOUND',
      `Expected to ${action} job with key '${jobKey}', but no such job was found`,
    );
  }
  const ctx = runtime.context(state, await runtime.processOf(state));
  return { job, ctx, element };
}
