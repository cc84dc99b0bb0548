import { EngineError } from '../errors.ts';
import { runActivation, runCompletion } from '../runtime/flow.ts';
import { incidentValue } from '../runtime/incidents.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { assertKey } from '../runtime/validation.ts';

/**
 * Resolves an incident (INCIDENT RESOLVED) and retries what failed: the job becomes
 * activatable again (its retries must have been raised first), or the element's
 * activation or completion runs again, which may raise a new incident.
 */
export async function resolveIncident(runtime: Runtime, incidentKey: string): Promise<void> {
  assertKey(incidentKey, 'incident key');
  const { store } = runtime;
  const incident = await store.incidents.get(incidentKey);
  if (!incident) {
    throw new EngineError(
      'INCIDENT_NOT_FOUND',
      `no open incident with key <${incidentKey}>; it may have been resolved already`,
    );
  }
  const job = incident.jobKey ? await store.jobs.get(incident.jobKey) : undefined;
  if (job && incident.errorType === 'JOB_NO_RETRIES' && job.retries <= 0) {
    throw new EngineError(
      'INCIDENT_JOB_NO_RETRIES',
      `job <${job.key}> has no retries left; update its retries before resolving incident <${incidentKey}>`,
    );
  }
  const ctx = await runtime.instance(incident.processInstanceKey);
  const element = ctx?.element(incident.elementInstanceKey);

  store.incidents.delete(incidentKey);
  if (!ctx || !element) return;
  delete element.incidentKey;
  ctx.record('INCIDENT', 'RESOLVED', incidentKey, incidentValue(incident), incident.elementId);

  if (incident.step === 'job') {
    if (job) {
      job.state = 'ACTIVATABLE';
      delete job.errorCode;
      store.jobs.put(job);
      runtime.batch.jobsAvailable(job.type, job.tenantId);
    }
  } else if (incident.step === 'activate') {
    await runActivation(ctx, element);
  } else {
    await runCompletion(ctx, element);
  }
  await ctx.drain();
}
