import type {
  CreateProcessInstanceCommand,
  ProcessInstanceCreated,
  ProcessInstanceResult,
  SetVariablesCommand,
} from '../api.ts';
import { EngineError } from '../errors.ts';
import { activateElement, markActivated, terminateElement } from '../runtime/flow.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { assertKey, assertVariables, resolveTenant } from '../runtime/validation.ts';
import type { DefinitionRow, ElementInstance, InstanceState } from '../store/rows.ts';

export interface ResultRequest {
  fetchVariables?: string[];
  resolve(result: ProcessInstanceResult): void;
  reject(error: EngineError): void;
}

/**
 * Starts an instance at the process's none start event (the process element goes
 * ELEMENT_ACTIVATING, its variables are created, ELEMENT_ACTIVATED, then the start event).
 */
export async function createProcessInstance(
  runtime: Runtime,
  command: CreateProcessInstanceCommand,
  result?: ResultRequest,
): Promise<ProcessInstanceCreated> {
  const variables = assertVariables(command.variables);
  const definition = findDefinition(runtime, command);
  const process = await runtime.definitions.process(definition);
  if (!process.startEventId) {
    throw new EngineError(
      'PROCESS_NO_NONE_START_EVENT',
      `process <${definition.bpmnProcessId}> has no none start event to start an instance at`,
    );
  }

  const key = runtime.batch.newKey();
  const state: InstanceState = {
    key,
    processDefinitionKey: definition.key,
    bpmnProcessId: definition.bpmnProcessId,
    version: definition.version,
    tenantId: definition.tenantId,
    elements: {},
    variables: {},
  };
  const root: ElementInstance = {
    key,
    elementId: definition.bpmnProcessId,
    type: 'PROCESS',
    state: 'ACTIVATING',
    active: 0,
  };
  state.elements[key] = root;
  const ctx = runtime.context(state, process);
  if (result) runtime.awaitResult(key, result);

  ctx.recordElement(root, 'ELEMENT_ACTIVATING');
  runtime.variables.setLocal(ctx, key, variables);
  markActivated(ctx, root);
  await activateElement(ctx, root, ctx.node(process.startEventId));
  await ctx.drain();

  return {
    processDefinitionKey: definition.key,
    bpmnProcessId: definition.bpmnProcessId,
    version: definition.version,
    processInstanceKey: key,
    tenantId: definition.tenantId,
  };
}

/** Cancels a running instance: every element, job, timer and subscription it has goes. */
export async function cancelProcessInstance(runtime: Runtime, key: string): Promise<void> {
  assertKey(key, 'process instance key');
  const state = await runtime.store.instances.get(key);
  if (!state) throw notFound(key);
  const ctx = runtime.context(state, await runtime.processOf(state));
  await terminateElement(ctx, ctx.element(key)!);
  await ctx.drain();
}

/**
 * Sets variables on a scope (the process instance or an active element instance): locally,
 * or propagated to where each name already exists.
 */
export async function setVariables(
  runtime: Runtime,
  command: SetVariablesCommand,
): Promise<{ key: string }> {
  const scopeKey = assertKey(command.elementInstanceKey, 'element instance key');
  const variables = assertVariables(command.variables);
  const processInstanceKey = await runtime.store.processInstanceOf(scopeKey);
  const state = processInstanceKey
    ? await runtime.store.instances.get(processInstanceKey)
    : undefined;
  if (!state?.elements[scopeKey]) {
    throw new EngineError(
      'ELEMENT_INSTANCE_NOT_FOUND',
      `no active element instance with key <${scopeKey}>; send a running process instance key ` +
        `or the key of one of its active element instances`,
    );
  }
  const ctx = runtime.context(state, await runtime.processOf(state));
  if (command.local) runtime.variables.setLocal(ctx, scopeKey, variables);
  else runtime.variables.propagate(ctx, scopeKey, variables);
  return { key: runtime.batch.newKey() };
}

function findDefinition(runtime: Runtime, command: CreateProcessInstanceCommand): DefinitionRow {
  const { definitions } = runtime;
  if (command.processDefinitionKey !== undefined && command.processDefinitionKey !== '') {
    const key = assertKey(command.processDefinitionKey, 'process definition key');
    const definition = definitions.get(key);
    if (!definition || definition.deleted) {
      throw new EngineError(
        'PROCESS_NOT_FOUND',
        `no process definition with key <${key}>; deploy the process first`,
      );
    }
    return definition;
  }
  if (typeof command.bpmnProcessId !== 'string' || command.bpmnProcessId === '') {
    throw new EngineError(
      'INVALID_ARGUMENT',
      'send a processDefinitionKey, or a bpmnProcessId with an optional version',
    );
  }
  const tenantId = resolveTenant(command.tenantId);
  const version = command.version ?? -1;
  const definition =
    version === -1
      ? definitions.latest(tenantId, command.bpmnProcessId)
      : definitions.byVersion(tenantId, command.bpmnProcessId, version);
  if (!definition) {
    const which = version === -1 ? 'any version' : `version ${version}`;
    throw new EngineError(
      'PROCESS_NOT_FOUND',
      `no process <${command.bpmnProcessId}> (${which}) is deployed for tenant <${tenantId}>`,
    );
  }
  return definition;
}

function notFound(key: string): EngineError {
  return new EngineError(
    'PROCESS_INSTANCE_NOT_FOUND',
    `no running process instance with key <${key}>; it may have completed or been cancelled`,
  );
}
