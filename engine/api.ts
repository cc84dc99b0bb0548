/**
 * The embedded engine's TypeScript API: the commands the Zeebe gateway (gRPC) maps onto.
 *
 * Contract for every command: it is validated first (bad input → `EngineError` with
 * status `INVALID_ARGUMENT` and nothing stored), then applied in one transaction, and the
 * promise resolves only after that transaction commits. Keys are 64-bit integers carried
 * as decimal strings. Times are milliseconds since the epoch (from the engine's clock),
 * durations are milliseconds. Variables documents are plain JSON objects.
 */

/** Variables document: always a JSON object at the top level. */
export type Variables = Record<string, unknown>;

/** The tenant of anything created without one, as in Zeebe with multi-tenancy off. */
export const DEFAULT_TENANT = '<default>';

/** Time source; tests inject a clock they move instead of waiting. */
export interface Clock {
  now(): number;
}

export interface DeployResource {
  /** File name, e.g. `order.bpmn`; only `.bpmn` / `.xml` BPMN resources are accepted. */
  name: string;
  content: string | Uint8Array;
}

export interface DeployCommand {
  resources: DeployResource[];
  tenantId?: string;
}

export interface ProcessMetadata {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  tenantId: string;
  /** True when identical XML was deployed before and its existing version is returned. */
  duplicate: boolean;
}

export interface Deployment {
  key: string;
  tenantId: string;
  processes: ProcessMetadata[];
}

export interface CreateProcessInstanceCommand {
  /** Either `processDefinitionKey`, or `bpmnProcessId` with `version` (-1 or absent = latest). */
  processDefinitionKey?: string;
  bpmnProcessId?: string;
  version?: number;
  variables?: Variables;
  tenantId?: string;
}

export interface ProcessInstanceCreated {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: string;
  tenantId: string;
}

export interface ProcessInstanceResult extends ProcessInstanceCreated {
  variables: Variables;
}

export interface AwaitResultOptions {
  /** Only these variables in the result; absent = all instance-scope variables. */
  fetchVariables?: string[];
  /** Give up after this long with `EngineError` status `DEADLINE_EXCEEDED`. */
  timeoutMs: number;
}

export interface ActivateJobsCommand {
  type: string;
  worker: string;
  /** How long the job stays reserved for this worker. Must be ≥ 1. */
  timeoutMs: number;
  /** Must be ≥ 1. */
  maxJobsToActivate: number;
  /** Only these variables on the jobs; absent or empty = all visible variables. */
  fetchVariables?: string[];
  /** Absent or empty = the default tenant. */
  tenantIds?: string[];
}

/** What a job stream asks for (the gateway's `StreamActivatedJobs`); like `ActivateJobsCommand`. */
export interface JobStreamCommand {
  type: string;
  worker: string;
  /** How long each pushed job stays reserved for the stream's worker. Must be ≥ 1. */
  timeoutMs: number;
  /** Only these variables on the jobs; absent or empty = all visible variables. */
  fetchVariables?: string[];
  /** Absent or empty = the default tenant. */
  tenantIds?: string[];
}

/**
 * Hands one activated job to a stream's worker. `true`: the stream took it. `false`, a
 * throw or a rejection: the stream is closed; the engine closes it and yields the job.
 */
export type JobPush = (job: ActivatedJob) => boolean | Promise<boolean>;

/** An open job stream; `close()` is idempotent. */
export interface JobStream {
  close(): void;
}

/** A job as handed to a worker; field names follow the gateway protocol's `ActivatedJob`. */
export interface ActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  /** When this activation times out and the job becomes activatable again. */
  deadline: number;
  variables: Variables;
  tenantId: string;
}

export interface FailJobCommand {
  retries: number;
  errorMessage?: string;
  /** Wait this long before the job is activatable again; 0 or absent = at once. */
  retryBackOffMs?: number;
  variables?: Variables;
}

export interface ThrowErrorCommand {
  errorCode: string;
  errorMessage?: string;
  variables?: Variables;
}

export interface PublishMessageCommand {
  name: string;
  correlationKey: string;
  /** 0 = correlate only to subscriptions open now, otherwise buffer this long. */
  timeToLiveMs: number;
  /** While a message with the same name, correlation key and id is buffered → `ALREADY_EXISTS`. */
  messageId?: string;
  variables?: Variables;
  tenantId?: string;
}

export interface MessagePublished {
  key: string;
  tenantId: string;
}

export interface SetVariablesCommand {
  /** A process instance key or the key of an element instance that is still active. */
  elementInstanceKey: string;
  variables: Variables;
  /** True: set on that scope only. False: propagate to the scope where each name exists. */
  local: boolean;
}

/** Kinds of records the engine appends, one per state change (like Zeebe's exported records). */
export type ValueType =
  | 'DEPLOYMENT'
  | 'PROCESS'
  | 'PROCESS_INSTANCE'
  | 'JOB'
  | 'INCIDENT'
  | 'MESSAGE'
  | 'MESSAGE_SUBSCRIPTION'
  | 'TIMER'
  | 'VARIABLE';

