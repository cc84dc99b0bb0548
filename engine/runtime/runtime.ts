import type { Logger } from 'pino';
import type { Clock, ProcessInstanceResult, Variables } from '../api.ts';
import { EngineError } from '../errors.ts';
import type { ExecutableProcess } from '../model/executable-process.ts';
import type { EngineStore } from '../store/engine-store.ts';
import type { InstanceState } from '../store/rows.ts';
import { Batch, type BatchListeners } from './batch.ts';
import { DefinitionRegistry } from './definitions.ts';
import { InstanceContext } from './instance-context.ts';
import { JobStreams, pushActivatableJobs } from './job-streams.ts';
import { setOwn, VariableScopes } from './variables.ts';

interface ResultWaiter {
  fetchVariables?: string[];
  resolve(result: ProcessInstanceResult): void;
  reject(error: EngineError): void;
}

/**
 * What every command shares: the store, the batch being applied, the definitions, the
 * variable rules and the callers waiting for instance results.
 */
export class Runtime {
  readonly variables = new VariableScopes();
  readonly definitions: DefinitionRegistry;
  readonly batch: Batch;
  /** Open job streams; jobs pushed to them are activated just before each commit. */
  readonly jobStreams: JobStreams;
  private readonly waiters = new Map<string, ResultWaiter>();

  constructor(
    readonly store: EngineStore,
    readonly clock: Clock,
    readonly logger: Logger,
    listeners: BatchListeners & { jobRefused(jobKey: string): void },
  ) {
    this.definitions = new DefinitionRegistry(store);
    this.batch = new Batch(store, clock, listeners);
    this.batch.participants.push(this.definitions);
    this.jobStreams = new JobStreams(logger, (jobKey) => listeners.jobRefused(jobKey));
    this.batch.beforeCommit.push(() => pushActivatableJobs(this));
  }

  async open(): Promise<void> {
    await this.store.open();
    await this.definitions.open();
  }

  /** The running instance with that key, ready to change; undefined when there is none. */
  async instance(key: string): Promise<InstanceContext | undefined> {
    const state = await this.store.instances.get(key);
    if (!state) return undefined;
    return this.context(state, await this.processOf(state));
  }

  async processOf(state: InstanceState): Promise<ExecutableProcess> {
    const definition = this.definitions.get(state.processDefinitionKey);
    if (!definition) throw new Error(`definition <${state.processDefinitionKey}> is missing`);
    return this.definitions.process(definition);
  }

  context(state: InstanceState, process: ExecutableProcess): InstanceContext {
    return new InstanceContext(this, this.batch, state, process);
  }

  /** Registers a caller waiting for the instance to complete (createProcessInstanceWithResult). */
  awaitResult(processInstanceKey: string, waiter: ResultWaiter): void {
    this.waiters.set(processInstanceKey, waiter);
  }

  /** Stops waiting (the caller timed out). */
  stopWaiting(processInstanceKey: string): void {
    this.waiters.delete(processInstanceKey);
  }

  instanceCompleted(ctx: InstanceContext): void {
    const waiter = this.waiters.get(ctx.key);
    if (!waiter) return;
    const all = ctx.state.variables[ctx.key] ?? {};
    const variables: Variables = {};
    for (const [name, entry] of Object.entries(all)) {
      if (!waiter.fetchVariables?.length || waiter.fetchVariables.includes(name)) {
        setOwn(variables, name, entry.value);
      }
    }
    const { state } = ctx;
    this.batch.onCommit(() => {
      this.waiters.delete(state.key);
      waiter.resolve({
        processDefinitionKey: state.processDefinitionKey,
        bpmnProcessId: state.bpmnProcessId,
        version: state.version,
        processInstanceKey: state.key,
        tenantId: state.tenantId,
        variables,
      });
    });
  }

  instanceTerminated(ctx: InstanceContext): void {
    const waiter = this.waiters.get(ctx.key);
    if (!waiter) return;
    const key = ctx.key;
    this.batch.onCommit(() => {
      this.waiters.delete(key);
      waiter.reject(
        new EngineError(
          'PROCESS_INSTANCE_TERMINATED',
          `process instance <${key}> was terminated before it completed`,
        ),
      );
    });
  }

  /** Rejects every waiting caller (the engine closes). */
  rejectWaiters(error: EngineError): void {
    for (const waiter of this.waiters.values()) waiter.reject(error);
    this.waiters.clear();
  }
}
