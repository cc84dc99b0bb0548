/**
 * What every RPC handler of the gateway works with, and the shape of a unary handler.
 */
import type { EngineApi } from '../api.ts';
import type { Logger } from '../../platform/logger.ts';
import type { CommandAdmission } from './admission.ts';
import type { JobDispatcher } from './job-dispatcher.ts';
import type { JobStreams } from './job-streams.ts';
import type { LongPolls } from './long-polling.ts';
import type { TenantPolicy } from './request-fields.ts';

export interface GatewaySettings {
  /** Where clients reach this gateway; `Topology` reports it as the broker's address. */
  host: string;
  port: number;
  /** Long-polling `ActivateJobs` with `requestTimeout` 0 waits this long (Zeebe: 10 s). */
  longPollTimeoutMs: number;
  /** `CreateProcessInstanceWithResult` with `requestTimeout` 0 waits this long (Zeebe: 15 s). */
  requestTimeoutMs: number;
}

export interface GatewayContext {
  engine: EngineApi;
  logger: Logger;
  settings: GatewaySettings;
  tenants: TenantPolicy;
  admission: CommandAdmission;
  dispatcher: JobDispatcher;
  streams: JobStreams;
  polls: LongPolls;
}

/** A unary RPC: the decoded request in, the response out, refusals thrown. */
export type UnaryHandler = (request: never) => Promise<object>;
