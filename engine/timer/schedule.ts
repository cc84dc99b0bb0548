/**
 * When a timer is due. The runtime calls `scheduleTimer` when an element with a timer is
 * entered, and `nextCycleOccurrence` each time a cycle timer fires, following Zeebe:
 *
 * - duration: due that long after now (calendar parts in the engine's time zone); zero or
 *   negative means due at once. Fires once.
 * - date: due at that instant, which may be past (then it fires at once). Fires once.
 * - cycle: `R<n>/<duration>` is first due one interval after now and fires n times (`R/…`
 *   until cancelled); with a start date it is first due at the start (or now, if that has
 *   passed). A cron cycle is due at each match and repeats until cancelled.
 *
 * A due date is never moved earlier; after downtime an overdue cycle fires once and its next
 * occurrence is counted from now, so missed occurrences are not replayed one after another.
 */

import { FeelDateTime, FeelDuration } from 'feelin';
import { Temporal } from 'temporal-polyfill';
import { evaluateAs, type FeelValueType } from '../feel/index.ts';
import type { TimerDefinition } from '../model/executable-process.ts';
import { INFINITE_REPETITIONS, parseCycle, type Cycle } from './cycle.ts';
import { parseDateTime } from './date-time.ts';
import { addDuration, parseDuration } from './duration.ts';
import { failure, success, type TimerResult } from './timer-result.ts';

export type TimerKind = TimerDefinition['kind'];

export interface TimerOptions {
  /** IANA zone for calendar durations and cron fields; default `UTC`. */
  timeZone?: string;
}

export interface ScheduledTimer {
  /** When the timer fires, ms since the epoch. */
  dueDate: number;
  /** Times the timer fires counting this one: 1 for duration and date, n for `R<n>`, -1 forever. */
  repetitions: number;
  /** Cycles only: the evaluated cycle text, to keep with the timer for `nextCycleOccurrence`. */
  cycle?: string;
}

const EXPECTED_TYPES: Record<TimerKind, FeelValueType[]> = {
  duration: ['DURATION', 'PERIOD', 'STRING'],
  date: ['DATE_TIME', 'STRING'],
  cycle: ['STRING'],
};

/** Evaluates a timer definition in the given variables and schedules its first occurrence. */
export function scheduleTimer(
  definition: TimerDefinition,
  variables: Record<string, unknown>,
  now: number,
  options: TimerOptions = {},
): TimerResult<ScheduledTimer> {
  const evaluated = evaluateAs(definition.value, variables, EXPECTED_TYPES[definition.kind]);
  if (!evaluated.ok) {
    return failure(`Invalid timer ${definition.kind}: ${evaluated.message}`);
  }

  return nextDueDate(definition.kind, evaluated.value.value, now, options);
}

/**
 * The first occurrence of a timer whose value is known: ISO text, or the `FeelDuration` /
 * `FeelDateTime` a FEEL expression gave.
 */
export function nextDueDate(
  kind: TimerKind,
  value: unknown,
  now: number,
  options: TimerOptions = {},
): TimerResult<ScheduledTimer> {
  const timeZone = options.timeZone ?? 'UTC';

  switch (kind) {
    case 'duration':
      return scheduleDuration(value, now, timeZone);
    case 'date':
      return scheduleDate(value);
    case 'cycle':
      return scheduleCycle(value, now, timeZone);
  }
}

/**
 * The occurrence after a cycle timer fired, or `null` when its repetitions are used up.
 * `last` is the occurrence that fired (its due date and repetitions).
 */
export function nextCycleOccurrence(
  cycleText: string,
  last: Pick<ScheduledTimer, 'dueDate' | 'repetitions'>,
  now: number,
  options: TimerOptions = {},
): TimerResult<ScheduledTimer | null> {
  if (last.repetitions !== INFINITE_REPETITIONS && last.repetitions <= 1) {
    return success(null);
  }

  const cycle = parseCycle(cycleText, options.timeZone ?? 'UTC');
  if (!cycle.ok) {
    return cycle;
  }

  const repetitions =
    last.repetitions === INFINITE_REPETITIONS ? INFINITE_REPETITIONS : last.repetitions - 1;
  const dueDate = followingDueDate(cycle.value, last.dueDate, now, options.timeZone ?? 'UTC');
  if (!dueDate.ok) {
    return dueDate;
  }

  return dueDate.value === null
    ? success(null)
    : success({ dueDate: dueDate.value, repetitions, cycle: cycleText });
}

