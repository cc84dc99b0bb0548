import { z } from 'zod';
import type { ValueType } from '../api.ts';

/** The most records one page holds; a larger `limit` is served as this many. */
export const MAX_RECORDS_PER_PAGE = 1_000;

/** Every value type the engine appends, in the order `api.ts` lists them. */
export const valueTypes = [
  'DEPLOYMENT',
  'PROCESS',
  'PROCESS_INSTANCE',
  'JOB',
  'INCIDENT',
  'MESSAGE',
  'MESSAGE_SUBSCRIPTION',
  'TIMER',
  'VARIABLE',
] as const satisfies readonly ValueType[];

// A value type added to api.ts but not listed above fails to compile here.
const everyValueTypeListed: Exclude<ValueType, (typeof valueTypes)[number]> extends never
  ? true
  : never = true;
void everyValueTypeListed;

const INT64_MAX = 2n ** 63n - 1n;

const queryParameters = ['processInstanceKey', 'valueType', 'afterPosition', 'limit'] as const;

/**
 * The query string of `GET /v1/records`: all parameters optional, unknown ones refused.
 * Keys and positions are 64-bit integers as decimal strings; `limit` is 1 or more and is
 * capped at `MAX_RECORDS_PER_PAGE` (also its default).
 */
export const recordsQuerySchema = z.strictObject(
  {
    processInstanceKey: int64('processInstanceKey').optional(),
    valueType: z
      .enum(valueTypes, {
        error: `query parameter <valueType> must be one of ${valueTypes.join(', ')}`,
      })
      .optional(),
    afterPosition: int64('afterPosition').optional(),
    limit: z.coerce
      .number({ error: limitMessage() })
      .int(limitMessage())
      .min(1, limitMessage())
      .transform((limit) => Math.min(limit, MAX_RECORDS_PER_PAGE))
      .default(MAX_RECORDS_PER_PAGE),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown query parameter <${issue.keys.join('>, <')}>; ` +
          `accepted: ${queryParameters.join(', ')}`
        : undefined,
  },
);

export type RecordsQuery = z.output<typeof recordsQuerySchema>;

function int64(parameter: string) {
  const message = `query parameter <${parameter}> must be a key: a whole number from 0 to ${INT64_MAX}`;
  return z
    .string({ error: message })
    .regex(/^\d{1,19}$/, { message, abort: true })
    .refine((value) => BigInt(value) <= INT64_MAX, message);
}

function limitMessage(): string {
  return `query parameter <limit> must be a whole number of at least 1 (pages hold at most ${MAX_RECORDS_PER_PAGE})`;
}
