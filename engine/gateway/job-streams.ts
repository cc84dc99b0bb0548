/**
 * `StreamActivatedJobs`: each open call is a job stream of the engine (`openJobStream`).
 * The engine activates jobs for the streams in turn (round-robin) as they become
 * activatable and pushes them here after its commit; this module writes them on the call.
 * A job pushed to a stream that has closed is refused, so the engine yields it; every job
 * written but not yet on the socket when the stream closes is yielded here, so another
 * worker gets it at once.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ActivateJobsCommand, EngineApi, JobStream } from '../api.ts';
import type { Logger } from '../../platform/logger.ts';
import { toWireJob } from './activated-jobs.ts';
import type { ActivatedJob, StreamActivatedJobsRequest } from './wire.ts';

/** What a stream asks for. */
export type StreamCommand = Omit<ActivateJobsCommand, 'maxJobsToActivate'> & {
  tenantIds: string[];
};

export type JobStreamCall = ServerWritableStream<StreamActivatedJobsRequest, ActivatedJob>;

export class JobStreams {
  private readonly streams = new Set<OpenStream>();
  private closed = false;

  constructor(
    private readonly engine: EngineApi,
    private readonly logger: Logger,
  ) {}

  /** Number of open streams, for logs and tests. */
  get size(): number {
    return this.streams.size;
  }

  /**
   * Registers a stream with the engine; it stays open until the client cancels it or
   * `closeAll()`. Throws the engine's refusal of the command.
   */
  open(call: JobStreamCall, command: StreamCommand): void {
    if (this.closed) return void call.end();

    const stream = new OpenStream(call);
    stream.engineStream = this.engine.openJobStream(command, (job) => stream.send(toWireJob(job)));
    this.streams.add(stream);
    call.on('cancelled', () => this.remove(stream));
    call.on('error', () => this.remove(stream));
    this.logger.debug({ type: command.type, worker: command.worker }, 'job stream opened');
  }

  /** Ends every stream cleanly (status OK); used when the gateway stops. */
  closeAll(): void {
    this.closed = true;
    for (const stream of this.streams) {
      stream.engineStream?.close();
      stream.call.end();
    }
    this.streams.clear();
  }

  private remove(stream: OpenStream): void {
    stream.engineStream?.close();
    if (!this.streams.delete(stream)) return;

    const unsent = [...stream.pending];
    stream.pending.clear();
    this.logger.debug({ unsent: unsent.length }, 'job stream closed');
    if (unsent.length === 0) return;

    this.engine.yieldJobs(unsent).catch((error: unknown) => {
      this.logger.warn({ err: error, jobs: unsent.length }, 'jobs of a closed stream not yielded');
    });
  }
}

/** One client's stream, with the jobs written to it that have not reached the socket yet. */
class OpenStream {
  readonly pending = new Set<string>();
  engineStream: JobStream | undefined;

  constructor(readonly call: JobStreamCall) {}

  get open(): boolean {
    return !this.call.cancelled && !this.call.writableEnded && !this.call.destroyed;
  }

  /** Writes `job`; false if the stream is closed and the job was not written. */
  send(job: ActivatedJob): boolean {
    if (!this.open) return false;

    this.pending.add(job.key);
    this.call.write(job, (error?: Error | null) => {
      if (!error) this.pending.delete(job.key);
    });
    return true;
  }
}
