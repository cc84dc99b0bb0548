import type { Logger } from 'pino';
import type {
  ActivateJobsCommand,
  ActivatedJob,
  AwaitResultOptions,
  Clock,
  CreateProcessInstanceCommand,
  DeployCommand,
  Deployment,
  EngineApi,
  EngineRecord,
  FailJobCommand,
  JobPush,
  JobStream,
  JobStreamCommand,
  MessagePublished,
  ProcessInstanceCreated,
  ProcessInstanceResult,
  PublishMessageCommand,
  RecordQuery,
  SetVariablesCommand,
  ThrowErrorCommand,
  Variables,
} from './api.ts';
import { deleteResource, deploy, parseDeployment } from './commands/deploy.ts';
import { nextDueTime, processDueWork } from './commands/due-work.ts';
import { resolveIncident } from './commands/incidents.ts';
import {
  cancelProcessInstance,
  createProcessInstance,
  setVariables,
} from './commands/instances.ts';
import * as jobs from './commands/jobs.ts';
import { publishMessage } from './commands/messages.ts';
import { EngineError } from './errors.ts';
import { CommandQueue } from './runtime/command-queue.ts';
import { pushWaitingJobs, type OpenJobStream } from './runtime/job-streams.ts';
import { Runtime } from './runtime/runtime.ts';
import { Scheduler } from './runtime/scheduler.ts';
import { resolveTenant } from './runtime/validation.ts';
import type { Database } from '../platform/database.ts';
import { EngineStore } from './store/engine-store.ts';

type JobsListener = (type: string, tenantId: string) => void;

/**
 * The embedded engine: every command goes through one command queue (single writer, group
 * commit); a scheduler wakes it for timers, job deadlines, back-offs and message expiries.
 */
export class Engine implements EngineApi {
  private readonly runtime: Runtime;
  private readonly queue: CommandQueue;
  private readonly scheduler: Scheduler;
  private readonly jobsListeners = new Set<JobsListener>();
  private closed = false;

  constructor(
    db: Database,
    readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    const store = new EngineStore(db);
    this.runtime = new Runtime(store, clock, logger, {
      jobsAvailable: (type, tenantId) => this.notifyJobs(type, tenantId),
      dueAt: (at) => this.scheduler.noteDue(at),
      jobRefused: (jobKey) => this.yieldRefused(jobKey),
    });
    this.queue = new CommandQueue(this.runtime.batch, logger);
    this.scheduler = new Scheduler(
      clock,
      {
        runDue: () => this.queue.run(() => processDueWork(this.runtime)),
        nextDue: () => nextDueTime(this.runtime),
      },
      logger,
    );
  }

  async open(): Promise<void> {
    await this.runtime.open();
    await this.scheduler.start();
  }

  async deploy(command: DeployCommand): Promise<Deployment> {
    const tenantId = resolveTenant(command?.tenantId);
    const resources = await parseDeployment(command, this.clock.now());
    return this.queue.run(async () => deploy(this.runtime, tenantId, resources));
  }

  deleteResource(resourceKey: string): Promise<void> {
    return this.queue.run(() => deleteResource(this.runtime, resourceKey));
  }

  createProcessInstance(command: CreateProcessInstanceCommand): Promise<ProcessInstanceCreated> {
    return this.queue.run(() => createProcessInstance(this.runtime, command ?? {}));
  }

