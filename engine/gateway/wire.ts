/**
 * Request and response shapes of the gateway protocol as `protocol.ts` loads them: field
 * names as in `zeebe.proto`, int64 as decimal strings, absent fields as proto3 defaults
 * ('' / '0' / 0 / false / []). Only the messages the gateway handles are spelled out.
 */

/** A decimal int64, as the loader hands it over and as responses carry it. */
export type Int64 = string;

export interface ActivateJobsRequest {
  type: string;
  worker: string;
  timeout: Int64;
  maxJobsToActivate: number;
  fetchVariable: string[];
  requestTimeout: Int64;
  tenantIds: string[];
}

export interface StreamActivatedJobsRequest {
  type: string;
  worker: string;
  timeout: Int64;
  fetchVariable: string[];
  tenantIds: string[];
}

export interface ActivatedJob {
  key: Int64;
  type: string;
  processInstanceKey: Int64;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: Int64;
  elementId: string;
  elementInstanceKey: Int64;
  /** JSON object of string values. */
  customHeaders: string;
  worker: string;
  retries: number;
  /** Epoch milliseconds. */
  deadline: Int64;
  /** JSON object. */
  variables: string;
  tenantId: string;
}

export interface ActivateJobsResponse {
  jobs: ActivatedJob[];
}

export interface CompleteJobRequest {
  jobKey: Int64;
  variables: string;
}

export interface FailJobRequest {
  jobKey: Int64;
  retries: number;
  errorMessage: string;
  retryBackOff: Int64;
  variables: string;
}

export interface ThrowErrorRequest {
  jobKey: Int64;
  errorCode: string;
  errorMessage: string;
  variables: string;
}

export interface UpdateJobRetriesRequest {
  jobKey: Int64;
  retries: number;
}

export interface UpdateJobTimeoutRequest {
  jobKey: Int64;
  timeout: Int64;
}

export interface CreateProcessInstanceRequest {
  processDefinitionKey: Int64;
  bpmnProcessId: string;
  version: number;
  variables: string;
  startInstructions: { elementId: string }[];
  tenantId: string;
}

export interface CreateProcessInstanceResponse {
  processDefinitionKey: Int64;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: Int64;
  tenantId: string;
}

export interface CreateProcessInstanceWithResultRequest {
  /** Absent on the wire is `null` even with proto3 defaults (a message field). */
  request: CreateProcessInstanceRequest | null;
  requestTimeout: Int64;
  fetchVariables: string[];
}

export interface CreateProcessInstanceWithResultResponse extends CreateProcessInstanceResponse {
  variables: string;
}

export interface CancelProcessInstanceRequest {
  processInstanceKey: Int64;
}

export interface Resource {
  name: string;
  content: Buffer;
}

export interface DeployResourceRequest {
  resources: Resource[];
  tenantId: string;
}

export interface ProcessMetadata {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: Int64;
  resourceName: string;
  tenantId: string;
}

export interface DeployResourceResponse {
  key: Int64;
  deployments: { process: ProcessMetadata }[];
  tenantId: string;
}

export interface DeployProcessRequest {
  processes: { name: string; definition: Buffer }[];
}

export interface DeployProcessResponse {
  key: Int64;
  processes: ProcessMetadata[];
}

export interface DeleteResourceRequest {
  resourceKey: Int64;
}

export interface PublishMessageRequest {
  name: string;
  correlationKey: string;
  timeToLive: Int64;
  messageId: string;
  variables: string;
  tenantId: string;
}

export interface PublishMessageResponse {
  key: Int64;
  tenantId: string;
}

export interface SetVariablesRequest {
  elementInstanceKey: Int64;
  variables: string;
  local: boolean;
}

export interface SetVariablesResponse {
  key: Int64;
}

export interface ResolveIncidentRequest {
  incidentKey: Int64;
}

export interface TopologyResponse {
  brokers: {
    nodeId: number;
    host: string;
    port: number;
    partitions: { partitionId: number; role: 'LEADER'; health: 'HEALTHY' }[];
    version: string;
  }[];
  clusterSize: number;
  partitionsCount: number;
  replicationFactor: number;
  gatewayVersion: string;
}

/** Responses without fields (`CompleteJobResponse`, `CancelProcessInstanceResponse`, …). */
export type Empty = Record<string, never>;
