import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/databases.ts';
import {
  endEvent,
  flow,
  parallelGateway,
  path,
  processModel,
  receiveTask,
  serviceTask,
  startEvent,
  timerBoundary,
  timerCatchEvent,
} from './support/bpmn.ts';
import {
  activateOne,
  completed,
  completeOne,
  deployModel,
  openHarness,
  recordsOf,
  variablesOf,
  type EngineHarness,
} from './support/harness.ts';

/** Every wait state in one path: job, timer, message, a half-done parallel join. */
const model = processModel(
  'restartable',
  [
    startEvent(),
    serviceTask('job', 'restart-job', {
      boundaries: [
        timerBoundary('remind', { duration: 'PT2H' }, { attachedTo: 'job', interrupting: false }),
      ],
    }),
    timerCatchEvent('pause', { duration: 'PT1H' }),
    receiveTask('answer', 'answer'),
    parallelGateway('fork'),
    serviceTask('left', 'restart-left'),
    serviceTask('right', 'restart-right'),
    parallelGateway('join'),
    endEvent(),
    endEvent('reminded'),
  ],
  [
    ...path('start', 'job', 'pause', 'answer', 'fork'),
    flow('fork', 'left'),
    flow('fork', 'right'),
    flow('left', 'join'),
    flow('right', 'join'),
    ...path('join', 'end'),
    ...path('remind', 'reminded'),
  ],
  { messages: [{ name: 'answer', correlationKey: '=applicationId' }] },
);

describe.each(databaseTargets)('restarting on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    await deployModel(harness.engine, model);
  });

  afterAll(() => harness.close());

  it('resumes an instance stopped at each wait state and finishes it', async () => {
    // given an instance waiting at a job
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'restartable',
      variables: { applicationId: 'R-1' },
    });

    // when the engine restarts, then the job is still activatable and completes
    await harness.restart();
    await completeOne(harness.engine, 'restart-job', { step: 'job' });

    // when it restarts while the timer waits and is stopped past its due time, then it fires
    // once on start-up
    await harness.restart();
    await harness.engine.close();
    await harness.clock.advance(3 * 3_600_000);
    await harness.restart();

    // when a message is buffered, the engine restarts, then the instance takes it
    await harness.engine.publishMessage({
      name: 'answer',
      correlationKey: 'R-1',
      timeToLiveMs: 60_000,
      variables: { answered: true },
    });
    await harness.restart();

    // when one branch of the join is done before a restart and the other after
    await completeOne(harness.engine, 'restart-left');
    await harness.restart();
    await completeOne(harness.engine, 'restart-right');

    // then the instance completed with everything it collected
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(completed(records, processInstanceKey)).toBe(true);
    expect(variablesOf(records)).toEqual({ applicationId: 'R-1', step: 'job', answered: true });
    const timers = records.filter((record) => record.valueType === 'TIMER');
    expect(timers.map((record) => `${record.elementId}:${record.intent}`)).toEqual([
      'remind:CREATED',
      'remind:CANCELED',
      'pause:CREATED',
      'pause:TRIGGERED',
    ]);
  });

  it('keeps a job activated across a restart until its timeout passes', async () => {
    // given an activated job
    await harness.engine.createProcessInstance({
      bpmnProcessId: 'restartable',
      variables: { applicationId: 'R-2' },
    });
    const job = await activateOne(harness.engine, 'restart-job', { timeoutMs: 60_000 });

    // when the engine restarts, then no one else gets the job before the timeout
    await harness.restart();
    const none = await harness.engine.activateJobs({
      type: 'restart-job',
      worker: 'w',
      timeoutMs: 1000,
      maxJobsToActivate: 1,
    });
    expect(none).toEqual([]);

    // when the timeout passes, then it is activatable again
    await harness.clock.advance(60_000);
    expect((await activateOne(harness.engine, 'restart-job')).key).toBe(job.key);
  });
});
