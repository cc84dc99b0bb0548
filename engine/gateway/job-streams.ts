/**
 * `StreamActivatedJobs`: open job streams, and pushing jobs to them as jobs become
 * activatable.
 *
 * Streams that ask for the same thing (type, worker, timeout, variables, tenants) are
 * equivalent and share one activation; its jobs go to the group's streams in turn
 * (round-robin), preferring streams whose send buffer is not full. A job that no stream
 * of the group can take, and every job still unsent when a stream closes, goes back to the
 * engine unactivated (`yieldJobs`) so another worker gets it at once.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ActivateJobsCommand, ActivatedJob as EngineJob, EngineApi } from '../api.ts';
import type { Logger } from '../../platform/logger.ts';
import { toWireJob } from './activated-jobs.ts';
import { isRefusal, toStatus } from './gateway-errors.ts';
import type { ActivatedJob, StreamActivatedJobsRequest } from './wire.ts';

/** What a stream asks for; `maxJobsToActivate` is chosen per push. */
export type StreamCommand = Omit<ActivateJobsCommand, 'maxJobsToActivate'> & {
  tenantIds: string[];
};

export type JobStreamCall = ServerWritableStream<StreamActivatedJobsRequest, ActivatedJob>;

/** Jobs activated per ready stream in one push round. */
const JOBS_PER_STREAM = 8;
/** Jobs activated for one group in one push round. */
const MAX_JOBS_PER_ROUND = 128;

export class JobStreams {
  private readonly groups = new Map<string, StreamGroup>();
  private rotation = 0;
  private closed = false;

  /**
   * @param onWritable called when a full stream can take jobs again, so jobs waiting for
   *   its type are pushed.
   */
  constructor(
    private readonly engine: EngineApi,
    private readonly logger: Logger,
    private readonly onWritable: (type: string, tenantIds: string[]) => void,
  ) {}

  /** Number of open streams, for logs and tests. */
  get size(): number {
    let size = 0;
    for (const group of this.groups.values()) size += group.streams.length;
    return size;
  }

  /** Registers a stream; it stays open until the client cancels it or `closeAll()`. */
  open(call: JobStreamCall, command: StreamCommand): void {
    if (this.closed) return void call.end();

    const key = JSON.stringify([
      command.type,
      command.worker,
      command.timeoutMs,
      command.fetchVariables ?? [],
      command.tenantIds,
    ]);
    const group = this.groups.get(key) ?? new StreamGroup(command);
    this.groups.set(key, group);

    const stream = new OpenStream(call);
    group.streams.push(stream);
    call.on('drain', () => {
      stream.writable = true;
      this.onWritable(command.type, command.tenantIds);
    });
    call.on('cancelled', () => this.remove(key, group, stream));
    call.on('error', () => this.remove(key, group, stream));
    this.logger.debug({ type: command.type, worker: command.worker }, 'job stream opened');
  }

  /**
   * Activates jobs of `type` for every group of streams that takes `tenantId`, and sends
   * them; rounds go on while a group's activation comes back full.
   */
  async push(type: string, tenantId: string): Promise<void> {
    let groups = this.groupsFor(type, tenantId);

    while (groups.length > 0) {
      const again: StreamGroup[] = [];
      for (const group of groups) {
        const ready = group.ready;
        if (ready === 0) continue;

        const max = Math.min(MAX_JOBS_PER_ROUND, ready * JOBS_PER_STREAM);
        const jobs = await this.activate(group, max);
        await this.hand(group, jobs);
        if (jobs.length === max) again.push(group);
      }
      groups = again;
    }
  }

  /** Ends every stream cleanly (status OK); used when the gateway stops. */
  closeAll(): void {
    this.closed = true;
    for (const group of this.groups.values()) {
      for (const stream of group.streams) stream.call.end();
    }
    this.groups.clear();
  }

  private groupsFor(type: string, tenantId: string): StreamGroup[] {
    const groups = [...this.groups.values()].filter(
      (group) => group.command.type === type && group.command.tenantIds.includes(tenantId),
    );

    // Start with a different group each push, so groups of one type share the jobs.
    const start = groups.length > 0 ? this.rotation++ % groups.length : 0;
    return [...groups.slice(start), ...groups.slice(0, start)];
  }

  /** Activates for one group; a refusal ends that group's streams, not the others'. */
  private async activate(group: StreamGroup, max: number): Promise<EngineJob[]> {
    try {
      return await this.engine.activateJobs({ ...group.command, maxJobsToActivate: max });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      this.logger.warn({ type: group.command.type, reason: error.message }, 'job streams refused');
      for (const stream of [...group.streams]) {
        stream.call.emit('error', toStatus('StreamActivatedJobs', error));
      }
      return [];
    }
  }

  private async hand(group: StreamGroup, jobs: EngineJob[]): Promise<void> {
    const unsent: string[] = [];
    for (const job of jobs) {
      const stream = group.take();
      if (!stream?.send(toWireJob(job))) unsent.push(job.key);
    }
    if (unsent.length > 0) await this.engine.yieldJobs(unsent);
  }

  private remove(key: string, group: StreamGroup, stream: OpenStream): void {
    const index = group.streams.indexOf(stream);
    if (index < 0) return;
    group.streams.splice(index, 1);
    if (group.streams.length === 0 && this.groups.get(key) === group) this.groups.delete(key);

    const unsent = [...stream.pending];
    stream.pending.clear();
    this.logger.debug({ type: group.command.type, unsent: unsent.length }, 'job stream closed');
    if (unsent.length === 0) return;

    this.engine.yieldJobs(unsent).catch((error: unknown) => {
      this.logger.warn({ err: error, jobs: unsent.length }, 'jobs of a closed stream not yielded');
    });
  }
}

/** Equivalent streams and the turn of the next one. */
class StreamGroup {
  readonly streams: OpenStream[] = [];
  private next = 0;

  constructor(readonly command: StreamCommand) {}

  /** Streams that are open and whose send buffer is not full. */
  get ready(): number {
    return this.streams.filter((stream) => stream.open && stream.writable).length;
  }

  /** The next stream in turn, preferring one that is not full; none if all are closed. */
  take(): OpenStream | undefined {
    return this.pick((stream) => stream.open && stream.writable) ?? this.pick((s) => s.open);
  }

  private pick(accepts: (stream: OpenStream) => boolean): OpenStream | undefined {
    const count = this.streams.length;
    for (let offset = 0; offset < count; offset++) {
      const index = (this.next + offset) % count;
      const stream = this.streams[index];
      if (stream && accepts(stream)) {
        this.next = (index + 1) % count;
        return stream;
      }
    }
    return undefined;
  }
}

/** One client's stream, with the jobs written to it that have not reached the socket yet. */
class OpenStream {
  readonly pending = new Set<string>();
  writable = true;

  constructor(readonly call: JobStreamCall) {}

  get open(): boolean {
    return !this.call.cancelled && !this.call.writableEnded && !this.call.destroyed;
  }

  /** Writes `job`; false if the stream is closed and the job was not written. */
  send(job: ActivatedJob): boolean {
    if (!this.open) return false;

    this.pending.add(job.key);
    const hasRoom = this.call.write(job, (error?: Error | null) => {
      if (!error) this.pending.delete(job.key);
    });
    if (!hasRoom) this.writable = false;
    return true;
  }
}
