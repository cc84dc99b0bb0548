/**
 * Jobs as the protocol carries them: the engine's `ActivatedJob` with its variables and
 * custom headers as JSON text and its keys and deadline as int64 strings, cut into
 * response messages that stay well under the 4 MiB a gRPC client accepts by default.
 */
import type { ActivatedJob as EngineJob } from '../api.ts';
import type { ActivatedJob } from './wire.ts';

/** Largest body of one `ActivateJobsResponse`, leaving room under gRPC's 4 MiB default. */
const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

export function toWireJob(job: EngineJob): ActivatedJob {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: JSON.stringify(job.customHeaders),
    worker: job.worker,
    retries: job.retries,
    deadline: String(job.deadline),
    variables: JSON.stringify(job.variables),
    tenantId: job.tenantId,
  };
}

/** Splits jobs into response batches by size; one over-large job still goes alone. */
export function responseBatches(jobs: ActivatedJob[]): ActivatedJob[][] {
  const batches: ActivatedJob[][] = [];
  let batch: ActivatedJob[] = [];
  let bytes = 0;

  for (const job of jobs) {
    const size = job.variables.length + job.customHeaders.length + 256;
    if (batch.length > 0 && bytes + size > MAX_RESPONSE_BYTES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(job);
    bytes += size;
  }

  if (batch.length > 0) batches.push(batch);
  return batches;
}
