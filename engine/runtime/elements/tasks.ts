/** Tasks: job-based tasks (service, send, script, business rule) and the receive task. */
import type { FlowNode } from '../../model/executable-process.ts';
import type { ElementInstance } from '../../store/rows.ts';
import { openSubscriptions } from '../event-subscriptions.ts';
import { evaluateString, evaluateNumber } from '../../feel/index.ts';
import { markActivated } from '../flow.ts';
import { raiseIncident } from '../incidents.ts';
import type { InstanceContext } from '../instance-context.ts';
import { createJob } from '../jobs.ts';

/** Evaluates the job type and retries, opens boundary events and creates the job. */
export async function activateJobTask(
  ctx: InstanceContext,
  element: ElementInstance,
  node: FlowNode,
): Promise<void> {
  const definition = node.job!;
  const variables = ctx.variablesOf(element.key);
  const type = evaluateString(definition.type, variables);
  if (!type.ok) return raiseIncident(ctx, element, 'EXTRACT_VALUE_ERROR', type.message, 'activate');
  const retries = evaluateNumber(definition.retries, variables);
  if (!retries.ok) {
    return raiseIncident(ctx, element, 'EXTRACT_VALUE_ERROR', retries.message, 'activate');
  }
  if (!openSubscriptions(ctx, element, boundaryEvents(ctx, element, node))) return;
  createJob(ctx, element, node, type.value, Math.trunc(retries.value));
  markActivated(ctx, element);
}

/** Opens its own message subscription and its boundary events, then waits. */
export async function activateReceiveTask(
  ctx: InstanceContext,
  element: ElementInstance,
  node: FlowNode,
): Promise<void> {
  if (!openSubscriptions(ctx, element, [node, ...boundaryEvents(ctx, element, node)])) return;
  markActivated(ctx, element);
}

/**
 * The boundary events the element instance owns. An inner instance of a multi-instance
 * activity owns none: they are attached to its multi-instance body.
 */
export function boundaryEvents(
  ctx: InstanceContext,
  element: ElementInstance,
  node: FlowNode,
): FlowNode[] {
  if (element.loopCounter !== undefined) return [];
  return node.boundaryEventIds.map((id) => ctx.node(id));
}
