import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Fields that hold personal information under PIPL. Any log object carrying one of
 * these names, at the top level or one or two levels down, is written with the value
 * replaced, so an ID number, phone, address or photo never reaches a log.
 */
export const personalFields = [
  'idNumber',
  'phone',
  'mobile',
  'address',
  'mailingAddress',
  'photo',
  'idImage',
  'name',
  'applicantName',
] as const;

const redactPaths = personalFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

/** Creates the root logger; components take child loggers that carry their context. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({
    level: 'info',
    ...options,
    redact: { paths: redactPaths, censor: '[已屏蔽]' },
  });
}
