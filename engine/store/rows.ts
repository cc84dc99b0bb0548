/**
 * The rows the engine stores. Each is kept whole as jsonb; `Table` specs in
 * `engine-store.ts` name the columns each is looked up by.
 */
import type { Variables } from '../api.ts';
import type { BpmnElementType } from '../model/executable-process.ts';

export interface ResourceRow {
  key: string;
  deploymentKey: string;
  tenantId: string;
  name: string;
  checksum: string;
  content: string;
}

export interface DefinitionRow {
  key: string;
  bpmnProcessId: string;
  version: number;
  tenantId: string;
  resourceKey: string;
  resourceName: string;
  checksum: string;
  deploymentKey: string;
  deleted: boolean;
}

/** Lifecycle states of an element instance that is still in the state (Zeebe's names). */
export type ElementState = 'ACTIVATING' | 'ACTIVATED' | 'COMPLETING' | 'TERMINATING';

/** A timer or message subscription an element instance owns, kept to cancel it. */
export interface EventSubscriptionRef {
  kind: 'timer' | 'message';
  key: string;
  /** The catch event or boundary event the trigger activates. */
  elementId: string;
}

/** Progress of a multi-instance body. */
export interface LoopState {
  collection: unknown[];
  next: number;
  active: number;
  completed: number;
  terminated: number;
  /** The completion condition held when an inner instance completed. */
  conditionMet?: boolean;
}

export interface ElementInstance {
  key: string;
  elementId: string;
  type: BpmnElementType;
  state: ElementState;
  /** The flow scope: the process, a sub-process or a multi-instance body. */
  parentKey?: string;
  /** Scopes: child element instances plus sequence flows taken and not yet consumed. */
  active?: number;
  /** Scopes: tokens waiting at joining gateways, by gateway id, then incoming flow id. */
  joins?: Record<string, Record<string, number>>;
  /** Scopes: sequence flows taken whose target is not activated yet, by target id. */
  inFlight?: Record<string, number>;
  /** Scopes: bumped when a terminate end event drops the scope's tokens. */
  epoch?: number;
  jobKey?: string;
  subscriptions?: EventSubscriptionRef[];
  incidentKey?: string;
  /** Variables of the trigger (job completion, message) applied when the element completes. */
  eventVariables?: Variables;
  loop?: LoopState;
  /** Inner instances of a multi-instance body: 1-based. */
  loopCounter?: number;
  /** Boundary and event-based targets: activated by a trigger, not by a flow. */
  triggered?: boolean;
}

export interface VariableEntry {
  key: string;
  value: unknown;
}

/** Everything one running process instance holds; one row, cached while it runs. */
export interface InstanceState {
  key: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  tenantId: string;
  elements: Record<string, ElementInstance>;
  /** Variable scopes by element instance key. */
  variables: Record<string, Record<string, VariableEntry>>;
}

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'BACKOFF' | 'FAILED' | 'ERROR_THROWN';

export interface JobRow {
  key: string;
  type: string;
  tenantId: string;
  state: JobState;
  retries: number;
  /** When a job in back-off becomes activatable again. */
  activatableAt: number;
  /** When an activated job times out. */
  deadline?: number;
  worker?: string;
  errorMessage?: string;
  errorCode?: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  customHeaders: Record<string, string>;
}

export interface TimerRow {
  key: string;
  dueAt: number;
  /** Firings left, -1 = unbounded (cycle `R/…`). */
  repetitions: number;
  /** Cycle timers: the evaluated cycle text, for the next occurrence. */
  cycle?: string;
  processInstanceKey: string;
  /** The element instance that owns the timer (catch event, activity, event-based gateway). */
  elementInstanceKey: string;
  /** The timer event: intermediate catch event or boundary event. */
  targetElementId: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  tenantId: string;
}

export interface SubscriptionRow {
  key: string;
  messageName: string;
  correlationKey: string;
  tenantId: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  elementInstanceKey: string;
  /** The message event or receive task the message triggers. */
  targetElementId: string;
  interrupting: boolean;
}

export interface MessageRow {
  key: string;
  name: string;
  correlationKey: string;
  tenantId: string;
  messageId?: string;
  timeToLive: number;
  expiresAt: number;
  variables: Variables;
  /** Process ids this message already correlated to (at most once per process id). */
  correlatedProcessIds: string[];
}

/** Incidents record what failed so `resolve` can retry it. */
export type IncidentStep = 'activate' | 'complete' | 'job';

export interface IncidentRow {
  key: string;
  errorType: string;
  errorMessage: string;
  step: IncidentStep;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey?: string;
  tenantId: string;
}
