import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/databases.ts';
import {
  endEvent,
  eventBasedGateway,
  flow,
  messageCatchEvent,
  path,
  processModel,
  startEvent,
  timerCatchEvent,
} from './support/bpmn.ts';
import {
  completed,
  deployModel,
  intents,
  lifecycle,
  openHarness,
  recordsOf,
  variablesOf,
  type EngineHarness,
} from './support/harness.ts';

const model = processModel(
  'race',
  [
    startEvent(),
    eventBasedGateway('choice'),
    messageCatchEvent('answered', 'answer'),
    timerCatchEvent('timed_out', { duration: 'P1D' }),
    endEvent('answer_end'),
    endEvent('timeout_end'),
  ],
  [
    flow('start', 'choice'),
    flow('choice', 'answered'),
    flow('choice', 'timed_out'),
    ...path('answered', 'answer_end'),
    ...path('timed_out', 'timeout_end'),
  ],
  { messages: [{ name: 'answer', correlationKey: '=applicationId' }] },
);

describe.each(databaseTargets)('event-based gateway on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    await deployModel(harness.engine, model);
  });

  afterAll(() => harness.close());

  it('takes the message path when the message comes first and closes the timer', async () => {
    // given an instance waiting for an answer or a day
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'race',
      variables: { applicationId: 'E-1' },
    });

    // when the answer arrives
    await harness.engine.publishMessage({
      name: 'answer',
      correlationKey: 'E-1',
      timeToLiveMs: 0,
      variables: { answer: 'yes' },
    });

    // then the message event's path ran with its variables and the timer was cancelled
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['choice', 'answered'])).toEqual([
      'choice:ELEMENT_ACTIVATING',
      'choice:ELEMENT_ACTIVATED',
      'choice:ELEMENT_COMPLETING',
      'choice:ELEMENT_COMPLETED',
      'answered:ELEMENT_ACTIVATING',
      'answered:ELEMENT_ACTIVATED',
      'answered:ELEMENT_COMPLETING',
      'answered:ELEMENT_COMPLETED',
    ]);
    expect(intents(records, ['TIMER'])).toEqual(['TIMER:CREATED', 'TIMER:CANCELED']);
    expect(variablesOf(records)).toMatchObject({ answer: 'yes' });
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('takes the timer path when the time passes first and closes the subscription', async () => {
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'race',
      variables: { applicationId: 'E-2' },
    });

    await harness.clock.advance(86_400_000);

    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['timeout_end'])).toContain('timeout_end:ELEMENT_COMPLETED');
    expect(intents(records, ['MESSAGE_SUBSCRIPTION'])).toEqual([
      'MESSAGE_SUBSCRIPTION:CREATED',
      'MESSAGE_SUBSCRIPTION:DELETED',
    ]);
    expect(completed(records, processInstanceKey)).toBe(true);
  });
});
