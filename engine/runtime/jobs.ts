import type { ActivatedJob } from '../api.ts';
import type { FlowNode } from '../model/executable-process.ts';
import type { ElementInstance, JobRow } from '../store/rows.ts';
import type { InstanceContext } from './instance-context.ts';
import type { Runtime } from './runtime.ts';

/** Who a job is activated for: a worker of an `ActivateJobs` call or of a job stream. */
export interface JobActivation {
  worker: string;
  timeoutMs: number;
  fetchVariables?: string[];
}

/** Creates the job of a task (JOB CREATED); it is activatable at once. */
export function createJob(
  ctx: InstanceContext,
  element: ElementInstance,
  node: FlowNode,
  type: string,
  retries: number,
): void {
  const job: JobRow = {
    key: ctx.newKey(),
    type,
    tenantId: ctx.state.tenantId,
    state: 'ACTIVATABLE',
    retries,
    activatableAt: 0,
    processInstanceKey: ctx.key,
    elementInstanceKey: element.key,
    elementId: element.elementId,
    bpmnProcessId: ctx.state.bpmnProcessId,
    processDefinitionKey: ctx.state.processDefinitionKey,
    processDefinitionVersion: ctx.state.version,
    customHeaders: node.job?.headers ?? {},
  };
  element.jobKey = job.key;
  ctx.store.jobs.put(job);
  ctx.batch.jobsAvailable(type, job.tenantId);
  ctx.record('JOB', 'CREATED', job.key, jobValue(job), job.elementId, element.type);
}

/**
 * Activates an activatable job for a worker in the batch (JOB ACTIVATED): it gets the
 * worker, a deadline `timeoutMs` from now and the variables visible at its task. Returns
 * undefined (and changes nothing) when the job's task no longer exists.
 */
export async function activateJob(
  runtime: Runtime,
  job: JobRow,
  activation: JobActivation,
): Promise<ActivatedJob | undefined> {
  const { store, batch } = runtime;
  const state = await store.instances.get(job.processInstanceKey);
  if (!state?.elements[job.elementInstanceKey]) return undefined;

  const now = batch.now();
  job.state = 'ACTIVATED';
  job.worker = activation.worker;
  job.deadline = now + activation.timeoutMs;
  store.jobs.put(job);
  batch.dueAt(job.deadline);
  store.records.append({
    key: job.key,
    valueType: 'JOB',
    intent: 'ACTIVATED',
    timestamp: now,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    elementId: job.elementId,
    tenantId: job.tenantId,
    value: jobValue(job),
  });
  const variables = activation.fetchVariables?.length
    ? runtime.variables.pick(state, job.elementInstanceKey, activation.fetchVariables)
    : runtime.variables.visible(state, job.elementInstanceKey);
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: job.customHeaders,
    worker: activation.worker,
    retries: job.retries,
    deadline: job.deadline,
    variables,
    tenantId: job.tenantId,
  };
}

/** Cancels the job of an element instance that is being terminated (JOB CANCELED). */
export async function cancelJobOf(ctx: InstanceContext, element: ElementInstance): Promise<void> {
  if (!element.jobKey) return;
  const job = await ctx.store.jobs.get(element.jobKey);
  delete element.jobKey;
  if (!job) return;
  ctx.store.jobs.delete(job.key);
  ctx.record('JOB', 'CANCELED', job.key, jobValue(job), job.elementId, element.type);
}

/** The value of a JOB record (Zeebe's JobRecord fields). */
export function jobValue(
  job: JobRow,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: job.type,
    worker: job.worker ?? '',
    retries: job.retries,
    deadline: job.deadline ?? -1,
    errorMessage: job.errorMessage ?? '',
    errorCode: job.errorCode ?? '',
    elementInstanceKey: job.elementInstanceKey,
    processDefinitionKey: job.processDefinitionKey,
    processDefinitionVersion: job.processDefinitionVersion,
    customHeaders: job.customHeaders,
    ...extra,
  };
}
