import type { MessagePublished, PublishMessageCommand } from '../api.ts';
import { EngineError } from '../errors.ts';
import { compareKeys, deliverMessage } from '../runtime/event-subscriptions.ts';
import type { Runtime } from '../runtime/runtime.ts';
import {
  assertInteger,
  assertText,
  assertVariables,
  resolveTenant,
} from '../runtime/validation.ts';
import type { MessageRow } from '../store/rows.ts';

/**
 * Publishes a message (MESSAGE PUBLISHED). It correlates to the open subscriptions with its
 * name and correlation key, at most once per process id; with a time to live it is
 * buffered for subscriptions that open later, else it expires at once.
 */
export async function publishMessage(
  runtime: Runtime,
  command: PublishMessageCommand,
): Promise<MessagePublished> {
  const name = assertText(command?.name, 'message name');
  if (typeof command.correlationKey !== 'string') {
    throw new EngineError('INVALID_ARGUMENT', 'correlation key must be a string');
  }
  const timeToLive = assertInteger(command.timeToLiveMs ?? 0, 'time to live (ms)', 0);
  const variables = assertVariables(command.variables);
  const tenantId = resolveTenant(command.tenantId);
  const messageId = command.messageId || undefined;
  const { store, batch } = runtime;
  const correlationKey = command.correlationKey;

  if (messageId) {
    const now = batch.now();
    const same = await store.messages.query(
      'name = ? and correlation_key = ? and tenant_id = ? and message_id = ? and expires_at > ?',
      [name, correlationKey, tenantId, messageId, now],
      (message) =>
        message.name === name &&
        message.correlationKey === correlationKey &&
        message.tenantId === tenantId &&
        message.messageId === messageId &&
        message.expiresAt > now,
      { orderBy: 'key', limit: 1, compare: (a, b) => compareKeys(a.key, b.key) },
    );
    if (same.length > 0) {
      throw new EngineError(
        'MESSAGE_ALREADY_EXISTS',
        `a message named <${name}> with correlation key <${correlationKey}> and id ` +
          `<${messageId}> is already buffered; send a different message id`,
      );
    }
  }

  const now = batch.now();
  const message: MessageRow = {
    key: batch.newKey(),
    name,
    correlationKey,
    tenantId,
    timeToLive,
    expiresAt: now + timeToLive,
    variables,
    correlatedProcessIds: [],
  };
  if (messageId) message.messageId = messageId;
  appendMessageRecord(runtime, message, 'PUBLISHED');

  const subscriptions = await store.subscriptions.query(
    'message_name = ? and correlation_key = ? and tenant_id = ?',
    [name, correlationKey, tenantId],
    (subscription) =>
      subscription.messageName === name &&
      subscription.correlationKey === correlationKey &&
      subscription.tenantId === tenantId,
    { orderBy: 'key', compare: (a, b) => compareKeys(a.key, b.key) },
  );
  for (const subscription of subscriptions) {
    if (message.correlatedProcessIds.includes(subscription.bpmnProcessId)) continue;
    const ctx = await runtime.instance(subscription.processInstanceKey);
    if (!ctx) continue;
    if (await deliverMessage(ctx, subscription, message.key, variables)) {
      message.correlatedProcessIds.push(subscription.bpmnProcessId);
    }
    await ctx.drain();
  }

  if (timeToLive > 0) {
    store.messages.put(message);
    batch.dueAt(message.expiresAt);
  } else {
    appendMessageRecord(runtime, message, 'EXPIRED');
  }
  return { key: message.key, tenantId };
}

export function appendMessageRecord(runtime: Runtime, message: MessageRow, intent: string): void {
  runtime.store.records.append({
    key: message.key,
    valueType: 'MESSAGE',
    intent,
    timestamp: runtime.batch.now(),
    tenantId: message.tenantId,
    value: {
      name: message.name,
      correlationKey: message.correlationKey,
      messageId: message.messageId ?? '',
      timeToLive: message.timeToLive,
      deadline: message.expiresAt,
      variables: message.variables,
    },
  });
}
