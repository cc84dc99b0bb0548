import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CommandQueue, type BatchState } from '../../../engine/runtime/command-queue.ts';

/** A working state that records what the queue did with it. */
class RecordingState implements BatchState {
  changed = false;
  applied: string[] = [];
  committed: string[][] = [];
  discarded = 0;
  failCommits = 0;
  private pending: string[] = [];

  beginCommand(): void {
    this.changed = false;
  }

  apply(name: string): void {
    this.changed = true;
    this.pending.push(name);
    this.applied.push(name);
  }

  async commit(): Promise<void> {
    if (this.failCommits > 0) {
      this.failCommits -= 1;
      throw new Error('disk full');
    }
    this.committed.push(this.pending);
    this.pending = [];
  }

  discard(): void {
    this.discarded += 1;
    this.pending = [];
  }

  afterCommit(): void {}
}

const logger = pino({ level: 'silent' });

describe('the command queue', () => {
  it('commits commands that arrive together in one batch, in order, before answering', async () => {
    // given commands queued in the same tick
    const state = new RecordingState();
    const queue = new CommandQueue(state, logger);

    // when they run
    const results = await Promise.all(
      ['a', 'b', 'c'].map((name) => queue.run(async () => (state.apply(name), name))),
    );

    // then one commit held all three, in the order they came
    expect(results).toEqual(['a', 'b', 'c']);
    expect(state.committed).toEqual([['a', 'b', 'c']]);
  });

  it('refuses a command that fails before changing anything without touching the others', async () => {
    const state = new RecordingState();
    const queue = new CommandQueue(state, logger);

    const outcomes = await Promise.allSettled([
      queue.run(async () => state.apply('a')),
      queue.run(async () => {
        throw new Error('bad input');
      }),
      queue.run(async () => state.apply('c')),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(state.committed).toEqual([['a', 'c']]);
    expect(state.discarded).toBe(0);
  });

  it('applies the batch again without a command that failed after changing state', async () => {
    const state = new RecordingState();
    const queue = new CommandQueue(state, logger);

    const outcomes = await Promise.allSettled([
      queue.run(async () => state.apply('a')),
      queue.run(async () => {
        state.apply('half');
        throw new Error('broke half way');
      }),
      queue.run(async () => state.apply('c')),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(state.discarded).toBe(1);
    expect(state.committed).toEqual([['a', 'c']]);
  });

  it('rejects every command of a batch whose commit fails, and discards the state', async () => {
    const state = new RecordingState();
    state.failCommits = 1;
    const queue = new CommandQueue(state, logger);

    const outcomes = await Promise.allSettled(
      ['a', 'b'].map((name) => queue.run(async () => state.apply(name))),
    );

    expect(outcomes).toEqual([
      expect.objectContaining({
        status: 'rejected',
        reason: expect.objectContaining({ code: 'STATE_NOT_STORED', retryable: true }),
      }),
      expect.objectContaining({ status: 'rejected' }),
    ]);
    expect(state.discarded).toBe(1);
    expect(state.committed).toEqual([]);
  });

  it('refuses commands once closed', async () => {
    const queue = new CommandQueue(new RecordingState(), logger);
    await queue.close();
    await expect(queue.run(async () => 1)).rejects.toMatchObject({ code: 'ENGINE_CLOSED' });
  });
});
