/**
 * Broker-side job push (Zeebe's job streams): open streams by job type, jobs activated for
 * them inside the batch that made the jobs activatable, and handed over after its commit.
 */
import type { Logger } from 'pino';
import type { ActivatedJob, JobPush, JobStreamCommand } from '../api.ts';
import type { JobRow } from '../store/rows.ts';
import { compareKeys } from './event-subscriptions.ts';
import { activateJob, type JobActivation } from './jobs.ts';
import type { Runtime } from './runtime.ts';
import { assertInteger, assertText, resolveTenant } from './validation.ts';

/** An open stream: what it asks for and where its jobs go. */
export interface OpenJobStream extends JobActivation {
  readonly type: string;
  readonly tenantIds: string[];
  readonly push: JobPush;
  open: boolean;
}

/**
 * The open job streams. Streams of a type that take a tenant are served in turn
 * (round-robin). A stream that refuses a job (push false, throws or rejects) is closed and
 * the job handed to `refused`, which yields it back to the engine.
 */
export class JobStreams {
  private readonly byType = new Map<string, OpenJobStream[]>();
  private readonly turns = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly refused: (jobKey: string) => void,
  ) {}

  /** Validates the command and registers the stream. */
  open(command: JobStreamCommand, push: JobPush): OpenJobStream {
    if (typeof push !== 'function') {
      throw new TypeError('openJobStream needs a push function');
    }
    const { type, worker, timeoutMs, fetchVariables, tenantIds } = command ?? {};
    const stream: OpenJobStream = {
      type: assertText(type, 'job type'),
      worker: assertText(worker, 'worker'),
      timeoutMs: assertInteger(timeoutMs, 'timeout (ms)', 1),
      fetchVariables: fetchVariables?.length ? [...fetchVariables] : undefined,
      tenantIds: tenantIds?.length ? tenantIds.map(resolveTenant) : ['<default>'],
      push,
      open: true,
    };
    const streams = this.byType.get(stream.type) ?? [];
    streams.push(stream);
    this.byType.set(stream.type, streams);
    this.logger.debug({ type: stream.type, worker: stream.worker }, 'job stream opened');
    return stream;
  }

  /** Removes the stream; jobs activated for it and not yet pushed are yielded. */
  close(stream: OpenJobStream): void {
    if (!stream.open) return;
    stream.open = false;
    const streams = this.byType.get(stream.type) ?? [];
    const rest = streams.filter((other) => other !== stream);
    if (rest.length > 0) this.byType.set(stream.type, rest);
    else this.byType.delete(stream.type);
    this.logger.debug({ type: stream.type, worker: stream.worker }, 'job stream closed');
  }

  closeAll(): void {
    for (const streams of [...this.byType.values()]) {
      for (const stream of streams) this.close(stream);
    }
  }

  get empty(): boolean {
    return this.byType.size === 0;
  }

  /** True when an open stream takes jobs of `type` for `tenantId`. */
  takes(type: string, tenantId: string): boolean {
    return this.byType.get(type)?.some((stream) => stream.tenantIds.includes(tenantId)) ?? false;
  }

  /** The stream whose turn it is for a job of `type` and `tenantId`; none if none is open. */
  next(type: string, tenantId: string): OpenJobStream | undefined {
    const streams = this.byType.get(type)?.filter((stream) => stream.tenantIds.includes(tenantId));
    if (!streams?.length) return undefined;
    const key = `${tenantId}\u0000${type}`;
    const turn = this.turns.get(key) ?? 0;
    this.turns.set(key, (turn + 1) % streams.length);
    return streams[turn % streams.length];
  }

  /** Hands a job activated for `stream` over (after the commit that activated it). */
  deliver(stream: OpenJobStream, job: ActivatedJob): void {
    if (!stream.open) return this.refused(job.key);
    let accepted: boolean | Promise<boolean>;
    try {
      accepted = stream.push(job);
    } catch (error) {
      return this.refuse(stream, job, error);
    }
    if (accepted === true) return;
    if (accepted === false) return this.refuse(stream, job);
    Promise.resolve(accepted).then(
      (taken) => {
        if (taken !== true) this.refuse(stream, job);
      },
      (error: unknown) => this.refuse(stream, job, error),
    );
  }

  private refuse(stream: OpenJobStream, job: ActivatedJob, error?: unknown): void {
    if (error) this.logger.debug({ err: error, type: stream.type }, 'job stream push failed');
    this.close(stream);
    this.refused(job.key);
  }
}

/**
 * Before the batch commits: every job the batch left activatable whose type and tenant an
 * open stream takes is activated for the stream in turn and pushed after the commit; those
 * types are then not reported as available.
 */
export async function pushActivatableJobs(runtime: Runtime): Promise<void> {
  const { jobStreams: streams, batch, store } = runtime;
  if (streams.empty) return;
  for (const [type, tenantId] of batch.availableJobTypes()) {
    if (!streams.takes(type, tenantId)) continue;
    const jobs = store.jobs
      .changedRows(
        (job) => job.state === 'ACTIVATABLE' && job.type === type && job.tenantId === tenantId,
      )
      .sort((a, b) => compareKeys(a.key, b.key));
    for (const job of jobs) await pushJob(runtime, job);
    batch.jobsTaken(type, tenantId);
  }
}

/**
 * Pushes jobs that were activatable before `stream` opened (a batch of its own). Returns
 * true when a page was full and more may wait.
 */
export async function pushWaitingJobs(
  runtime: Runtime,
  stream: OpenJobStream,
  waiting: (tenants: string[], limit: number) => Promise<JobRow[]>,
): Promise<boolean> {
  const page = 128;
  if (!stream.open) return false;
  const jobs = await waiting(stream.tenantIds, page);
  let pushed = 0;
  for (const job of jobs.slice(0, page)) if (await pushJob(runtime, job)) pushed += 1;
  // A page of jobs whose tasks are gone would come back again: stop there.
  return jobs.length >= page && pushed > 0;
}

/**
 * Activates the job for the stream whose turn it is; it is pushed after the commit. False
 * when no stream takes it or its task is gone.
 */
async function pushJob(runtime: Runtime, job: JobRow): Promise<boolean> {
  const stream = runtime.jobStreams.next(job.type, job.tenantId);
  if (!stream) return false;
  const activated = await activateJob(runtime, job, stream);
  if (!activated) return false;
  runtime.batch.onCommit(() => runtime.jobStreams.deliver(stream, activated));
  return true;
}
