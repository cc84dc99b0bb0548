/**
 * `ActivateJobs` calls that found no job and wait for one (long polling). A waiting call is
 * answered as soon as jobs of its type are activated for it, or ends cleanly (status OK, no
 * jobs) when its request timeout passes. Waiting calls are served first come, first served.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ActivateJobsCommand, ActivatedJob as EngineJob, EngineApi } from '../api.ts';
import type { Logger } from '../../platform/logger.ts';
import { responseBatches, toWireJob } from './activated-jobs.ts';
import { isRefusal, toStatus } from './gateway-errors.ts';
import type { ActivateJobsRequest, ActivateJobsResponse } from './wire.ts';

export type ActivateJobsCall = ServerWritableStream<ActivateJobsRequest, ActivateJobsResponse>;

/** An activation for a worker, with the tenants it takes jobs from. */
export type PollCommand = ActivateJobsCommand & { tenantIds: string[] };

interface Waiter {
  call: ActivateJobsCall;
  command: PollCommand;
  timer: NodeJS.Timeout;
  /** An activation for this waiter is under way. */
  busy: boolean;
}

export class LongPolls {
  private readonly waiting = new Map<string, Set<Waiter>>();
  private closed = false;

  constructor(
    private readonly engine: EngineApi,
    private readonly logger: Logger,
  ) {}

  /** Number of waiting calls, for logs and tests. */
  get size(): number {
    let size = 0;
    for (const waiters of this.waiting.values()) size += waiters.size;
    return size;
  }

  /** Keeps `call` waiting for jobs until `timeoutMs` passes or the client cancels it. */
  wait(call: ActivateJobsCall, command: PollCommand, timeoutMs: number): void {
    if (this.closed) return void call.end();

    const waiters = this.waiting.get(command.type) ?? new Set<Waiter>();
    this.waiting.set(command.type, waiters);

    const waiter: Waiter = {
      call,
      command,
      busy: false,
      timer: setTimeout(() => this.end(waiter), timeoutMs),
    };
    waiters.add(waiter);
    call.on('cancelled', () => this.remove(waiter));
  }

  /**
   * Serves waiting calls for `type` that take `tenantId`, oldest first, until an activation
   * comes back empty (no more jobs for them).
   */
  async serve(type: string, tenantId: string): Promise<void> {
    const waiters = [...(this.waiting.get(type) ?? [])];

    for (const waiter of waiters) {
      if (waiter.busy || !waiter.command.tenantIds.includes(tenantId)) continue;

      waiter.busy = true;
      let jobs: EngineJob[];
      try {
        jobs = await this.engine.activateJobs(waiter.command);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        this.refuse(waiter, error);
        continue;
      } finally {
        waiter.busy = false;
      }
      if (jobs.length === 0) return;

      this.remove(waiter);
      await respond(this.engine, waiter.call, jobs);
    }
  }

  /** Ends every waiting call cleanly (status OK, no jobs); used when the gateway stops. */
  closeAll(): void {
    this.closed = true;
    for (const waiters of this.waiting.values()) {
      for (const waiter of waiters) this.end(waiter);
    }
    this.waiting.clear();
  }

  /** Ends one waiting call with the engine's refusal; the others keep waiting. */
  private refuse(waiter: Waiter, error: unknown): void {
    this.remove(waiter);
    this.logger.debug({ type: waiter.command.type, err: error }, 'long poll refused');
    if (!waiter.call.cancelled && !waiter.call.writableEnded) {
      waiter.call.emit('error', toStatus('ActivateJobs', error));
    }
  }

  private end(waiter: Waiter): void {
    this.remove(waiter);
    if (!waiter.call.cancelled && !waiter.call.writableEnded) waiter.call.end();
  }

  private remove(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    const waiters = this.waiting.get(waiter.command.type);
    waiters?.delete(waiter);
    if (waiters?.size === 0) this.waiting.delete(waiter.command.type);
  }
}

/**
 * Sends activated jobs on an `ActivateJobs` call and ends it. If the call has closed in the
 * meantime, the jobs go back to the engine unactivated.
 */
export async function respond(
  engine: EngineApi,
  call: ActivateJobsCall,
  jobs: EngineJob[],
): Promise<void> {
  if (call.cancelled || call.writableEnded || call.destroyed) {
    await engine.yieldJobs(jobs.map((job) => job.key));
    return;
  }

  for (const batch of responseBatches(jobs.map(toWireJob))) call.write({ jobs: batch });
  call.end();
}
