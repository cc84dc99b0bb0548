import { z } from 'zod';

import { beijingDay, endOfBeijingDay } from './beijing-time.ts';
import type { WorkingDayCalendar } from './working-day-calendar.ts';

/** When a department's review of an item must be done, and how sure the calendar was. */
export interface ReviewDeadline {
  /** The end of the due day in Beijing time, ISO 8601 with `+08:00`. */
  deadline: string;
  /** The Beijing day the request was received. */
  receivedDay: string;
  /** The working day the review is due by. */
  dueDay: string;
  /** Years the count stepped through that no statutory calendar covers (Monday–Friday assumed). */
  uncoveredYears: number[];
}

/** Thrown when `receivedAt` is not an ISO 8601 date-time with an offset. */
export class ReceivedAtInvalidError extends RangeError {
  readonly code = 'RECEIVED_AT_INVALID';

  constructor(receivedAt: unknown) {
    super(
      `receivedAt must be ISO 8601 with an offset, e.g. 2026-02-14T09:30:00+08:00, got <${String(receivedAt)}>`,
    );
    this.name = 'ReceivedAtInvalidError';
  }
}

/**
 * The review deadline of a request received at `receivedAt`: the end (Beijing time) of the
 * `workingDays`-th working day after the day of receipt, which itself does not count
 * (DOMAIN.md: received Saturday 2026-02-14 → due 2026-02-24).
 */
export function reviewDeadline(
  receivedAt: string,
  calendar: WorkingDayCalendar,
  workingDays = 1,
): ReviewDeadline {
  if (!isoWithOffset.safeParse(receivedAt).success) throw new ReceivedAtInvalidError(receivedAt);
  const instant = new Date(receivedAt);

  const receivedDay = beijingDay(instant);
  const due = calendar.addWorkingDays(receivedDay, workingDays);
  return {
    deadline: endOfBeijingDay(due.day),
    receivedDay,
    dueDay: due.day,
    uncoveredYears: due.uncoveredYears,
  };
}

const isoWithOffset = z.iso.datetime({ offset: true });
