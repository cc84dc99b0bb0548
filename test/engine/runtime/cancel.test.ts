import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/databases.ts';
import {
  endEvent,
  flow,
  messageCatchEvent,
  parallelGateway,
  path,
  processModel,
  serviceTask,
  startEvent,
  timerBoundary,
} from './support/bpmn.ts';
import {
  activateOne,
  deployModel,
  intents,
  lifecycle,
  openHarness,
  recordsOf,
  type EngineHarness,
} from './support/harness.ts';

const busy = processModel(
  'busy',
  [
    startEvent(),
    parallelGateway('fork'),
    serviceTask('work', 'busy-work', {
      boundaries: [timerBoundary('late', { duration: 'PT1H' }, { attachedTo: 'work' })],
    }),
    messageCatchEvent('wait', 'answer'),
    endEvent('a'),
    endEvent('b'),
    endEvent('c'),
  ],
  [
    flow('start', 'fork'),
    flow('fork', 'work'),
    flow('fork', 'wait'),
    ...path('work', 'a'),
    ...path('wait', 'b'),
    ...path('late', 'c'),
  ],
  { messages: [{ name: 'answer', correlationKey: '="k"' }] },
);

describe.each(databaseTargets)('cancelling on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    await deployModel(harness.engine, busy);
  });

  afterAll(() => harness.close());

  it('terminates every element and takes its job, timer and subscription with it', async () => {
    // given an instance with an activated job, a timer and a message subscription
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'busy',
    });
    const job = await activateOne(harness.engine, 'busy-work');

    // when it is cancelled
    await harness.engine.cancelProcessInstance(processInstanceKey);

    // then everything it owned went, and nothing of it fires or completes later
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records).slice(-6)).toEqual([
      'busy:ELEMENT_TERMINATING',
      'work:ELEMENT_TERMINATING',
      'work:ELEMENT_TERMINATED',
      'wait:ELEMENT_TERMINATING',
      'wait:ELEMENT_TERMINATED',
      'busy:ELEMENT_TERMINATED',
    ]);
    expect(intents(records, ['JOB', 'TIMER', 'MESSAGE_SUBSCRIPTION'])).toEqual([
      'TIMER:CREATED',
      'JOB:CREATED',
      'MESSAGE_SUBSCRIPTION:CREATED',
      'JOB:ACTIVATED',
      'JOB:CANCELED',
      'TIMER:CANCELED',
      'MESSAGE_SUBSCRIPTION:DELETED',
    ]);
    await expect(harness.engine.completeJob(job.key)).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
    });
    await harness.clock.advance(3_600_000);
    await harness.engine.publishMessage({ name: 'answer', correlationKey: 'k', timeToLiveMs: 0 });
    expect(await recordsOf(harness.engine, processInstanceKey)).toHaveLength(records.length);
    await expect(harness.engine.cancelProcessInstance(processInstanceKey)).rejects.toMatchObject({
      code: 'PROCESS_INSTANCE_NOT_FOUND',
      status: 'NOT_FOUND',
    });
  });
});
