/**
 * How tokens move through a process instance: activating, completing and terminating
 * element instances, taking sequence flows, joining at gateways and completing scopes.
 * Element-specific work lives in `elements/`; this file holds the lifecycle they share
 * (Zeebe's ELEMENT_ACTIVATING → ACTIVATED → COMPLETING → COMPLETED, or TERMINATING →
 * TERMINATED), and the bookkeeping that decides when a scope is done.
 */
import type { Variables } from '../api.ts';
import type { FlowNode } from '../model/executable-process.ts';
import type { ElementInstance } from '../store/rows.ts';
import {
  activateBoundaryEvent,
  activateEndEvent,
  activateIntermediateCatchEvent,
} from './elements/events.ts';
import {
  activateEventBasedGateway,
  activateExclusiveGateway,
  activateInclusiveGateway,
  activateParallelGateway,
  canStillReach,
} from './elements/gateways.ts';
import {
  activateMultiInstanceBody,
  completeMultiInstanceBody,
  innerInstanceCompleted,
  innerInstanceCompleting,
} from './elements/multi-instance.ts';
import { activateSubProcess } from './elements/sub-process.ts';
import { activateJobTask, activateReceiveTask } from './elements/tasks.ts';
import { closeSubscriptions } from './event-subscriptions.ts';
import { raiseIncident, resolveIncidentOf } from './incidents.ts';
import type { InstanceContext } from './instance-context.ts';
import { cancelJobOf } from './jobs.ts';

export interface ActivationOptions {
  /** A sequence flow's token becomes this element (already counted in the scope). */
  tokenReserved?: boolean;
  /** Activated by an event trigger (boundary event, event-based gateway target). */
  triggered?: { variables?: Variables };
  /** An inner instance of a multi-instance body. */
  inner?: { loopCounter: number; inputElement?: string; item: unknown };
}

/** Creates an element instance in `scope` and starts it (ELEMENT_ACTIVATING). */
export async function activateElement(
  ctx: InstanceContext,
  scope: ElementInstance,
  node: FlowNode,
  options: ActivationOptions = {},
): Promise<void> {
  const element: ElementInstance = {
    key: ctx.newKey(),
    elementId: node.id,
    type: node.multiInstance && !options.inner ? 'MULTI_INSTANCE_BODY' : node.type,
    state: 'ACTIVATING',
    parentKey: scope.key,
  };
  if (!options.tokenReserved) scope.active = (scope.active ?? 0) + 1;
  ctx.state.elements[element.key] = element;
  ctx.recordElement(element, 'ELEMENT_ACTIVATING');

  if (options.inner) {
    element.loopCounter = options.inner.loopCounter;
    const locals: Variables = {};
    if (options.inner.inputElement) locals[options.inner.inputElement] = options.inner.item;
    locals.loopCounter = options.inner.loopCounter;
    ctx.runtime.variables.setLocal(ctx, element.key, locals);
  }
  if (options.triggered) {
    element.triggered = true;
    if (options.triggered.variables) element.eventVariables = options.triggered.variables;
  }
  await runActivation(ctx, element);
}

/** The activation work after ELEMENT_ACTIVATING; resolving an incident runs it again. */
export async function runActivation(ctx: InstanceContext, element: ElementInstance): Promise<void> {
  const node = ctx.node(element.elementId);
  if (element.type === 'MULTI_INSTANCE_BODY') return activateMultiInstanceBody(ctx, element, node);

  if (node.inputMappings.length > 0) {
    const mapped = ctx.runtime.variables.evaluateMappings(ctx, node.inputMappings, element.key);
    if (!mapped.ok)
      return raiseIncident(ctx, element, 'IO_MAPPING_ERROR', mapped.message, 'activate');
    ctx.runtime.variables.setLocal(ctx, element.key, mapped.value);
  }

  switch (node.type) {
    case 'START_EVENT':
    case 'TASK':
      markActivated(ctx, element);
      return completeElement(ctx, element);
    case 'END_EVENT':
      return activateEndEvent(ctx, element, node);
    case 'INTERMEDIATE_CATCH_EVENT':
      return activateIntermediateCatchEvent(ctx, element, node);
    case 'BOUNDARY_EVENT':
      return activateBoundaryEvent(ctx, element);
    case 'SERVICE_TASK':
    case 'SEND_TASK':
    case 'SCRIPT_TASK':
    case 'BUSINESS_RULE_TASK':
      return activateJobTask(ctx, element, node);
    case 'RECEIVE_TASK':
      return activateReceiveTask(ctx, element, node);
    case 'EXCLUSIVE_GATEWAY':
      return activateExclusiveGateway(ctx, element, node);
    case 'PARALLEL_GATEWAY':
      return activateParallelGateway(ctx, element, node);
    case 'INCLUSIVE_GATEWAY':
      return activateInclusiveGateway(ctx, element, node);
    case 'EVENT_BASED_GATEWAY':
      return activateEventBasedGateway(ctx, element, node);
    case 'SUB_PROCESS':
      return activateSubProcess(ctx, element, node);
  }
}