/**
 * One appended record. `intent` uses Zeebe's names: ELEMENT_ACTIVATING, ELEMENT_ACTIVATED,
 * ELEMENT_COMPLETING, ELEMENT_COMPLETED, ELEMENT_TERMINATED, SEQUENCE_FLOW_TAKEN, CREATED,
 * ACTIVATED, COMPLETED, FAILED, TIMED_OUT, RETRIES_UPDATED, TIMEOUT_UPDATED, ERROR_THROWN,
 * RESOLVED, PUBLISHED, EXPIRED, CORRELATED, TRIGGERED, CANCELED, UPDATED, DELETED, ….
 */
export interface EngineRecord {
  /** Strictly increasing across the engine; readers resume after the last one they saw. */
  position: string;
  key: string;
  valueType: ValueType;
  intent: string;
  timestamp: number;
  processInstanceKey?: string;
  bpmnProcessId?: string;
  elementId?: string;
  /** BPMN element type, e.g. SERVICE_TASK, EXCLUSIVE_GATEWAY, PROCESS. */
  bpmnElementType?: string;
  tenantId: string;
  value: Record<string, unknown>;
}

export interface RecordQuery {
  processInstanceKey?: string;
  valueType?: ValueType;
  /** Records after this position; absent = from the start. */
  afterPosition?: string;
  /** At most this many, default 1,000. */
  limit?: number;
}

/**
 * The engine. One instance owns its database (schema `engine`); callers may issue
 * commands concurrently and the engine serialises them, so a parallel join completed by
 * many callers at once fires once.
 */
export interface EngineApi {
  deploy(command: DeployCommand): Promise<Deployment>;
  /** Removes a deployed process definition; running instances of it are cancelled. */
  deleteResource(resourceKey: string): Promise<void>;

  createProcessInstance(command: CreateProcessInstanceCommand): Promise<ProcessInstanceCreated>;
  /** Creates an instance and resolves when it completes, or rejects at the timeout. */
  createProcessInstanceWithResult(
    command: CreateProcessInstanceCommand,
    options: AwaitResultOptions,
  ): Promise<ProcessInstanceResult>;
  cancelProcessInstance(processInstanceKey: string): Promise<void>;

  /** Activates up to `maxJobsToActivate` activatable jobs now; never waits (no long poll). */
  activateJobs(command: ActivateJobsCommand): Promise<ActivatedJob[]>;
  /**
   * Hands activated jobs back unactivated (Zeebe's job yield), e.g. when a job stream
   * closed before the job reached its worker. Unknown or settled keys are ignored.
   */
  yieldJobs(jobKeys: string[]): Promise<void>;
  /**
   * Opens a job stream (Zeebe's broker-side job push). A job of the stream's type and one of
   * its tenants that becomes activatable (created, timed out, back-off over, failed with
   * retries, yielded, incident resolved) is activated for an open stream inside the batch
   * that made it activatable and handed to `push` after that batch committed, so a pushed
   * job is already ACTIVATED with the stream's worker and a deadline (`timeoutMs` from its
   * activation). Jobs already activatable when the stream opens are pushed in a batch of
   * their own. Streams of the same type and tenant take turns (round-robin); jobs pushed to
   * streams are not reported to `onJobsAvailable`. When `push` returns false or throws (the
   * stream closed), the engine closes the stream and yields the job, so it goes to another
   * stream or is reported to `onJobsAvailable`. A job the stream took but could not deliver
   * must be handed back with `yieldJobs`. Bad input → `EngineError` (INVALID_ARGUMENT),
   * thrown at once.
   */
  openJobStream(command: JobStreamCommand, push: JobPush): JobStream;
  /**
   * Called after a commit that made jobs of `type` activatable (created, timed out, backed
   * off, retried) and left some of them unpushed (no open job stream took them).
   */
  onJobsAvailable(listener: (type: string, tenantId: string) => void): () => void;
  completeJob(jobKey: string, variables?: Variables): Promise<void>;
  failJob(jobKey: string, command: FailJobCommand): Promise<void>;
  throwError(jobKey: string, command: ThrowErrorCommand): Promise<void>;
  updateJobRetries(jobKey: string, retries: number): Promise<void>;
  updateJobTimeout(jobKey: string, timeoutMs: number): Promise<void>;

  publishMessage(command: PublishMessageCommand): Promise<MessagePublished>;
  setVariables(command: SetVariablesCommand): Promise<{ key: string }>;
  resolveIncident(incidentKey: string): Promise<void>;

  /** Appended records, in position order; read by monitoring and audit. */
  records(query: RecordQuery): Promise<EngineRecord[]>;

  /** Stops timers and pollers and waits for commands in flight; does not close the database. */
  close(): Promise<void>;
}