  createProcessInstanceWithResult(
    command: CreateProcessInstanceCommand,
    options: AwaitResultOptions,
  ): Promise<ProcessInstanceResult> {
    const timeoutMs = options?.timeoutMs;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
      return Promise.reject(new EngineError('INVALID_ARGUMENT', 'timeoutMs must be positive'));
    }
    return new Promise<ProcessInstanceResult>((resolve, reject) => {
      let instanceKey: string | undefined;
      const timer = setTimeout(() => {
        if (instanceKey) this.runtime.stopWaiting(instanceKey);
        reject(
          new EngineError(
            'RESULT_TIMED_OUT',
            `process instance <${instanceKey ?? '?'}> did not complete within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const settle = {
        fetchVariables: options.fetchVariables,
        resolve: (result: ProcessInstanceResult) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error: EngineError) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.queue
        .run(() => createProcessInstance(this.runtime, command ?? {}, settle))
        .then((created) => (instanceKey = created.processInstanceKey))
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error);
        });
    });
  }

  cancelProcessInstance(processInstanceKey: string): Promise<void> {
    return this.queue.run(() => cancelProcessInstance(this.runtime, processInstanceKey));
  }

  activateJobs(command: ActivateJobsCommand): Promise<ActivatedJob[]> {
    return this.queue.run(() => jobs.activateJobs(this.runtime, command));
  }

  yieldJobs(jobKeys: string[]): Promise<void> {
    return this.queue.run(() => jobs.yieldJobs(this.runtime, jobKeys ?? []));
  }

  openJobStream(command: JobStreamCommand, push: JobPush): JobStream {
    if (this.closed) throw new EngineError('ENGINE_CLOSED', 'the engine is closed');
    const stream = this.runtime.jobStreams.open(command, push);
    void this.pushWaitingJobs(stream);
    return { close: () => this.runtime.jobStreams.close(stream) };
  }

  onJobsAvailable(listener: JobsListener): () => void {
    this.jobsListeners.add(listener);
    return () => this.jobsListeners.delete(listener);
  }

  completeJob(jobKey: string, variables?: Variables): Promise<void> {
    return this.queue.run(() => jobs.completeJob(this.runtime, jobKey, variables));
  }

  failJob(jobKey: string, command: FailJobCommand): Promise<void> {
    return this.queue.run(() => jobs.failJob(this.runtime, jobKey, command));
  }

  throwError(jobKey: string, command: ThrowErrorCommand): Promise<void> {
    return this.queue.run(() => jobs.throwError(this.runtime, jobKey, command));
  }

  updateJobRetries(jobKey: string, retries: number): Promise<void> {
    return this.queue.run(() => jobs.updateJobRetries(this.runtime, jobKey, retries));
  }

  updateJobTimeout(jobKey: string, timeoutMs: number): Promise<void> {
    return this.queue.run(() => jobs.updateJobTimeout(this.runtime, jobKey, timeoutMs));
  }

  publishMessage(command: PublishMessageCommand): Promise<MessagePublished> {
    return this.queue.run(() => publishMessage(this.runtime, command));
  }

  setVariables(command: SetVariablesCommand): Promise<{ key: string }> {
    return this.queue.run(() => setVariables(this.runtime, command));
  }

  resolveIncident(incidentKey: string): Promise<void> {
    return this.queue.run(() => resolveIncident(this.runtime, incidentKey));
  }

  records(query: RecordQuery): Promise<EngineRecord[]> {
    return this.runtime.store.records.read(query ?? {});
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.scheduler.stop();
    await this.queue.close();
    this.runtime.rejectWaiters(new EngineError('ENGINE_CLOSED', 'the engine closed'));
    this.jobsListeners.clear();
    this.runtime.jobStreams.closeAll();
    this.logger.info('engine closed');
  }

  /** Pushes the jobs that were activatable before the stream opened, a page per batch. */
  private async pushWaitingJobs(stream: OpenJobStream): Promise<void> {
    try {
      const waiting = (tenants: string[], limit: number) =>
        jobs.activatableJobs(this.runtime, stream.type, tenants, limit);
      let more = true;
      while (more && stream.open) {
        more = await this.queue.run(() => pushWaitingJobs(this.runtime, stream, waiting));
      }
    } catch (error) {
      this.logger.warn({ err: error, type: stream.type }, 'waiting jobs not pushed');
    }
  }

  /** A stream refused a job activated for it: the job becomes activatable again. */
  private yieldRefused(jobKey: string): void {
    this.queue
      .run(() => jobs.yieldJobs(this.runtime, [jobKey]))
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'job refused by a stream not yielded');
      });
  }

  private notifyJobs(type: string, tenantId: string): void {
    for (const listener of this.jobsListeners) {
      try {
        listener(type, tenantId);
      } catch (error) {
        this.logger.warn({ err: error }, 'jobs listener failed');
      }
    }
  }
}
