import type { ElementInstance, IncidentRow, IncidentStep } from '../store/rows.ts';
import { closeSubscriptions } from './event-subscriptions.ts';
import type { InstanceContext } from './instance-context.ts';

/** Zeebe's incident error types the engine raises. */
export type IncidentErrorType =
  | 'JOB_NO_RETRIES'
  | 'UNHANDLED_ERROR_EVENT'
  | 'EXTRACT_VALUE_ERROR'
  | 'CONDITION_ERROR'
  | 'IO_MAPPING_ERROR';

/**
 * Raises an incident on an element instance (INCIDENT CREATED). The instance stays where
 * it failed; `step` says what resolving the incident retries. An activation that failed
 * closes what it had opened so the retry starts clean.
 */
export function raiseIncident(
  ctx: InstanceContext,
  element: ElementInstance,
  errorType: IncidentErrorType,
  errorMessage: string,
  step: IncidentStep,
  jobKey?: string,
): void {
  if (step === 'activate') closeSubscriptions(ctx, element);
  const incident: IncidentRow = {
    key: ctx.newKey(),
    errorType,
    errorMessage,
    step,
    processInstanceKey: ctx.key,
    processDefinitionKey: ctx.state.processDefinitionKey,
    bpmnProcessId: ctx.state.bpmnProcessId,
    elementId: element.elementId,
    elementInstanceKey: element.key,
    tenantId: ctx.state.tenantId,
  };
  if (jobKey) incident.jobKey = jobKey;
  element.incidentKey = incident.key;
  ctx.store.incidents.put(incident);
  ctx.record('INCIDENT', 'CREATED', incident.key, incidentValue(incident), element.elementId);
}

/** Resolves the incident of an element instance that is being terminated. */
export function resolveIncidentOf(ctx: InstanceContext, element: ElementInstance): void {
  if (!element.incidentKey) return;
  const key = element.incidentKey;
  delete element.incidentKey;
  ctx.store.incidents.delete(key);
  ctx.record('INCIDENT', 'RESOLVED', key, { elementInstanceKey: element.key }, element.elementId);
}

export function incidentValue(incident: IncidentRow): Record<string, unknown> {
  return {
    errorType: incident.errorType,
    errorMessage: incident.errorMessage,
    processDefinitionKey: incident.processDefinitionKey,
    elementInstanceKey: incident.elementInstanceKey,
    jobKey: incident.jobKey ?? '-1',
    variableScopeKey: incident.elementInstanceKey,
  };
}
