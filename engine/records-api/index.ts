/**
 * The embedded engine's read-only records endpoint (HTTP): how monitoring reads the
 * records the engine appends, as Operate's API serves a Zeebe cluster's exported records.
 */
export { buildRecordsApi, startRecordsApi, RECORDS_PATH } from './records-api.ts';
export type {
  RecordsApi,
  RecordsApiListenOptions,
  RecordsApiOptions,
  RecordsPage,
} from './records-api.ts';
export { MAX_RECORDS_PER_PAGE, recordsQuerySchema, valueTypes } from './records-query.ts';
export type { RecordsQuery } from './records-query.ts';
export { RecordsApiError, RecordsApiListenError, recordsApiErrors } from './records-api-errors.ts';
export type { RecordsApiErrorCode } from './records-api-errors.ts';
