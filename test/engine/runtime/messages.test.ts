import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/databases.ts';
import {
  endEvent,
  messageBoundary,
  messageCatchEvent,
  path,
  processModel,
  receiveTask,
  serviceTask,
  startEvent,
} from './support/bpmn.ts';
import {
  completed,
  completeOne,
  deployModel,
  intents,
  lifecycle,
  openHarness,
  recordsOf,
  variablesOf,
  type EngineHarness,
} from './support/harness.ts';

const messages = [{ name: 'result', correlationKey: '=applicationId' }];

const receive = processModel(
  'receive',
  [startEvent(), receiveTask('wait', 'result'), endEvent()],
  path('start', 'wait', 'end'),
  { messages },
);

const catchEvent = processModel(
  'catch',
  [startEvent(), messageCatchEvent('wait', 'result'), endEvent()],
  path('start', 'wait', 'end'),
  { messages },
);

const boundaries = processModel(
  'boundaries',
  [
    startEvent(),
    serviceTask('work', 'long-work', {
      boundaries: [
        messageBoundary('reminder', 'remind', { attachedTo: 'work', interrupting: false }),
        messageBoundary('withdrawn', 'withdraw', { attachedTo: 'work' }),
      ],
    }),
    serviceTask('notify', 'notify'),
    endEvent('done'),
    endEvent('reminded'),
    endEvent('cancelled'),
  ],
  [
    ...path('start', 'work', 'done'),
    ...path('reminder', 'notify', 'reminded'),
    ...path('withdrawn', 'cancelled'),
  ],
  {
    messages: [
      { name: 'remind', correlationKey: '=applicationId' },
      { name: 'withdraw', correlationKey: '=applicationId' },
    ],
  },
);

