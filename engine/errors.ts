/**
 * The engine's error catalogue. Every refusal carries a stable `code`, a message a person
 * can act on (ids in angle brackets: `no outgoing flow for <Gateway_1>`) and the gRPC
 * status Zeebe's gateway answers for the same situation, which the gateway passes on.
 */

/** gRPC status names the gateway maps onto `@grpc/grpc-js` status codes. */
export type GrpcStatusName =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'RESOURCE_EXHAUSTED'
  | 'DEADLINE_EXCEEDED'
  | 'UNIMPLEMENTED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export const engineErrors = {
  INVALID_ARGUMENT: { status: 'INVALID_ARGUMENT', retryable: false },
  INVALID_VARIABLES: { status: 'INVALID_ARGUMENT', retryable: false },
  INVALID_KEY: { status: 'INVALID_ARGUMENT', retryable: false },
  INVALID_TENANT: { status: 'INVALID_ARGUMENT', retryable: false },
  RESOURCE_NOT_BPMN: { status: 'INVALID_ARGUMENT', retryable: false },
  BPMN_PARSE_FAILED: { status: 'INVALID_ARGUMENT', retryable: false },
  BPMN_INVALID: { status: 'INVALID_ARGUMENT', retryable: false },
  BPMN_UNSUPPORTED_ELEMENT: { status: 'INVALID_ARGUMENT', retryable: false },
  FEEL_SYNTAX_ERROR: { status: 'INVALID_ARGUMENT', retryable: false },
  PROCESS_NOT_FOUND: { status: 'NOT_FOUND', retryable: false },
  RESOURCE_NOT_FOUND: { status: 'NOT_FOUND', retryable: false },
  PROCESS_INSTANCE_NOT_FOUND: { status: 'NOT_FOUND', retryable: false },
  ELEMENT_INSTANCE_NOT_FOUND: { status: 'NOT_FOUND', retryable: false },
  JOB_NOT_FOUND: { status: 'NOT_FOUND', retryable: false },
  INCIDENT_NOT_FOUND: { status: 'NOT_FOUND', retryable: false },
  JOB_IN_INCIDENT: { status: 'FAILED_PRECONDITION', retryable: false },
  JOB_NOT_ACTIVATED: { status: 'FAILED_PRECONDITION', retryable: false },
  INCIDENT_JOB_NO_RETRIES: { status: 'FAILED_PRECONDITION', retryable: false },
  PROCESS_INSTANCE_TERMINATED: { status: 'FAILED_PRECONDITION', retryable: false },
  PROCESS_NO_NONE_START_EVENT: { status: 'FAILED_PRECONDITION', retryable: false },
  MESSAGE_ALREADY_EXISTS: { status: 'ALREADY_EXISTS', retryable: false },
  ENGINE_OVERLOADED: { status: 'RESOURCE_EXHAUSTED', retryable: true },
  RESULT_TIMED_OUT: { status: 'DEADLINE_EXCEEDED', retryable: true },
  ENGINE_CLOSED: { status: 'UNAVAILABLE', retryable: true },
  STATE_NOT_STORED: { status: 'UNAVAILABLE', retryable: true },
} as const satisfies Record<string, { status: GrpcStatusName; retryable: boolean }>;

export type EngineErrorCode = keyof typeof engineErrors;

/**
 * A command the engine refused, or could not carry out. `retryable` says whether sending
 * the same command again later can succeed (overload, shutdown, a timeout).
 */
export class EngineError extends Error {
  readonly status: GrpcStatusName;
  readonly retryable: boolean;

  constructor(
    readonly code: EngineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
    this.status = engineErrors[code].status;
    this.retryable = engineErrors[code].retryable;
  }
}