export function markActivated(ctx: InstanceContext, element: ElementInstance): void {
  element.state = 'ACTIVATED';
  ctx.recordElement(element, 'ELEMENT_ACTIVATED');
}

/**
 * Completes an element instance (ELEMENT_COMPLETING … COMPLETED) and takes `flows`, by
 * default every outgoing sequence flow.
 */
export async function completeElement(
  ctx: InstanceContext,
  element: ElementInstance,
  flows?: string[],
  triggered?: { variables?: Variables },
): Promise<void> {
  element.state = 'COMPLETING';
  ctx.recordElement(element, 'ELEMENT_COMPLETING');
  await runCompletion(ctx, element, flows, triggered);
}

/** The completion work after ELEMENT_COMPLETING; resolving an incident runs it again. */
export async function runCompletion(
  ctx: InstanceContext,
  element: ElementInstance,
  flows?: string[],
  triggered?: { variables?: Variables },
): Promise<void> {
  const { variables } = ctx.runtime;
  const scope = ctx.element(element.parentKey);

  if (element.type === 'PROCESS') {
    ctx.recordElement(element, 'ELEMENT_COMPLETED');
    ctx.runtime.instanceCompleted(ctx);
    removeElement(ctx, element);
    ctx.finish();
    return;
  }

  const node = ctx.node(element.elementId);
  if (element.type === 'MULTI_INSTANCE_BODY') {
    completeMultiInstanceBody(ctx, element, node);
  } else {
    const trigger = element.eventVariables;
    if (node.outputMappings.length > 0) {
      if (trigger) variables.setLocal(ctx, element.key, trigger);
      const mapped = variables.evaluateMappings(ctx, node.outputMappings, element.key);
      if (!mapped.ok) {
        return raiseIncident(ctx, element, 'IO_MAPPING_ERROR', mapped.message, 'complete');
      }
      variables.propagate(ctx, element.parentKey!, mapped.value);
    } else if (trigger) {
      variables.propagate(ctx, element.key, trigger);
    }
    delete element.eventVariables;
    if (scope?.type === 'MULTI_INSTANCE_BODY') {
      const failure = innerInstanceCompleting(ctx, scope, element, node);
      if (failure) return raiseIncident(ctx, element, 'EXTRACT_VALUE_ERROR', failure, 'complete');
    }
  }

  closeSubscriptions(ctx, element);
  ctx.recordElement(element, 'ELEMENT_COMPLETED');
  removeElement(ctx, element);
  if (!scope) return;

  if (scope.type === 'MULTI_INSTANCE_BODY' && element.type !== 'MULTI_INSTANCE_BODY') {
    scope.active = (scope.active ?? 1) - 1;
    return innerInstanceCompleted(ctx, scope);
  }
  for (const flowId of flows ?? node.outgoing) takeFlow(ctx, scope, flowId, triggered);
  scope.active = (scope.active ?? 1) - 1;
  afterTokenLeft(ctx, scope);
}

/**
 * Takes a sequence flow in `scope` (SEQUENCE_FLOW_TAKEN): its target is activated as a
 * follow-up step, or the token waits at a joining gateway.
 */
export function takeFlow(
  ctx: InstanceContext,
  scope: ElementInstance,
  flowId: string,
  triggered?: { variables?: Variables },
): void {
  const flow = ctx.process.flows.get(flowId);
  if (!flow) throw new Error(`process <${ctx.state.bpmnProcessId}> has no flow <${flowId}>`);
  scope.active = (scope.active ?? 0) + 1;
  ctx.record(
    'PROCESS_INSTANCE',
    'SEQUENCE_FLOW_TAKEN',
    ctx.newKey(),
    {
      processDefinitionKey: ctx.state.processDefinitionKey,
      version: ctx.state.version,
      flowScopeKey: scope.key,
      sourceElementId: flow.sourceId,
      targetElementId: flow.targetId,
    },
    flow.id,
    'SEQUENCE_FLOW',
  );

  const target = ctx.node(flow.targetId);
  if (isJoin(target)) {
    const joins = (scope.joins ??= {});
    const waiting = (joins[target.id] ??= {});
    waiting[flow.id] = (waiting[flow.id] ?? 0) + 1;
    ctx.schedule(() => tryJoin(ctx, scope, target));
    return;
  }
  const inFlight = (scope.inFlight ??= {});
  inFlight[target.id] = (inFlight[target.id] ?? 0) + 1;
  const epoch = scope.epoch ?? 0;
  ctx.schedule(async () => {
    if (ctx.element(scope.key) !== scope || (scope.epoch ?? 0) !== epoch) return;
    if (--inFlight[target.id]! === 0) delete inFlight[target.id];
    if (Object.keys(inFlight).length === 0) delete scope.inFlight;
    await activateElement(ctx, scope, target, { tokenReserved: true, triggered });
  });
}