describe.each(databaseTargets)('messages on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    for (const model of [receive, catchEvent, boundaries]) await deployModel(harness.engine, model);
  });

  afterAll(() => harness.close());

  const start = (bpmnProcessId: string, applicationId: string | number) =>
    harness.engine.createProcessInstance({ bpmnProcessId, variables: { applicationId } });

  it('correlates a message to the receive task waiting with its correlation key', async () => {
    // given an instance waiting at a receive task
    const { processInstanceKey } = await start('receive', 'A-1');

    // when the department's result is published
    await harness.engine.publishMessage({
      name: 'result',
      correlationKey: 'A-1',
      timeToLiveMs: 0,
      variables: { outcome: 'accepted' },
    });

    // then the subscription correlated, its variables landed and the instance completed
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(intents(records, ['MESSAGE_SUBSCRIPTION'])).toEqual([
      'MESSAGE_SUBSCRIPTION:CREATED',
      'MESSAGE_SUBSCRIPTION:CORRELATED',
    ]);
    expect(variablesOf(records)).toMatchObject({ outcome: 'accepted' });
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('buffers a message with a time to live for a subscription that opens later', async () => {
    // given a message published before anyone waits
    await harness.engine.publishMessage({
      name: 'result',
      correlationKey: '42',
      timeToLiveMs: 60_000,
      variables: { early: true },
    });

    // when an instance opens the subscription (a number key is turned into its string)
    const { processInstanceKey } = await start('catch', 42);

    // then it takes the buffered message at once
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(variablesOf(records)).toMatchObject({ early: true });
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('drops a message without time to live when nothing waits, and one whose time to live passed', async () => {
    // given one message with no time to live and one with 10 s
    await harness.engine.publishMessage({
      name: 'result',
      correlationKey: 'late',
      timeToLiveMs: 0,
    });
    await harness.engine.publishMessage({
      name: 'result',
      correlationKey: 'later',
      timeToLiveMs: 10_000,
    });
    await harness.clock.advance(10_000);

    // when instances start waiting for them
    const first = await start('catch', 'late');
    const second = await start('catch', 'later');

    // then neither correlates
    for (const { processInstanceKey } of [first, second]) {
      const records = await recordsOf(harness.engine, processInstanceKey);
      expect(intents(records, ['MESSAGE_SUBSCRIPTION'])).toEqual(['MESSAGE_SUBSCRIPTION:CREATED']);
    }
    const expired = await harness.engine.records({ valueType: 'MESSAGE', limit: 1000 });
    const ours = expired.filter((record) =>
      ['late', 'later'].includes(record.value.correlationKey as string),
    );
    expect(intents(ours)).toEqual([
      'MESSAGE:PUBLISHED',
      'MESSAGE:EXPIRED',
      'MESSAGE:PUBLISHED',
      'MESSAGE:EXPIRED',
    ]);
  });

  it('refuses a second message with the same id while the first is buffered', async () => {
    // given a buffered message with an id
    const message = {
      name: 'result',
      correlationKey: 'dup',
      timeToLiveMs: 60_000,
      messageId: 'm-1',
    };
    await harness.engine.publishMessage(message);

    // when the same id is published again, then it is refused
    await expect(harness.engine.publishMessage(message)).rejects.toMatchObject({
      code: 'MESSAGE_ALREADY_EXISTS',
      status: 'ALREADY_EXISTS',
    });
  });

  it('correlates a message at most once per process id, but to each process waiting', async () => {
    // given two instances of one process and one of another, all waiting on the same key
    const a = await start('receive', 'shared');
    const b = await start('receive', 'shared');
    const c = await start('catch', 'shared');

    // when one message is published
    await harness.engine.publishMessage({
      name: 'result',
      correlationKey: 'shared',
      timeToLiveMs: 0,
    });

    // then the first instance of each process got it, the second of the same process did not
    const done = await Promise.all(
      [a, b, c].map(async ({ processInstanceKey }) =>
        completed(await recordsOf(harness.engine, processInstanceKey), processInstanceKey),
      ),
    );
    expect(done).toEqual([true, false, true]);
  });

  it('a non-interrupting message boundary runs its path while the task goes on', async () => {
    // given an instance at a task with message boundaries
    const { processInstanceKey } = await start('boundaries', 'B-1');

    // when a reminder message arrives
    await harness.engine.publishMessage({ name: 'remind', correlationKey: 'B-1', timeToLiveMs: 0 });
    await completeOne(harness.engine, 'notify');

    // then the reminder path ran and the task is still waiting; completing it ends the instance
    let records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['reminded'])).toContain('reminded:ELEMENT_COMPLETED');
    expect(lifecycle(records, ['work'])).not.toContain('work:ELEMENT_TERMINATED');
    await completeOne(harness.engine, 'long-work');
    records = await recordsOf(harness.engine, processInstanceKey);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('an interrupting message boundary terminates the task and its job', async () => {
    // given an instance at a task with message boundaries
    const { processInstanceKey } = await start('boundaries', 'B-2');

    // when the withdrawal message arrives
    await harness.engine.publishMessage({
      name: 'withdraw',
      correlationKey: 'B-2',
      timeToLiveMs: 0,
    });

    // then the task was terminated, its job cancelled, its other subscription closed
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['work', 'withdrawn'])).toEqual([
      'work:ELEMENT_ACTIVATING',
      'work:ELEMENT_ACTIVATED',
      'work:ELEMENT_TERMINATING',
      'work:ELEMENT_TERMINATED',
      'withdrawn:ELEMENT_ACTIVATING',
      'withdrawn:ELEMENT_ACTIVATED',
      'withdrawn:ELEMENT_COMPLETING',
      'withdrawn:ELEMENT_COMPLETED',
    ]);
    expect(intents(records, ['JOB'])).toEqual(['JOB:CREATED', 'JOB:CANCELED']);
    expect(intents(records, ['MESSAGE_SUBSCRIPTION'])).toEqual([
      'MESSAGE_SUBSCRIPTION:CREATED',
      'MESSAGE_SUBSCRIPTION:CREATED',
      'MESSAGE_SUBSCRIPTION:CORRELATED',
      'MESSAGE_SUBSCRIPTION:DELETED',
    ]);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('raises an incident when the correlation key is neither a string nor a number', async () => {
    // when an instance waits with a correlation key that is an object
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'receive',
      variables: { applicationId: { id: 1 } },
    });

    // then an incident names the problem
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(records.find((record) => record.valueType === 'INCIDENT')).toMatchObject({
      elementId: 'wait',
      value: { errorType: 'EXTRACT_VALUE_ERROR' },
    });
  });
});
