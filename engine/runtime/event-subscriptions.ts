/**
 * Timers and message subscriptions an element instance opens for the events it waits for
 * (its own catch event, its boundary events, the events after an event-based gateway),
 * and what happens when one of them triggers.
 */
import type { Variables } from '../api.ts';
import type { FlowNode } from '../model/executable-process.ts';
import type { ElementInstance, SubscriptionRow, TimerRow } from '../store/rows.ts';
import { completeEventBasedGateway } from './elements/gateways.ts';
import { evaluateCorrelationKey, evaluateString } from '../feel/index.ts';
import { activateElement, completeElement, terminateElement } from './flow.ts';
import { raiseIncident } from './incidents.ts';
import type { InstanceContext } from './instance-context.ts';
import { scheduleTimer, type ScheduledTimer } from '../timer/index.ts';
import type { Outcome } from './outcome.ts';

type Plan =
  | { kind: 'timer'; target: FlowNode; schedule: ScheduledTimer }
  | { kind: 'message'; target: FlowNode; name: string; correlationKey: string };

/**
 * Opens a timer or message subscription for each target event, owned by `owner`. Every
 * expression is evaluated first; if one fails an incident is raised, nothing is opened and
 * the result is false.
 */
export function openSubscriptions(
  ctx: InstanceContext,
  owner: ElementInstance,
  targets: FlowNode[],
): boolean {
  const plans: Plan[] = [];
  let variables: Variables | undefined;
  for (const target of targets) {
    const definition = target.eventDefinition;
    if (definition?.kind !== 'timer' && definition?.kind !== 'message') continue;
    variables ??= ctx.variablesOf(owner.key);
    if (definition.kind === 'timer') {
      const schedule = scheduleTimer(definition.timer, variables, ctx.now);
      if (!schedule.ok) return failed(ctx, owner, schedule);
      plans.push({ kind: 'timer', target, schedule: schedule.value });
      continue;
    }
    const name = evaluateString(definition.messageName, variables);
    if (!name.ok) return failed(ctx, owner, name);
    const correlationKey = definition.correlationKey
      ? evaluateCorrelationKey(definition.correlationKey, variables)
      : ({ ok: true, value: '', warnings: [] } as const);
    if (!correlationKey.ok) return failed(ctx, owner, correlationKey);
    plans.push({ kind: 'message', target, name: name.value, correlationKey: correlationKey.value });
  }
  for (const plan of plans) {
    if (plan.kind === 'timer') openTimer(ctx, owner, plan.target.id, plan.schedule);
    else openMessageSubscription(ctx, owner, plan.target, plan.name, plan.correlationKey);
  }
  return true;
}

/** Opens one timer (TIMER CREATED). */
export function openTimer(
  ctx: InstanceContext,
  owner: ElementInstance,
  targetElementId: string,
  schedule: ScheduledTimer,
): void {
  const timer: TimerRow = {
    key: ctx.newKey(),
    dueAt: schedule.dueDate,
    repetitions: schedule.repetitions,
    processInstanceKey: ctx.key,
    elementInstanceKey: owner.key,
    targetElementId,
    processDefinitionKey: ctx.state.processDefinitionKey,
    bpmnProcessId: ctx.state.bpmnProcessId,
    tenantId: ctx.state.tenantId,
  };
  if (schedule.cycle) timer.cycle = schedule.cycle;
  ctx.store.timers.put(timer);
  ctx.batch.dueAt(timer.dueAt);
  (owner.subscriptions ??= []).push({ kind: 'timer', key: timer.key, elementId: targetElementId });
  ctx.record('TIMER', 'CREATED', timer.key, timerValue(timer), targetElementId);
}

function openMessageSubscription(
  ctx: InstanceContext,
  owner: ElementInstance,
  target: FlowNode,
  messageName: string,
  correlationKey: string,
): void {
  const subscription: SubscriptionRow = {
    key: ctx.newKey(),
    messageName,
    correlationKey,
    tenantId: ctx.state.tenantId,
    bpmnProcessId: ctx.state.bpmnProcessId,
    processInstanceKey: ctx.key,
    processDefinitionKey: ctx.state.processDefinitionKey,
    elementInstanceKey: owner.key,
    targetElementId: target.id,
    interrupting: !(target.type === 'BOUNDARY_EVENT' && target.interrupting === false),
  };
  ctx.store.subscriptions.put(subscription);
  (owner.subscriptions ??= []).push({
    kind: 'message',
    key: subscription.key,
    elementId: target.id,
  });
  ctx.record(
    'MESSAGE_SUBSCRIPTION',
    'CREATED',
    subscription.key,
    subscriptionValue(subscription),
    target.id,
  );
  ctx.schedule(() => correlateBufferedMessage(ctx, owner, subscription));
}

