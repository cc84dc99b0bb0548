/** The outcome of reading or scheduling a timer: a value, or a message saying what was wrong. */
export type TimerResult<T> = { ok: true; value: T } | { ok: false; message: string };

export function success<T>(value: T): TimerResult<T> {
  return { ok: true, value };
}

export function failure<T>(message: string): TimerResult<T> {
  return { ok: false, message };
}