/**
 * Checks a static timer value at deployment; returns the problem, or `null` when it would
 * schedule. Zeebe refuses such models at deployment rather than at run time.
 */
export function checkTimerValue(kind: TimerKind, text: string, now: number): string | null {
  const result = nextDueDate(kind, text, now);
  return result.ok ? null : result.message;
}

// helpers ----------

function scheduleDuration(value: unknown, now: number, timeZone: string) {
  const duration = toDuration(value);
  if (!duration.ok) {
    return duration;
  }

  const dueDate = addDuration(now, duration.value, timeZone);
  return dueDate.ok ? success({ dueDate: dueDate.value, repetitions: 1 }) : dueDate;
}

function scheduleDate(value: unknown): TimerResult<ScheduledTimer> {
  const dueDate = toDateTime(value);
  return dueDate.ok ? success({ dueDate: dueDate.value, repetitions: 1 }) : dueDate;
}

function scheduleCycle(value: unknown, now: number, timeZone: string) {
  if (typeof value !== 'string') {
    return failure<ScheduledTimer>(`Invalid time cycle: expected text, got ${describe(value)}`);
  }

  const cycle = parseCycle(value, timeZone);
  if (!cycle.ok) {
    return cycle;
  }

  const dueDate = firstDueDate(cycle.value, now, timeZone);
  if (!dueDate.ok) {
    return dueDate;
  }

  if (dueDate.value === null) {
    return failure<ScheduledTimer>(`Invalid time cycle '${value}': it never fires`);
  }

  const repetitions = cycle.value.kind === 'cron' ? INFINITE_REPETITIONS : cycle.value.repetitions;
  return success({ dueDate: dueDate.value, repetitions, cycle: value });
}

function firstDueDate(cycle: Cycle, now: number, timeZone: string): TimerResult<number | null> {
  if (cycle.kind === 'cron') {
    return success(cronAfter(cycle, now));
  }

  if (cycle.start !== undefined) {
    return success(Math.max(cycle.start, now));
  }

  return addDuration(now, cycle.interval, timeZone);
}

function followingDueDate(
  cycle: Cycle,
  lastDueDate: number,
  now: number,
  timeZone: string,
): TimerResult<number | null> {
  if (cycle.kind === 'cron') {
    return success(cronAfter(cycle, Math.max(lastDueDate, now)));
  }

  const natural = addDuration(lastDueDate, cycle.interval, timeZone);
  if (!natural.ok || natural.value > now) {
    return natural;
  }

  return addDuration(now, cycle.interval, timeZone);
}

function cronAfter(cycle: Extract<Cycle, { kind: 'cron' }>, after: number): number | null {
  return cycle.cron.nextRun(new Date(after))?.getTime() ?? null;
}

function toDuration(value: unknown): TimerResult<Temporal.Duration> {
  if (value instanceof FeelDuration) {
    return parseDuration(value.toString());
  }

  if (typeof value === 'string') {
    return parseDuration(value);
  }

  return failure(`Invalid duration: expected text like 'PT15M', got ${describe(value)}`);
}

function toDateTime(value: unknown): TimerResult<number> {
  if (value instanceof FeelDateTime) {
    const plain = Temporal.PlainDateTime.from(value.unwrap().toString());
    return success(plain.toZonedDateTime(value.zone ?? 'UTC').epochMilliseconds);
  }

  if (typeof value === 'string') {
    return parseDateTime(value);
  }

  return failure(
    `Invalid date-time: expected text like '2026-02-24T17:00:00+08:00', got ${describe(value)}`,
  );
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
