/**
 * The gateway's own refusals, and the translation of every refusal (the gateway's or the
 * engine's `EngineError`) into the gRPC status Zeebe's gateway answers for it.
 *
 * Each refusal carries a stable `code` (sent to the client in the `error-code` trailer), a
 * message a person can act on, and the gRPC status. Anything else thrown is an internal
 * failure: the client gets `INTERNAL` with a message pointing at the engine log.
 */
import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { EngineError, type GrpcStatusName } from '../errors.ts';

export const gatewayErrors = {
  /** A request field is missing, blank or out of range. */
  INVALID_REQUEST: { status: 'INVALID_ARGUMENT', retryable: false },
  /** A variables document is not JSON, or not a JSON object. */
  INVALID_VARIABLES: { status: 'INVALID_ARGUMENT', retryable: false },
  /** A tenant id that multi-tenancy (on or off) does not allow. */
  TENANT_NOT_ALLOWED: { status: 'INVALID_ARGUMENT', retryable: false },
  /** An RPC, or a part of one, the embedded engine does not carry out. */
  NOT_SUPPORTED: { status: 'UNIMPLEMENTED', retryable: false },
  /** Too many commands in flight; the client should retry with back-off. */
  GATEWAY_OVERLOADED: { status: 'RESOURCE_EXHAUSTED', retryable: true },
  /** The gateway is stopping; the client should retry against the restarted gateway. */
  GATEWAY_CLOSING: { status: 'UNAVAILABLE', retryable: true },
} as const satisfies Record<string, { status: GrpcStatusName; retryable: boolean }>;

export type GatewayErrorCode = keyof typeof gatewayErrors;

/** A request the gateway refuses before (or instead of) handing it to the engine. */
export class GatewayError extends Error {
  readonly status: GrpcStatusName;
  readonly retryable: boolean;

  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GatewayError';
    this.status = gatewayErrors[code].status;
    this.retryable = gatewayErrors[code].retryable;
  }
}

/** True for refusals (the client's request or the engine's state), false for failures. */
export function isRefusal(error: unknown): error is GatewayError | EngineError {
  return error instanceof GatewayError || error instanceof EngineError;
}

/**
 * The status a call ends with for `error`: the refusal's status and message, or `INTERNAL`
 * with a message that names the RPC (the cause goes to the log, not to the client).
 */
export function toStatus(rpc: string, error: unknown): StatusObject {
  const metadata = new Metadata();
  if (isRefusal(error)) {
    metadata.set('error-code', error.code);
    return { code: status[error.status], details: error.message, metadata };
  }
  metadata.set('error-code', 'INTERNAL');
  return {
    code: status.INTERNAL,
    details: `the engine failed to carry out ${rpc}; the engine log has the cause`,
    metadata,
  };
}
