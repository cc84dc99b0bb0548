/** The embedded sub-process: a scope that starts at its none start event. */
import type { FlowNode } from '../../model/executable-process.ts';
import type { ElementInstance } from '../../store/rows.ts';
import { openSubscriptions } from '../event-subscriptions.ts';
import { activateElement, markActivated } from '../flow.ts';
import type { InstanceContext } from '../instance-context.ts';
import { boundaryEvents } from './tasks.ts';

export async function activateSubProcess(
  ctx: InstanceContext,
  element: ElementInstance,
  node: FlowNode,
): Promise<void> {
  if (!openSubscriptions(ctx, element, boundaryEvents(ctx, element, node))) return;
  markActivated(ctx, element);
  element.active = 0;
  await activateElement(ctx, element, ctx.node(node.startEventId!));
}
