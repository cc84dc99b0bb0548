import { assertDay } from './calendar-day.ts';

/**
 * Beijing time (China Standard Time, UTC+8 all year, no daylight saving) without reading the
 * process's time zone.
 */

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Beijing calendar day (`YYYY-MM-DD`) of an instant. */
export function beijingDay(instant: Date): string {
  return shifted(instant).slice(0, 10);
}

/** An instant as ISO 8601 in Beijing time to the second, e.g. `2026-02-14T09:30:00+08:00`. */
export function beijingTimestamp(instant: Date): string {
  return `${shifted(instant).slice(0, 19)}+08:00`;
}

/** The last second of `day` in Beijing time, ISO 8601 with `+08:00`. */
export function endOfBeijingDay(day: string): string {
  assertDay(day);
  return `${day}T23:59:59+08:00`;
}

function shifted(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('an instant must be a valid date');
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString();
}