/** A subscription that opened takes the oldest buffered message its process has not had. */
async function correlateBufferedMessage(
  ctx: InstanceContext,
  owner: ElementInstance,
  subscription: SubscriptionRow,
): Promise<void> {
  if (ctx.element(owner.key) !== owner || owner.state !== 'ACTIVATED') return;
  if (!owner.subscriptions?.some((ref) => ref.key === subscription.key)) return;
  const now = ctx.now;
  const candidates = await ctx.store.messages.query(
    'name = ? and correlation_key = ? and tenant_id = ? and expires_at > ?',
    [subscription.messageName, subscription.correlationKey, subscription.tenantId, now],
    (message) =>
      message.name === subscription.messageName &&
      message.correlationKey === subscription.correlationKey &&
      message.tenantId === subscription.tenantId &&
      message.expiresAt > now,
    { orderBy: 'key', compare: (a, b) => compareKeys(a.key, b.key) },
  );
  const message = candidates.find(
    (candidate) => !candidate.correlatedProcessIds.includes(subscription.bpmnProcessId),
  );
  if (!message) return;
  message.correlatedProcessIds.push(subscription.bpmnProcessId);
  ctx.store.messages.put(message);
  await deliverMessage(ctx, subscription, message.key, message.variables);
}

/**
 * Correlates a message to an open subscription (MESSAGE_SUBSCRIPTION CORRELATED) and
 * triggers its event. Returns false when the owner cannot take it now.
 */
export async function deliverMessage(
  ctx: InstanceContext,
  subscription: SubscriptionRow,
  messageKey: string,
  variables: Variables,
): Promise<boolean> {
  const owner = ctx.element(subscription.elementInstanceKey);
  if (!owner || owner.state !== 'ACTIVATED') return false;
  ctx.record(
    'MESSAGE_SUBSCRIPTION',
    'CORRELATED',
    subscription.key,
    { ...subscriptionValue(subscription), messageKey, variables },
    subscription.targetElementId,
  );
  if (subscription.interrupting) {
    ctx.store.subscriptions.delete(subscription.key);
    owner.subscriptions = owner.subscriptions?.filter((ref) => ref.key !== subscription.key);
  }
  await triggerEvent(ctx, owner, subscription.targetElementId, variables);
  return true;
}

/**
 * An event the owner waited for happened: a catch event or receive task completes, an
 * event-based gateway takes that event's path, a boundary event starts (terminating the
 * activity first when it interrupts).
 */
export async function triggerEvent(
  ctx: InstanceContext,
  owner: ElementInstance,
  targetElementId: string,
  variables: Variables | undefined,
): Promise<void> {
  if (owner.type === 'EVENT_BASED_GATEWAY') {
    return completeEventBasedGateway(ctx, owner, targetElementId, variables);
  }
  if (targetElementId === owner.elementId) {
    if (variables && Object.keys(variables).length > 0) owner.eventVariables = variables;
    return completeElement(ctx, owner);
  }
  const boundary = ctx.node(targetElementId);
  const scope = ctx.element(owner.parentKey)!;
  const triggered = { variables };
  if (boundary.interrupting === false) {
    return activateElement(ctx, scope, boundary, { triggered });
  }
  scope.active = (scope.active ?? 0) + 1;
  await terminateElement(ctx, owner);
  await activateElement(ctx, scope, boundary, { tokenReserved: true, triggered });
}

/** Closes every timer and subscription the element instance owns. */
export function closeSubscriptions(ctx: InstanceContext, element: ElementInstance): void {
  for (const ref of element.subscriptions ?? []) {
    const value = { elementInstanceKey: element.key, targetElementId: ref.elementId };
    if (ref.kind === 'timer') {
      ctx.store.timers.delete(ref.key);
      ctx.record('TIMER', 'CANCELED', ref.key, value, ref.elementId);
    } else {
      ctx.store.subscriptions.delete(ref.key);
      ctx.record('MESSAGE_SUBSCRIPTION', 'DELETED', ref.key, value, ref.elementId);
    }
  }
  delete element.subscriptions;
}

export function timerValue(timer: TimerRow): Record<string, unknown> {
  return {
    elementInstanceKey: timer.elementInstanceKey,
    processDefinitionKey: timer.processDefinitionKey,
    dueDate: timer.dueAt,
    targetElementId: timer.targetElementId,
    repetitions: timer.repetitions,
  };
}

export function subscriptionValue(subscription: SubscriptionRow): Record<string, unknown> {
  return {
    messageName: subscription.messageName,
    correlationKey: subscription.correlationKey,
    elementInstanceKey: subscription.elementInstanceKey,
    interrupting: subscription.interrupting,
  };
}

/** Orders keys (decimal strings of positive integers) numerically. */
export function compareKeys(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function failed(ctx: InstanceContext, owner: ElementInstance, failure: Outcome<unknown>) {
  const message = failure.ok ? 'expression failed' : failure.message;
  raiseIncident(ctx, owner, 'EXTRACT_VALUE_ERROR', message, 'activate');
  return false;
}
