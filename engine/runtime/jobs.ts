import type { FlowNode } from '../model/executable-process.ts';
import type { ElementInstance, JobRow } from '../store/rows.ts';
import type { InstanceContext } from './instance-context.ts';

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
