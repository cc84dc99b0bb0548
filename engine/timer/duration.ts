/**
 * ISO 8601 durations as Zeebe reads them (`PT15S`, `P14DT1H30M`, `P2W`, `-PT1H`), applied the
 * way Zeebe applies them: years, months, weeks and days on the calendar of a time zone,
 * hours, minutes and seconds as exact elapsed time.
 */

import { Temporal } from 'temporal-polyfill';
import { failure, success, type TimerResult } from './timer-result.ts';

const DURATION_SHAPE =
  /^[+-]?P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+([.,]\d+)?S)?)?$/i;

/** Reads an ISO 8601 duration; anything else is a failure quoting the text. */
export function parseDuration(text: string): TimerResult<Temporal.Duration> {
  if (!DURATION_SHAPE.test(text)) {
    return failure(`Invalid duration '${text}': expected ISO 8601 like 'PT15M', 'P1DT2H' or 'P2W'`);
  }

  try {
    return success(Temporal.Duration.from(text));
  } catch (error) {
    return failure(`Invalid duration '${text}': ${reason(error)}`);
  }
}

/**
 * The instant `duration` after `from` (ms since the epoch), with calendar parts counted in
 * `timeZone`. A negative or zero duration gives an instant at or before `from`.
 */
export function addDuration(
  from: number,
  duration: Temporal.Duration,
  timeZone: string,
): TimerResult<number> {
  try {
    const start = Temporal.Instant.fromEpochMilliseconds(from).toZonedDateTimeISO(timeZone);
    return success(start.add(duration).epochMilliseconds);
  } catch (error) {
    return failure(
      `Timer duration '${duration.toString()}' is too large to schedule: ${reason(error)}`,
    );
  }
}

/** True when the duration moves time forward. */
export function isPositive(duration: Temporal.Duration): boolean {
  return duration.sign > 0;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
