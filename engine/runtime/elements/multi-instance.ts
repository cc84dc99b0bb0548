/**
 * Multi-instance activities: a body that holds one inner instance per element of
 * `inputCollection`, all at once (parallel) or one after another (sequential). Each inner
 * instance has local `loopCounter` and `inputElement`; `outputElement` of each lands at its
 * index of `outputCollection`, a local of the body propagated when the body completes.
 */
import type { FlowNode } from '../../model/executable-process.ts';
import type { ElementInstance } from '../../store/rows.ts';
import { openSubscriptions } from '../event-subscriptions.ts';
import { evaluate, evaluateBoolean, evaluateList } from '../../feel/index.ts';
import { activateElement, completeElement, markActivated, terminateElement } from '../flow.ts';
import { raiseIncident } from '../incidents.ts';
import type { InstanceContext } from '../instance-context.ts';
import { boundaryEvents } from './tasks.ts';
import { variableEntry } from '../variables.ts';

export async function activateMultiInstanceBody(
  ctx: InstanceContext,
  body: ElementInstance,
  node: FlowNode,
): Promise<void> {
  const definition = node.multiInstance!;
  const collection = evaluateList(definition.inputCollection, ctx.variablesOf(body.key));
  if (!collection.ok) {
    return raiseIncident(ctx, body, 'EXTRACT_VALUE_ERROR', collection.message, 'activate');
  }
  if (!openSubscriptions(ctx, body, boundaryEvents(ctx, body, node))) return;

  const items = collection.value;
  body.loop = { collection: items, next: 0, active: 0, completed: 0, terminated: 0 };
  body.active = 0;
  if (definition.outputCollection) {
    ctx.runtime.variables.setLocal(ctx, body.key, {
      [definition.outputCollection]: items.map(() => null),
    });
  }
  markActivated(ctx, body);
  if (items.length === 0) return completeElement(ctx, body);
  const first = definition.isSequential ? 1 : items.length;
  for (let index = 0; index < first; index += 1) await activateInner(ctx, body, node);
}

/**
 * Before an inner instance completes: its `outputElement` goes into the output collection
 * and the completion condition is checked. Returns a failure message for an incident.
 */
export function innerInstanceCompleting(
  ctx: InstanceContext,
  body: ElementInstance,
  inner: ElementInstance,
  node: FlowNode,
): string | undefined {
  const definition = node.multiInstance!;
  const loop = body.loop!;
  if (definition.outputCollection && definition.outputElement) {
    const output = evaluate(definition.outputElement, ctx.variablesOf(inner.key));
    if (!output.ok) return output.message;
    const current = variableEntry(ctx.state, body.key, definition.outputCollection)?.value;
    const collection = Array.isArray(current) ? [...current] : loop.collection.map(() => null);
    collection[inner.loopCounter! - 1] = output.value;
    ctx.runtime.variables.setLocal(ctx, body.key, { [definition.outputCollection]: collection });
  }
  if (definition.completionCondition) {
    const holds = evaluateBoolean(definition.completionCondition, {
      ...ctx.variablesOf(inner.key),
      numberOfInstances: loop.collection.length,
      numberOfActiveInstances: loop.active,
      numberOfCompletedInstances: loop.completed + 1,
      numberOfTerminatedInstances: loop.terminated,
    });
    if (!holds.ok) return holds.message;
    if (holds.value) loop.conditionMet = true;
  }
  return undefined;
}

/** After an inner instance completed: start the next one, or complete the body. */
export async function innerInstanceCompleted(
  ctx: InstanceContext,
  body: ElementInstance,
): Promise<void> {
  const node = ctx.node(body.elementId);
  const loop = body.loop!;
  loop.active -= 1;
  loop.completed += 1;
  if (body.state !== 'ACTIVATED') return;
  if (loop.conditionMet) {
    for (const inner of ctx.children(body.key)) {
      await terminateElement(ctx, inner, { notifyScope: false });
    }
    return completeElement(ctx, body);
  }
  if (node.multiInstance!.isSequential && loop.next < loop.collection.length) {
    return activateInner(ctx, body, node);
  }
  if (loop.active === 0 && loop.next >= loop.collection.length) {
    return completeElement(ctx, body);
  }
}

/** When the body completes, its output collection propagates to the enclosing scopes. */
export function completeMultiInstanceBody(
  ctx: InstanceContext,
  body: ElementInstance,
  node: FlowNode,
): void {
  const name = node.multiInstance!.outputCollection;
  if (!name) return;
  const value = variableEntry(ctx.state, body.key, name)?.value ?? null;
  ctx.runtime.variables.propagate(ctx, body.parentKey!, { [name]: value });
}

async function activateInner(ctx: InstanceContext, body: ElementInstance, node: FlowNode) {
  const loop = body.loop!;
  const index = loop.next;
  loop.next += 1;
  loop.active += 1;
  await activateElement(ctx, body, node, {
    inner: {
      loopCounter: index + 1,
      inputElement: node.multiInstance!.inputElement,
      item: loop.collection[index],
    },
  });
}
