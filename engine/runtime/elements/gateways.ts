/** Exclusive, parallel, inclusive and event-based gateways. */
import type { Variables } from '../../api.ts';
import type { ExecutableProcess, FlowNode } from '../../model/executable-process.ts';
import type { ElementInstance } from '../../store/rows.ts';
import { openSubscriptions } from '../event-subscriptions.ts';
import { evaluateBoolean } from '../../feel/index.ts';
import { completeElement, markActivated } from '../flow.ts';
import { raiseIncident } from '../incidents.ts';
import type { InstanceContext } from '../instance-context.ts';
import type { Outcome } from '../outcome.ts';

const NO_WAY_OUT = 'Expected at least one condition to evaluate to true, or to have a default flow';

/** Takes the first flow whose condition holds, in model order; else the default; else an incident. */
export async function activateExclusiveGateway(
  ctx: InstanceContext,
  element: ElementInstance,
  node: FlowNode,
): Promise<void> {
  const chosen = chooseFlows(ctx, element, node, true);
  if (!chosen.ok) return raiseIncident(ctx, element, 'CONDITION_ERROR', chosen.message, 'activate');
  markActivated(ctx, element);
  await completeElement(ctx, element, chosen.value);
}

/** Forks to every outgoing flow; joining is done before activation (see `flow.ts`). */
export async function activateParallelGateway(
  ctx: InstanceContext,
  element: ElementInstance,
  node: FlowNode,
): Promise<void> {
  markActivated(ctx, element);
  await completeElement(ctx, element, node.outgoing);
}

/** Takes every flow whose condition holds; the default when none does; else an incident. */
export async function activateInclusiveGateway(
  ctx: InstanceContext,
  element: ElementInstance,
  node: FlowNode,
): Promise<void> {
  const chosen = chooseFlows(ctx, element, node, false);
  if (!chosen.ok) return raiseIncident(ctx, element, 'CONDITION_ERROR', chosen.message, 'activate');
  markActivated(ctx, element);
  await completeElement(ctx, element, chosen.value);
}

/** Opens the timers and subscriptions of the events after it and waits for the first. */
export async function activateEventBasedGateway(
  ctx: InstanceContext,
  element: ElementInstance,
  node: FlowNode,
): Promise<void> {
  const events = node.outgoing.map((flowId) => ctx.node(ctx.process.flows.get(flowId)!.targetId));
  if (!openSubscriptions(ctx, element, events)) return;
  markActivated(ctx, element);
}

/** The first event after an event-based gateway happened: take its path, close the others. */
export async function completeEventBasedGateway(
  ctx: InstanceContext,
  gateway: ElementInstance,
  eventId: string,
  variables: Variables | undefined,
): Promise<void> {
  const node = ctx.node(gateway.elementId);
  const flowId = node.outgoing.find((id) => ctx.process.flows.get(id)!.targetId === eventId);
  await completeElement(ctx, gateway, flowId ? [flowId] : [], { variables });
}

/**
 * True when a token of `scope` other than those waiting at `gateway` can still arrive
 * there: an element instance, a token in flight or a token waiting at another join from
 * which a path leads to the gateway.
 */
export function canStillReach(
  ctx: InstanceContext,
  scope: ElementInstance,
  gateway: FlowNode,
): boolean {
  const starts = new Set<string>();
  for (const child of ctx.children(scope.key)) starts.add(child.elementId);
  for (const id of Object.keys(scope.inFlight ?? {})) starts.add(id);
  for (const [id, waiting] of Object.entries(scope.joins ?? {})) {
    if (id !== gateway.id && Object.keys(waiting).length > 0) starts.add(id);
  }
  for (const start of starts) if (reaches(ctx.process, start, gateway.id)) return true;
  return false;
}

function chooseFlows(
  ctx: InstanceContext,
  element: ElementInstance,
  node: FlowNode,
  firstOnly: boolean,
): Outcome<string[]> {
  const candidates = node.outgoing.filter((id) => id !== node.defaultFlowId);
  if (node.outgoing.length === 1 && !ctx.process.flows.get(node.outgoing[0]!)!.condition) {
    return { ok: true, value: node.outgoing };
  }
  const variables = ctx.variablesOf(element.key);
  const taken: string[] = [];
  for (const flowId of candidates) {
    const condition = ctx.process.flows.get(flowId)!.condition;
    if (!condition) continue;
    const holds = evaluateBoolean(condition, variables);
    if (!holds.ok) return holds;
    if (holds.value) {
      taken.push(flowId);
      if (firstOnly) break;
    }
  }
  if (taken.length > 0) return { ok: true, value: taken };
  if (node.defaultFlowId) return { ok: true, value: [node.defaultFlowId] };
  return { ok: false, message: NO_WAY_OUT };
}

const reachability = new WeakMap<ExecutableProcess, Map<string, Set<string>>>();

/** Whether a path of sequence flows (or boundary events) leads from `fromId` to `toId`. */
function reaches(process: ExecutableProcess, fromId: string, toId: string): boolean {
  let byStart = reachability.get(process);
  if (!byStart) reachability.set(process, (byStart = new Map()));
  let reachable = byStart.get(fromId);
  if (!reachable) {
    reachable = new Set();
    const queue = [fromId];
    while (queue.length > 0) {
      const node = process.nodes.get(queue.pop()!);
      if (!node) continue;
      const next = [
        ...node.outgoing.map((flowId) => process.flows.get(flowId)!.targetId),
        ...node.boundaryEventIds,
      ];
      for (const id of next) {
        if (!reachable.has(id)) {
          reachable.add(id);
          queue.push(id);
        }
      }
    }
    byStart.set(fromId, reachable);
  }
  return reachable.has(toId);
}
