import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivatedJob, JobPush, JobStreamCommand } from '../../../engine/index.ts';
import { databaseTargets } from '../../support/databases.ts';
import { endEvent, path, processModel, serviceTask, startEvent } from './support/bpmn.ts';
import { activateOne, deployModel, intents, openHarness, recordsOf } from './support/harness.ts';
import type { EngineHarness } from './support/harness.ts';

const model = processModel(
  'streamed',
  [startEvent(), serviceTask('work', '=jobType'), endEvent()],
  path('start', 'work', 'end'),
);

/** A push that takes every job and keeps it, with a wait for the n-th one. */
function collector() {
  const jobs: ActivatedJob[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const push: JobPush = (job) => {
    jobs.push(job);
    for (const waiter of waiting.filter((w) => jobs.length >= w.count)) waiter.resolve();
    return true;
  };
  const received = (count: number) =>
    jobs.length >= count
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiting.push({ count, resolve }));
  return { jobs, push, received };
}

describe.each(databaseTargets)('job streams on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    await deployModel(harness.engine, model);
  });

  afterAll(() => harness.close());

  const start = (jobType: string, variables: Record<string, unknown> = {}) =>
    harness.engine.createProcessInstance({
      bpmnProcessId: 'streamed',
      variables: { jobType, ...variables },
    });

  const stream = (type: string, push: JobPush, options: Partial<JobStreamCommand> = {}) =>
    harness.engine.openJobStream(
      { type, worker: 'stream-worker', timeoutMs: 30_000, ...options },
      push,
    );

  /** Resolves when the engine reports jobs of `type` available. */
  const reported = (type: string) =>
    new Promise<void>((resolve) => {
      const stop = harness.engine.onJobsAvailable((available) => {
        if (available !== type) return;
        stop();
        resolve();
      });
    });

  it('pushes a job created for a type with an open stream, activated in the batch that created it', async () => {
    // given an open stream for a job type
    const { jobs, push } = collector();
    const opened = stream('push-at-creation', push, { fetchVariables: ['city'] });

    // when an instance creates a job of that type
    const { processInstanceKey } = await start('push-at-creation', { city: '370100', age: 40 });

    // then the job was pushed before the command that created it resolved, already
    // activated for the stream's worker with a deadline and the variables asked for
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      type: 'push-at-creation',
      processInstanceKey,
      worker: 'stream-worker',
      deadline: harness.clock.now() + 30_000,
      variables: { city: '370100' },
    });
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(intents(records, ['JOB'])).toEqual(['JOB:CREATED', 'JOB:ACTIVATED']);
    await expect(
      harness.engine.activateJobs({
        type: 'push-at-creation',
        worker: 'poller',
        timeoutMs: 1_000,
        maxJobsToActivate: 10,
      }),
    ).resolves.toEqual([]);

    // and the pushed job completes like any activated job
    await harness.engine.completeJob(jobs[0]!.key, { done: true });
    opened.close();
  });

  const refusals: [string, JobPush][] = [
    ['returns false', () => false],
    [
      'throws',
      () => {
        throw new Error('stream gone');
      },
    ],
    ['rejects', () => Promise.reject(new Error('stream gone'))],
  ];

  it.each(refusals)(
    'yields a job whose push %s, so it is activatable again, and closes that stream',
    async (name, refuse) => {
      // given a stream whose push refuses jobs (its worker went away)
      const type = `refused-${name.replace(' ', '-')}`;
      let pushes = 0;
      stream(type, (job) => {
        pushes += 1;
        return refuse(job);
      });
      const available = reported(type);

      // when a job of its type is created
      await start(type);

      // then the job is reported available again and a polling worker gets it
      await available;
      const job = await activateOne(harness.engine, type);
      const records = await recordsOf(harness.engine, job.processInstanceKey);
      expect(intents(records, ['JOB'])).toEqual([
        'JOB:CREATED',
        'JOB:ACTIVATED',
        'JOB:YIELDED',
        'JOB:ACTIVATED',
      ]);

      // and the refusing stream is closed: the next job is not pushed to it
      const next = reported(type);
      await start(type);
      await next;
      expect(pushes).toBe(1);
    },
  );

  it('hands a job a closed stream refused to the next open stream of its type', async () => {
    // given a stream that refuses and one that takes jobs
    const taking = collector();
    stream('refused-then-taken', () => false);
    stream('refused-then-taken', taking.push);

    // when two jobs of that type are created
    await start('refused-then-taken');
    await start('refused-then-taken');

    // then both reach the open stream, none is lost
    await taking.received(2);
    expect(new Set(taking.jobs.map((job) => job.key)).size).toBe(2);
  });

  it('takes turns between the open streams of a type (round-robin)', async () => {
    // given two streams of one type
    const first = collector();
    const second = collector();
    stream('round-robin', first.push, { worker: 'first' });
    stream('round-robin', second.push, { worker: 'second' });

    // when four jobs of that type are created one after the other
    const instances: string[] = [];
    for (let index = 0; index < 4; index++) {
      instances.push((await start('round-robin')).processInstanceKey);
    }

    // then the streams got two each, in turn, each job once
    const owner = (key: string) =>
      first.jobs.some((job) => job.processInstanceKey === key) ? 'first' : 'second';
    expect(instances.map(owner)).toEqual(['first', 'second', 'first', 'second']);
    expect(first.jobs.map((job) => job.worker)).toEqual(['first', 'first']);
    expect(second.jobs.map((job) => job.worker)).toEqual(['second', 'second']);
  });

  it('pushes the jobs that were waiting when the stream opened', async () => {
    // given two jobs created while no stream was open
    await start('waiting-before');
    await start('waiting-before');

    // when a stream of that type opens
    const { jobs, push, received } = collector();
    stream('waiting-before', push);

    // then both jobs are pushed to it
    await received(2);
    expect(jobs.map((job) => job.worker)).toEqual(['stream-worker', 'stream-worker']);
  });

  it('pushes a job that timed out to an open stream', async () => {
    // given a job activated by a polling worker with a short timeout, and an open stream
    await start('timed-out');
    const polled = await activateOne(harness.engine, 'timed-out', { timeoutMs: 1_000 });
    const { jobs, push } = collector();
    stream('timed-out', push);

    // when its timeout passes
    await harness.clock.advance(1_000);

    // then the due work's batch activated it for the stream and pushed it
    expect(jobs.map((job) => job.key)).toEqual([polled.key]);
    expect(jobs[0]).toMatchObject({ worker: 'stream-worker' });
  });

  it('stops pushing to a stream once it is closed; its type is reported available again', async () => {
    // given a stream that was opened and closed
    const { jobs, push } = collector();
    stream('closed-stream', push).close();
    const available = reported('closed-stream');

    // when a job of its type is created
    await start('closed-stream');

    // then it is reported for polling workers and not pushed
    await available;
    expect(jobs).toEqual([]);
    await expect(activateOne(harness.engine, 'closed-stream')).resolves.toBeDefined();
  });

  it('refuses a stream with a bad command, saying what to send', () => {
    expect(() => stream('bad-timeout', () => true, { timeoutMs: 0 })).toThrow(/timeout/);
    expect(() => stream('', () => true)).toThrow(/job type/);
  });
});
