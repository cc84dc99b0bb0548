/** A step that can fail with a message for an incident, as data (FEEL results fit it). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };
