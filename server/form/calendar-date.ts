import { Temporal } from 'temporal-polyfill';

/**
 * Calendar dates and months as ISO strings (`YYYY-MM-DD`, `YYYY-MM`), the form's only
 * representation of time. Beijing time decides what "today" is, whatever the server's zone.
 */

export const BEIJING = 'Asia/Shanghai';

/** Today's date in Beijing, `YYYY-MM-DD`. */
export function todayInBeijing(now: Date = new Date()): string {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(BEIJING)
    .toPlainDate()
    .toString();
}

/** A `YYYY-MM-DD` string naming a day that exists in the ISO calendar. */
export function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  try {
    Temporal.PlainDate.from(date);
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM` plus `months` (negative to go back). */
export function addMonths(month: string, months: number): string {
  return Temporal.PlainYearMonth.from(month).add({ months }).toString();
}

/** Whole months from `from` to `to` (`YYYY-MM`), negative when `to` is earlier. */
export function monthsBetween(from: string, to: string): number {
  return monthIndex(to) - monthIndex(from);
}

/** The month of a date: `2026-02-14` → `2026-02`. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

function monthIndex(month: string): number {
  const yearMonth = Temporal.PlainYearMonth.from(month);
  return yearMonth.year * 12 + yearMonth.month - 1;
}
