/**
 * Timer dates as the Camunda 8 docs define them: an ISO 8601 date-time with `Z` or an offset
 * (`2026-02-24T17:00:00+08:00`), optionally or instead an IANA zone id in brackets
 * (`2026-02-24T17:00:00[Asia/Shanghai]`); without any zone information it is read as UTC.
 */

import { Temporal } from 'temporal-polyfill';
import { failure, success, type TimerResult } from './timer-result.ts';

const DATE_TIME_SHAPE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}([.,]\d{1,9})?)?(?<offset>Z|[+-]\d{2}(:?\d{2})?)?(?<zone>\[[^\]]+\])?$/i;

/** Reads a timer date as ms since the epoch. */
export function parseDateTime(text: string): TimerResult<number> {
  const shape = DATE_TIME_SHAPE.exec(text);
  if (!shape) {
    return failure(
      `Invalid date-time '${text}': expected ISO 8601 with offset like ` +
        `'2026-02-24T17:00:00+08:00' or with a zone like '2026-02-24T17:00:00[Asia/Shanghai]'`,
    );
  }

  try {
    return success(toEpochMilliseconds(text, shape.groups ?? {}));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failure(`Invalid date-time '${text}': ${reason}`);
  }
}

function toEpochMilliseconds(text: string, groups: Record<string, string | undefined>): number {
  if (groups.zone) {
    return Temporal.ZonedDateTime.from(text, { offset: 'prefer' }).epochMilliseconds;
  }

  if (groups.offset) {
    return Temporal.Instant.from(text).epochMilliseconds;
  }

  return Temporal.PlainDateTime.from(text).toZonedDateTime('UTC').epochMilliseconds;
}
