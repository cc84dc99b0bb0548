/** Timers for the embedded engine: durations, dates and cycles as Zeebe reads them. */

export { scheduleTimer, nextDueDate, nextCycleOccurrence, checkTimerValue } from './schedule.ts';
export type { ScheduledTimer, TimerKind, TimerOptions } from './schedule.ts';
export { INFINITE_REPETITIONS, parseCycle } from './cycle.ts';
export type { Cycle } from './cycle.ts';
export { parseDuration, addDuration } from './duration.ts';
export { parseDateTime } from './date-time.ts';
export type { TimerResult } from './timer-result.ts';
