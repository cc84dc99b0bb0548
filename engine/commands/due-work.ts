import {
  compareKeys,
  openTimer,
  timerValue,
  triggerEvent,
} from '../runtime/event-subscriptions.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { TimerRow } from '../store/rows.ts';
import { nextCycleOccurrence } from '../timer/index.ts';
import { appendJobRecord } from './jobs.ts';
import { appendMessageRecord } from './messages.ts';

/** Items of each kind handled per pass; more wait for the next pass right after. */
const PAGE = 200;

/**
 * Everything that became due by now, oldest first: timers fire (TIMER TRIGGERED), activated
 * jobs past their deadline become activatable (JOB TIMED_OUT), jobs whose back-off ended
 * too (JOB RECURRED_AFTER_BACKOFF), buffered messages past their time to live go (MESSAGE
 * EXPIRED). Returns true when a page was full and more may be due.
 */
export async function processDueWork(runtime: Runtime): Promise<boolean> {
  const now = runtime.batch.now();
  const byDue = <T extends { key: string }>(due: (row: T) => number) => ({
    limit: PAGE,
    compare: (a: T, b: T) => due(a) - due(b) || compareKeys(a.key, b.key),
  });
  const { store } = runtime;

  const timers = await store.timers.query('due_at <= ?', [now], (timer) => timer.dueAt <= now, {
    orderBy: 'due_at, key',
    ...byDue((timer) => timer.dueAt),
  });
  for (const timer of timers) await fireTimer(runtime, timer);

  const timedOut = await store.jobs.query(
    `state = 'ACTIVATED' and deadline <= ?`,
    [now],
    (job) => job.state === 'ACTIVATED' && (job.deadline ?? Infinity) <= now,
    { orderBy: 'deadline', ...byDue((job) => job.deadline ?? 0) },
  );
  for (const job of timedOut) {
    job.state = 'ACTIVATABLE';
    delete job.deadline;
    store.jobs.put(job);
    runtime.batch.jobsAvailable(job.type, job.tenantId);
    appendJobRecord(runtime, job, 'TIMED_OUT');
  }

  const recurred = await store.jobs.query(
    `state = 'BACKOFF' and activatable_at <= ?`,
    [now],
    (job) => job.state === 'BACKOFF' && job.activatableAt <= now,
    { orderBy: 'activatable_at', ...byDue((job) => job.activatableAt) },
  );
  for (const job of recurred) {
    job.state = 'ACTIVATABLE';
    store.jobs.put(job);
    runtime.batch.jobsAvailable(job.type, job.tenantId);
    appendJobRecord(runtime, job, 'RECURRED_AFTER_BACKOFF');
  }

  const expired = await store.messages.query(
    'expires_at <= ?',
    [now],
    (message) => message.expiresAt <= now,
    { orderBy: 'expires_at, key', ...byDue((message) => message.expiresAt) },
  );
  for (const message of expired) {
    store.messages.delete(message.key);
    appendMessageRecord(runtime, message, 'EXPIRED');
  }

  return [timers, timedOut, recurred, expired].some((page) => page.length >= PAGE);
}

/** The earliest time anything stored becomes due; each read uses its own index. */
export async function nextDueTime(runtime: Runtime): Promise<number | undefined> {
  const result = await runtime.store.db.raw(`select least(
      (select min(due_at) from timers),
      (select min(deadline) from jobs where state = 'ACTIVATED'),
      (select min(activatable_at) from jobs where state = 'BACKOFF'),
      (select min(expires_at) from messages))::text as due`);
  const due = (result.rows as { due: string | null }[])[0]?.due;
  return due === null || due === undefined ? undefined : Number(due);
}

/** A timer fired: its event triggers, and a cycle timer is set for its next occurrence. */
async function fireTimer(runtime: Runtime, timer: TimerRow): Promise<void> {
  runtime.store.timers.delete(timer.key);
  const ctx = await runtime.instance(timer.processInstanceKey);
  const owner = ctx?.element(timer.elementInstanceKey);
  if (!ctx || !owner || owner.state !== 'ACTIVATED') return;

  ctx.record('TIMER', 'TRIGGERED', timer.key, timerValue(timer), timer.targetElementId);
  owner.subscriptions = owner.subscriptions?.filter((ref) => ref.key !== timer.key);
  const target = ctx.node(timer.targetElementId);
  if (timer.cycle && target.type === 'BOUNDARY_EVENT' && target.interrupting === false) {
    const last = { dueDate: timer.dueAt, repetitions: timer.repetitions };
    const next = nextCycleOccurrence(timer.cycle, last, ctx.now);
    if (next.ok && next.value) openTimer(ctx, owner, timer.targetElementId, next.value);
  }
  await triggerEvent(ctx, owner, timer.targetElementId, undefined);
  await ctx.drain();
}
