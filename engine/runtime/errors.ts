/** BPMN errors: finding the error catch event that takes a thrown error, and taking it. */
import type { Variables } from '../api.ts';
import type { FlowNode } from '../model/executable-process.ts';
import type { ElementInstance } from '../store/rows.ts';
import { activateElement, terminateElement } from './flow.ts';
import type { InstanceContext } from './instance-context.ts';

export interface ErrorCatch {
  /** The activity whose boundary event catches the error. */
  owner: ElementInstance;
  boundary: FlowNode;
}

/**
 * The nearest error boundary event, from the throwing element outwards, whose error code
 * matches (a boundary with that code wins over a catch-all one on the same activity).
 */
export function findErrorCatch(
  ctx: InstanceContext,
  from: ElementInstance,
  errorCode: string,
): ErrorCatch | undefined {
  for (let owner = from; owner.type !== 'PROCESS'; owner = ctx.element(owner.parentKey)!) {
    if (owner.loopCounter !== undefined) continue;
    const boundaries = ctx
      .node(owner.elementId)
      .boundaryEventIds.map((id) => ctx.node(id))
      .filter((boundary) => boundary.eventDefinition?.kind === 'error');
    const exact = boundaries.find((boundary) => codeOf(boundary) === errorCode);
    const catchAll = boundaries.find((boundary) => codeOf(boundary) === undefined);
    const boundary = exact ?? catchAll;
    if (boundary) return { owner, boundary };
  }
  return undefined;
}

/** Terminates the catching activity and activates its error boundary event. */
export async function throwErrorEvent(
  ctx: InstanceContext,
  target: ErrorCatch,
  variables: Variables | undefined,
): Promise<void> {
  const scope = ctx.element(target.owner.parentKey)!;
  scope.active = (scope.active ?? 0) + 1;
  await terminateElement(ctx, target.owner);
  await activateElement(ctx, scope, target.boundary, {
    tokenReserved: true,
    triggered: { variables },
  });
}

function codeOf(boundary: FlowNode): string | undefined {
  const definition = boundary.eventDefinition;
  if (definition?.kind !== 'error' || !definition.errorCode) return undefined;
  const code = definition.errorCode;
  return code.kind === 'static' ? code.value : code.source;
}
