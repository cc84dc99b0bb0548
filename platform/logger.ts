import {
  pino,
  stdSerializers,
  type DestinationStream,
  type Logger,
  type LoggerOptions,
} from 'pino';

export type { Logger };

/**
 * Fields that hold personal information under PIPL. A log object carrying one of these
 * names, at the top level or one or two levels down, is written with the value replaced,
 * so an ID number, phone, address or photo never reaches a log.
 */
export const personalFields = [
  'idNumber',
  'phone',
  'mobile',
  'mailingAddress',
  'photo',
  'idImage',
  'applicantName',
] as const;

/**
 * Names too common to redact everywhere (`err.name`, a listen error's `address`): redacted
 * at the top level and where they sit in an application form.
 */
const personalPaths = [
  'name',
  'address',
  'applicant.name',
  '*.applicant.name',
  'form.applicant.name',
  '*.form.applicant.name',
];

/**
 * Fields of database errors that echo the values of the failed statement (PGlite's
 * `params`, knex's `bindings`, PostgreSQL's `detail` and `where`): dropped from logs.
 */
const statementValueFields = [
  'params',
  'parameters',
  'bindings',
  'detail',
  'where',
  'internalQuery',
];

const redactPaths = [
  ...personalFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  ...personalPaths,
];

/**
 * Creates the root logger (stdout unless a destination is given); components take child
 * loggers that carry their context.
 */
export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const settings: LoggerOptions = {
    level: 'info',
    ...options,
    serializers: { err: serializeError, error: serializeError, ...options.serializers },
    redact: { paths: redactPaths, censor: '[已屏蔽]' },
  };
  return destination ? pino(settings, destination) : pino(settings);
}

function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return withoutStatementValues({ ...stdSerializers.err(error) });
}

function withoutStatementValues(serialized: Record<string, unknown>): Record<string, unknown> {
  for (const field of statementValueFields) delete serialized[field];
  const cause = serialized.cause;
  if (cause && typeof cause === 'object') {
    serialized.cause = withoutStatementValues({ ...(cause as Record<string, unknown>) });
  }
  return serialized;
}