/**
 * Drops every token of a scope that is not an element instance (in flight or waiting at a
 * join), as a terminate end event does; returns how many there were.
 */
export function dropTokens(scope: ElementInstance): void {
  let dropped = 0;
  for (const waiting of Object.values(scope.joins ?? {})) {
    for (const count of Object.values(waiting)) dropped += count;
  }
  for (const count of Object.values(scope.inFlight ?? {})) dropped += count;
  delete scope.joins;
  delete scope.inFlight;
  scope.epoch = (scope.epoch ?? 0) + 1;
  scope.active = (scope.active ?? 0) - dropped;
}

/** A parallel or inclusive gateway with more than one incoming flow. */
export function isJoin(node: FlowNode): boolean {
  return (
    (node.type === 'PARALLEL_GATEWAY' || node.type === 'INCLUSIVE_GATEWAY') &&
    node.incoming.length > 1
  );
}

/**
 * Fires a joining gateway when its tokens are complete: a parallel join needs one on every
 * incoming flow; an inclusive join fires once no other token of the scope can still reach it.
 */
async function tryJoin(ctx: InstanceContext, scope: ElementInstance, gateway: FlowNode) {
  if (ctx.element(scope.key) !== scope || scope.state !== 'ACTIVATED') return;
  const waiting = scope.joins?.[gateway.id];
  if (!waiting) return;
  const arrived = gateway.incoming.filter((flowId) => (waiting[flowId] ?? 0) > 0);
  if (arrived.length === 0) return;

  if (gateway.type === 'PARALLEL_GATEWAY') {
    if (arrived.length < gateway.incoming.length) return;
  } else if (canStillReach(ctx, scope, gateway)) {
    return;
  }

  for (const flowId of arrived) {
    waiting[flowId] = waiting[flowId]! - 1;
    if (waiting[flowId] === 0) delete waiting[flowId];
  }
  if (Object.keys(waiting).length === 0) delete scope.joins![gateway.id];
  scope.active = (scope.active ?? 0) - arrived.length + 1;
  await activateElement(ctx, scope, gateway, { tokenReserved: true });
}

/** After a token left `scope`: waiting inclusive joins may fire, or the scope completes. */
export function afterTokenLeft(ctx: InstanceContext, scope: ElementInstance): void {
  for (const gatewayId of Object.keys(scope.joins ?? {})) {
    const gateway = ctx.node(gatewayId);
    if (gateway.type === 'INCLUSIVE_GATEWAY') ctx.schedule(() => tryJoin(ctx, scope, gateway));
  }
  if ((scope.active ?? 0) > 0 || scope.state !== 'ACTIVATED') return;
  if (scope.type === 'MULTI_INSTANCE_BODY') return;
  ctx.schedule(async () => {
    if (ctx.element(scope.key) === scope && scope.state === 'ACTIVATED' && !scope.active) {
      await completeElement(ctx, scope);
    }
  });
}

/**
 * Terminates an element instance and everything inside it (ELEMENT_TERMINATING …
 * TERMINATED): its job is cancelled, its timers and subscriptions closed, its incident
 * resolved. The scope loses the token unless `keepToken` (an interrupting boundary event
 * takes it over).
 */
export async function terminateElement(
  ctx: InstanceContext,
  element: ElementInstance,
  options: { notifyScope?: boolean } = {},
): Promise<void> {
  element.state = 'TERMINATING';
  ctx.recordElement(element, 'ELEMENT_TERMINATING');
  for (const child of ctx.children(element.key)) {
    await terminateElement(ctx, child, { notifyScope: false });
  }
  dropTokens(element);
  await cancelJobOf(ctx, element);
  closeSubscriptions(ctx, element);
  resolveIncidentOf(ctx, element);
  ctx.recordElement(element, 'ELEMENT_TERMINATED');
  removeElement(ctx, element);

  const scope = ctx.element(element.parentKey);
  if (!scope) {
    ctx.runtime.instanceTerminated(ctx);
    ctx.finish();
    return;
  }
  scope.active = (scope.active ?? 1) - 1;
  if (scope.type === 'MULTI_INSTANCE_BODY' && scope.loop) {
    scope.loop.active -= 1;
    scope.loop.terminated += 1;
  }
  if (options.notifyScope !== false) afterTokenLeft(ctx, scope);
}

function removeElement(ctx: InstanceContext, element: ElementInstance): void {
  delete ctx.state.elements[element.key];
  ctx.runtime.variables.dropScope(ctx.state, element.key);
}
