/**
 * Receipt numbers (受理编号): `<city code>-<Beijing date>-<5-digit daily sequence>`, e.g.
 * `370200-20260214-00017`, unique per city and day, printed on the receipt and typed by the
 * applicant to look an application up.
 */
export function formatReceiptNumber(city: string, day: string, sequence: number): string {
  return `${city}-${day}-${String(sequence).padStart(5, '0')}`;
}

/** The receipt number's shape, for validating what an applicant types. */
export const receiptNumberPattern = /^\d{6}-\d{8}-\d{5,}$/;

/** `YYYYMMDD` of the instant in Beijing time (UTC+8, no daylight saving). */
export function beijingDay(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/** ISO 8601 with the +08:00 offset, as the process variables carry `receivedAt`. */
export function beijingIso(epochMs: number): string {
  const local = new Date(epochMs + 8 * 3600_000).toISOString().replace('Z', '');
  return `${local}+08:00`;
}
