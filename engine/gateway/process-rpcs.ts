/**
 * The RPCs about deployments, process instances, messages, variables and incidents.
 */
import type {
  CreateProcessInstanceCommand,
  Deployment,
  ProcessInstanceCreated,
  ProcessMetadata as EngineProcessMetadata,
} from '../api.ts';
import { GatewayError } from './gateway-errors.ts';
import type { GatewayContext, UnaryHandler } from './gateway-context.ts';
import {
  milliseconds,
  requiredText,
  signedMilliseconds,
  variablesDocument,
  variablesJson,
} from './request-fields.ts';
import type {
  CancelProcessInstanceRequest,
  CreateProcessInstanceRequest,
  CreateProcessInstanceResponse,
  CreateProcessInstanceWithResultRequest,
  CreateProcessInstanceWithResultResponse,
  DeleteResourceRequest,
  DeployProcessRequest,
  DeployProcessResponse,
  DeployResourceRequest,
  DeployResourceResponse,
  Empty,
  ProcessMetadata,
  PublishMessageRequest,
  PublishMessageResponse,
  ResolveIncidentRequest,
  SetVariablesRequest,
  SetVariablesResponse,
} from './wire.ts';

export function processRpcs(context: GatewayContext): Record<string, UnaryHandler> {
  const { engine, admission, tenants } = context;

  return {
    DeployResource: async (request: DeployResourceRequest): Promise<DeployResourceResponse> => {
      const tenantId = tenants.tenant('DeployResource', request.tenantId);
      const resources = deployedResources('resources', request.resources);
      const deployment = await admission.run('DeployResource', () =>
        engine.deploy({ resources, tenantId }),
      );
      return {
        key: deployment.key,
        deployments: deployment.processes.map((process) => ({ process: toWireProcess(process) })),
        tenantId: deployment.tenantId,
      };
    },

    // Deprecated since Zeebe 8.0 and still served by 8.8: deploys to the default tenant.
    DeployProcess: async (request: DeployProcessRequest): Promise<DeployProcessResponse> => {
      const resources = deployedResources(
        'processes',
        request.processes.map(({ name, definition }) => ({ name, content: definition })),
      );
      const deployment: Deployment = await admission.run('DeployProcess', () =>
        engine.deploy({ resources, tenantId: tenants.tenant('DeployProcess', '') }),
      );
      return { key: deployment.key, processes: deployment.processes.map(toWireProcess) };
    },

    DeleteResource: async (request: DeleteResourceRequest): Promise<Empty> => {
      await admission.run('DeleteResource', () => engine.deleteResource(request.resourceKey));
      return {};
    },

    CreateProcessInstance: async (
      request: CreateProcessInstanceRequest,
    ): Promise<CreateProcessInstanceResponse> => {
      const command = creationCommand(context, 'CreateProcessInstance', request, '');
      const created = await admission.run('CreateProcessInstance', () =>
        engine.createProcessInstance(command),
      );
      return toWireCreated(created);
    },

    CreateProcessInstanceWithResult: async (
      request: CreateProcessInstanceWithResultRequest,
    ): Promise<CreateProcessInstanceWithResultResponse> => {
      const rpc = 'CreateProcessInstanceWithResult';
      if (!request.request) {
        throw new GatewayError('INVALID_REQUEST', `${rpc} needs request: the instance to create`);
      }
      const command = creationCommand(context, rpc, request.request, 'request.');
      const requestTimeout = signedMilliseconds('requestTimeout', request.requestTimeout);
      const options = {
        timeoutMs: requestTimeout > 0 ? requestTimeout : context.settings.requestTimeoutMs,
        fetchVariables: request.fetchVariables.length > 0 ? request.fetchVariables : undefined,
      };
      const result = await admission.run(rpc, () =>
        engine.createProcessInstanceWithResult(command, options),
      );
      return { ...toWireCreated(result), variables: variablesJson(result.variables) };
    },

    CancelProcessInstance: async (request: CancelProcessInstanceRequest): Promise<Empty> => {
      await admission.run('CancelProcessInstance', () =>
        engine.cancelProcessInstance(request.processInstanceKey),
      );
      return {};
    },

    SetVariables: async (request: SetVariablesRequest): Promise<SetVariablesResponse> => {
      const command = {
        elementInstanceKey: request.elementInstanceKey,
        variables: variablesDocument('variables', request.variables) ?? {},
        local: request.local,
      };
      const { key } = await admission.run('SetVariables', () => engine.setVariables(command));
      return { key };
    },

    ResolveIncident: async (request: ResolveIncidentRequest): Promise<Empty> => {
      await admission.run('ResolveIncident', () => engine.resolveIncident(request.incidentKey));
      return {};
    },

    PublishMessage: async (request: PublishMessageRequest): Promise<PublishMessageResponse> => {
      const command = {
        name: requiredText('name', request.name, 'the message name the catch event waits for'),
        correlationKey: request.correlationKey,
        timeToLiveMs: milliseconds('timeToLive', request.timeToLive, 0),
        messageId: request.messageId || undefined,
        variables: variablesDocument('variables', request.variables),
        tenantId: tenants.tenant('PublishMessage', request.tenantId),
      };
      const published = await admission.run('PublishMessage', () => engine.publishMessage(command));
      return { key: published.key, tenantId: published.tenantId };
    },
  };
}

// helpers ////////////////////

function creationCommand(
  context: GatewayContext,
  rpc: string,
  request: CreateProcessInstanceRequest,
  prefix: string,
): CreateProcessInstanceCommand {
  if (request.startInstructions.length > 0) {
    throw new GatewayError(
      'NOT_SUPPORTED',
      `${rpc} with ${prefix}startInstructions is not supported by the embedded engine; leave them out so the instance starts at its none start event`,
    );
  }

  const variables = variablesDocument(`${prefix}variables`, request.variables);
  const tenantId = context.tenants.tenant(rpc, request.tenantId);
  if (request.processDefinitionKey !== '0' && request.processDefinitionKey !== '') {
    return { processDefinitionKey: request.processDefinitionKey, variables, tenantId };
  }

  const bpmnProcessId = requiredText(
    `${prefix}bpmnProcessId`,
    request.bpmnProcessId,
    'the id of a deployed process, or its processDefinitionKey',
  );
  const version = request.version > 0 ? request.version : undefined;
  return { bpmnProcessId, version, variables, tenantId };
}

function deployedResources(field: string, resources: { name: string; content: Buffer }[]) {
  if (resources.length === 0) {
    throw new GatewayError(
      'INVALID_REQUEST',
      `${field} must not be empty; send at least one BPMN file (name ending in .bpmn)`,
    );
  }
  return resources.map(({ name, content }) => ({ name, content }));
}

function toWireProcess(process: EngineProcessMetadata): ProcessMetadata {
  return {
    bpmnProcessId: process.bpmnProcessId,
    version: process.version,
    processDefinitionKey: process.processDefinitionKey,
    resourceName: process.resourceName,
    tenantId: process.tenantId,
  };
}

function toWireCreated(created: ProcessInstanceCreated): CreateProcessInstanceResponse {
  return {
    processDefinitionKey: created.processDefinitionKey,
    bpmnProcessId: created.bpmnProcessId,
    version: created.version,
    processInstanceKey: created.processInstanceKey,
    tenantId: created.tenantId,
  };
}
