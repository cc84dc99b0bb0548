/**
 * Calendar days written `YYYY-MM-DD`, computed in UTC arithmetic so that no step reads the
 * process's time zone.
 */

/** Throws a `RangeError` unless `day` is a real calendar day written `YYYY-MM-DD`. */
export function assertDay(day: string): void {
  const parsed = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(parsed.getTime())) {
    throw new RangeError(`a day must be YYYY-MM-DD, got <${day}>`);
  }
  if (parsed.toISOString().slice(0, 10) !== day) {
    throw new RangeError(`<${day}> is not a calendar day`);
  }
}

/** The day after `day`. */
export function nextDay(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

export function yearOf(day: string): number {
  return Number(day.slice(0, 4));
}

/** Saturday or Sunday. */
export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}
