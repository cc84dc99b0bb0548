/**
 * The records endpoint's error catalogue. Every answer that is not a page is
 * `{ statusCode, code, message }`: a stable code, the HTTP status, and a message that says
 * what to send instead (ids and parameters in angle brackets).
 */

export const recordsApiErrors = {
  /** A query parameter is malformed, repeated or unknown; the message names it. */
  INVALID_QUERY: { status: 400, retryable: false },
  /** No such route; the endpoint serves `GET /v1/records` and `GET /health` only. */
  ROUTE_NOT_FOUND: { status: 404, retryable: false },
  /** The engine is closing or its database did not answer; asking again later can succeed. */
  ENGINE_UNAVAILABLE: { status: 503, retryable: true },
  /** Anything else; the cause is in the engine's log, not in the answer. */
  INTERNAL: { status: 500, retryable: false },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type RecordsApiErrorCode = keyof typeof recordsApiErrors;

/** A request the records endpoint refuses or cannot answer. */
export class RecordsApiError extends Error {
  readonly statusCode: number;
  readonly retryable: boolean;

  constructor(
    readonly code: RecordsApiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RecordsApiError';
    this.statusCode = recordsApiErrors[code].status;
    this.retryable = recordsApiErrors[code].retryable;
  }

  /** The answer's body. */
  toBody(): { statusCode: number; code: RecordsApiErrorCode; message: string } {
    return { statusCode: this.statusCode, code: this.code, message: this.message };
  }
}

/** Thrown by `startRecordsApi` when the port cannot be bound (in use, not allowed). */
export class RecordsApiListenError extends Error {
  readonly code = 'RECORDS_API_LISTEN_FAILED';

  constructor(address: string, cause: Error) {
    super(`the records endpoint could not listen on ${address}: ${cause.message}`, { cause });
    this.name = 'RecordsApiListenError';
  }
}
