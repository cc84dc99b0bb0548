import type { Logger } from 'pino';
import { EngineError } from '../errors.ts';

/** Runs against the working state; its changes are committed with the rest of the batch. */
export type CommandHandler<R> = () => Promise<R>;

interface QueuedCommand {
  handler: CommandHandler<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** The working state the queue commits or discards as a whole. */
export interface BatchState {
  /** True when the running command has changed state (a refusal after that poisons the batch). */
  readonly changed: boolean;
  /** Marks the start of a command. */
  beginCommand(): void;
  commit(): Promise<void>;
  discard(): void;
  /** Effects of the batch that may run only after its commit (notifications, results). */
  afterCommit(): void;
}

const MAX_BATCH = 256;

/**
 * The engine's single writer. Commands queue up; the loop takes everything pending (up to
 * a bound), applies each in order to the working state, commits the batch in one
 * transaction and only then settles the callers. A command that is refused before it
 * changed anything is rejected alone; one that fails after changing state is rejected and
 * the rest of the batch is applied again on fresh state. A failed commit rejects the whole
 * batch and discards the cached state.
 */
export class CommandQueue {
  private queue: QueuedCommand[] = [];
  private running = false;
  private closed = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};

  constructor(
    private readonly state: BatchState,
    private readonly logger: Logger,
    private readonly maxQueued = 100_000,
  ) {}

  /** Queues a command; resolves after the batch holding it committed. */
  run<R>(handler: CommandHandler<R>): Promise<R> {
    if (this.closed)
      return Promise.reject(new EngineError('ENGINE_CLOSED', 'the engine is closed'));
    if (this.queue.length >= this.maxQueued) {
      return Promise.reject(
        new EngineError('ENGINE_OVERLOADED', 'too many commands are waiting; retry later'),
      );
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ handler, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) this.start();
    });
  }

  /** Refuses new commands and waits for the queued ones. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle;
  }

  private start(): void {
    this.running = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    setImmediate(() => void this.loop());
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      await this.process(batch);
    }
    this.running = false;
    this.markIdle();
  }

  private async process(batch: QueuedCommand[]): Promise<void> {
    const done: { command: QueuedCommand; value: unknown }[] = [];
    const refused: { command: QueuedCommand; error: unknown }[] = [];

    for (let index = 0; index < batch.length; index += 1) {
      const command = batch[index]!;
      this.state.beginCommand();
      try {
        done.push({ command, value: await command.handler() });
      } catch (error) {
        if (!this.state.changed) {
          refused.push({ command, error });
          continue;
        }
        // Its changes are mixed into the working state: start the batch over without it.
        this.logger.warn({ err: error }, 'command failed after changing state');
        this.state.discard();
        command.reject(error);
        for (const entry of refused) entry.command.reject(entry.error);
        this.queue.unshift(...done.map((entry) => entry.command), ...batch.slice(index + 1));
        return;
      }
    }

    try {
      await this.state.commit();
    } catch (error) {
      this.logger.error({ err: error }, 'batch commit failed');
      this.state.discard();
      const failure = new EngineError(
        'STATE_NOT_STORED',
        'the engine could not store the command',
        {
          cause: error,
        },
      );
      for (const { command } of done) command.reject(failure);
      for (const { command, error: refusal } of refused) command.reject(refusal);
      return;
    }

    for (const { command, value } of done) command.resolve(value);
    for (const { command, error } of refused) command.reject(error);
    this.state.afterCommit();
  }
}
