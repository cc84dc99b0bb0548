/**
 * Timer cycles as Zeebe reads them: an ISO 8601 repeating interval (`R5/PT10S`, `R/P1D`,
 * `R3/2026-02-24T09:00:00+08:00/PT5M`) when the text starts with `R`, otherwise a Spring-style
 * cron expression with seconds (`0 0 9-17 * * MON-FRI`, `@daily`) that repeats until the
 * timer is cancelled.
 */

import { Cron } from 'croner';
import type { Temporal } from 'temporal-polyfill';
import { parseDateTime } from './date-time.ts';
import { isPositive, parseDuration } from './duration.ts';
import { failure, success, type TimerResult } from './timer-result.ts';

/** Repetitions of a cycle that repeats until cancelled. */
export const INFINITE_REPETITIONS = -1;

export type Cycle =
  | {
      kind: 'repeating-interval';
      /** `INFINITE_REPETITIONS` for `R/…`. */
      repetitions: number;
      interval: Temporal.Duration;
      /** First due date (ms since the epoch) when the cycle names a start. */
      start?: number;
    }
  | { kind: 'cron'; cron: Cron };

const CRON_MACROS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

/** Reads a cycle; `timeZone` is where cron fields are read (Zeebe uses its system zone). */
export function parseCycle(text: string, timeZone: string): TimerResult<Cycle> {
  return text.startsWith('R') ? parseRepeatingInterval(text) : parseCron(text, timeZone);
}

// helpers ----------

const REPETITIONS = /^R(\d*)\/(.+)$/;

function parseRepeatingInterval(text: string): TimerResult<Cycle> {
  const match = REPETITIONS.exec(text);
  if (!match?.[2]) {
    return failure(
      `Invalid time cycle '${text}': expected 'R<n>/<duration>' or 'R<n>/<start>/<duration>', ` +
        `e.g. 'R5/PT10S' or 'R/P1D'`,
    );
  }

  // A zone id in the start has slashes too, so the interval is what follows the last one.
  const rest = match[2];
  const split = rest.lastIndexOf('/');
  const groups = {
    repetitions: match[1],
    start: split === -1 ? undefined : rest.slice(0, split),
    interval: rest.slice(split + 1),
  };

  const interval = parseDuration(groups.interval);
  if (!interval.ok) {
    return failure(`Invalid time cycle '${text}': ${interval.message}`);
  }

  if (!isPositive(interval.value)) {
    return failure(`Invalid time cycle '${text}': the interval must be longer than zero`);
  }

  const start = groups.start === undefined ? undefined : parseDateTime(groups.start);
  if (start && !start.ok) {
    return failure(`Invalid time cycle '${text}': ${start.message}`);
  }

  const repetitions = groups.repetitions ? Number(groups.repetitions) : INFINITE_REPETITIONS;
  return success({
    kind: 'repeating-interval',
    repetitions,
    interval: interval.value,
    ...(start ? { start: start.value } : {}),
  });
}

function parseCron(text: string, timeZone: string): TimerResult<Cycle> {
  const pattern = (CRON_MACROS[text.trim().toLowerCase()] ?? text.trim()).replaceAll('?', '*');

  try {
    const cron = new Cron(pattern, { timezone: timeZone, mode: '6-part', domAndDow: true });
    return success({ kind: 'cron', cron });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failure(
      `Invalid time cycle '${text}': neither a repeating interval like 'R5/PT10S' nor a cron ` +
        `expression like '0 0 9-17 * * MON-FRI' (${reason})`,
    );
  }
}
