/** Start, end, intermediate catch and boundary events. */
import type { Expression, FlowNode } from '../../model/executable-process.ts';
import type { ElementInstance } from '../../store/rows.ts';
import { findErrorCatch, throwErrorEvent } from '../errors.ts';
import { openSubscriptions } from '../event-subscriptions.ts';
import { evaluateString } from '../../feel/index.ts';
import { completeElement, dropTokens, markActivated, terminateElement } from '../flow.ts';
import { raiseIncident } from '../incidents.ts';
import type { InstanceContext } from '../instance-context.ts';

/** None end event completes; terminate end event ends its scope; error end event throws. */
export async function activateEndEvent(
  ctx: InstanceContext,
  element: ElementInstance,
  node: FlowNode,
): Promise<void> {
  const definition = node.eventDefinition;
  if (definition?.kind === 'error') return throwFromEndEvent(ctx, element, definition.errorCode);

  markActivated(ctx, element);
  if (definition?.kind === 'terminate') {
    const scope = ctx.element(element.parentKey)!;
    for (const sibling of ctx.children(scope.key)) {
      if (sibling !== element) await terminateElement(ctx, sibling, { notifyScope: false });
    }
    dropTokens(scope);
  }
  await completeElement(ctx, element);
}

/** Waits for its timer or message; as the target of an event-based gateway it just passes. */
export async function activateIntermediateCatchEvent(
  ctx: InstanceContext,
  element: ElementInstance,
  node: FlowNode,
): Promise<void> {
  if (element.triggered) {
    markActivated(ctx, element);
    return completeElement(ctx, element);
  }
  if (!openSubscriptions(ctx, element, [node])) return;
  markActivated(ctx, element);
}

/** A boundary event is activated only by its trigger and passes straight through. */
export async function activateBoundaryEvent(
  ctx: InstanceContext,
  element: ElementInstance,
): Promise<void> {
  markActivated(ctx, element);
  await completeElement(ctx, element);
}

async function throwFromEndEvent(
  ctx: InstanceContext,
  element: ElementInstance,
  errorCodeExpression: Expression | undefined,
): Promise<void> {
  let errorCode = '';
  if (errorCodeExpression) {
    const code = evaluateString(errorCodeExpression, ctx.variablesOf(element.key));
    if (!code.ok)
      return raiseIncident(ctx, element, 'EXTRACT_VALUE_ERROR', code.message, 'activate');
    errorCode = code.value;
  }
  const target = findErrorCatch(ctx, element, errorCode);
  if (!target) {
    const message =
      `Expected to throw an error event with the code '${errorCode}', but it was not caught. ` +
      `No error events are available in the scope.`;
    return raiseIncident(ctx, element, 'UNHANDLED_ERROR_EVENT', message, 'activate');
  }
  markActivated(ctx, element);
  await throwErrorEvent(ctx, target, undefined);
}
