import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/databases.ts';
import {
  endEvent,
  path,
  processModel,
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
  intents,
  lifecycle,
  openHarness,
  recordsOf,
  type EngineHarness,
} from './support/harness.ts';

const wait = processModel(
  'wait',
  [startEvent(), timerCatchEvent('pause', { duration: '=pause' }), endEvent()],
  path('start', 'pause', 'end'),
);

const deadline = processModel(
  'deadline',
  [
    startEvent(),
    serviceTask('handle', 'handle', {
      boundaries: [
        timerBoundary(
          'escalate',
          { date: '=deadline' },
          {
            attachedTo: 'handle',
            interrupting: false,
          },
        ),
      ],
    }),
    serviceTask('escalation', 'escalate'),
    endEvent('handled'),
    endEvent('escalated'),
  ],
  [...path('start', 'handle', 'handled'), ...path('escalate', 'escalation', 'escalated')],
);

const expiring = processModel(
  'expiring',
  [
    startEvent(),
    serviceTask('handle', 'expiring-work', {
      boundaries: [timerBoundary('expire', { duration: 'PT1H' }, { attachedTo: 'handle' })],
    }),
    endEvent('handled'),
    endEvent('expired'),
  ],
  [...path('start', 'handle', 'handled'), ...path('expire', 'expired')],
);

const reminders = processModel(
  'reminders',
  [
    startEvent(),
    serviceTask('handle', 'reminded-work', {
      boundaries: [
        timerBoundary(
          'remind',
          { cycle: 'R2/PT10M' },
          {
            attachedTo: 'handle',
            interrupting: false,
          },
        ),
      ],
    }),
    endEvent('handled'),
    endEvent('reminded'),
  ],
  [...path('start', 'handle', 'handled'), ...path('remind', 'reminded')],
);

describe.each(databaseTargets)('timers on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    for (const model of [wait, deadline, expiring, reminders]) {
      await deployModel(harness.engine, model);
    }
  });

  afterAll(() => harness.close());

  it('an intermediate timer catch event waits for its duration, never less', async () => {
    // given an instance waiting five minutes
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'wait',
      variables: { pause: 'PT5M' },
    });

    // when less time passed, then it still waits
    await harness.clock.advance(4 * 60_000);
    let records = await recordsOf(harness.engine, processInstanceKey);
    expect(completed(records, processInstanceKey)).toBe(false);

    // when the duration passed, then the timer fired and the instance completed
    await harness.clock.advance(60_000);
    records = await recordsOf(harness.engine, processInstanceKey);
    expect(intents(records, ['TIMER'])).toEqual(['TIMER:CREATED', 'TIMER:TRIGGERED']);
    expect(records.find((record) => record.valueType === 'TIMER')!.value.dueDate).toBe(
      harness.clock.now(),
    );
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('a non-interrupting timer boundary at a date escalates while the task goes on', async () => {
    // given a task with a deadline one day ahead
    const due = new Date(harness.clock.now() + 86_400_000).toISOString();
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'deadline',
      variables: { deadline: due },
    });

    // when the deadline passes
    await harness.clock.advance(86_400_000);
    await completeOne(harness.engine, 'escalate');

    // then the escalation ran, the task is still there, and completing it ends the instance
    let records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['escalated'])).toContain('escalated:ELEMENT_COMPLETED');
    expect(completed(records, processInstanceKey)).toBe(false);
    await completeOne(harness.engine, 'handle');
    records = await recordsOf(harness.engine, processInstanceKey);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('an interrupting timer boundary terminates the task, and its job can no longer complete', async () => {
    // given an activated job of a task with a one-hour timer
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'expiring',
    });
    const job = await activateOne(harness.engine, 'expiring-work', { timeoutMs: 7_200_000 });

    // when the hour passes
    await harness.clock.advance(3_600_000);

    // then the task was terminated and the job is gone
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['handle'])).toContain('handle:ELEMENT_TERMINATED');
    expect(intents(records, ['JOB'])).toEqual(['JOB:CREATED', 'JOB:ACTIVATED', 'JOB:CANCELED']);
    expect(completed(records, processInstanceKey)).toBe(true);
    await expect(harness.engine.completeJob(job.key)).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
    });
  });

  it('a non-interrupting cycle boundary fires as many times as its cycle says', async () => {
    // given a task with a reminder every ten minutes, twice
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'reminders',
    });

    // when an hour passes ten minutes at a time
    for (let minute = 0; minute < 60; minute += 10) await harness.clock.advance(600_000);

    // then the reminder path ran twice and the task still waits
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['reminded']).filter((entry) => entry.endsWith('COMPLETED'))).toEqual(
      ['reminded:ELEMENT_COMPLETED', 'reminded:ELEMENT_COMPLETED'],
    );
    expect(intents(records, ['TIMER'])).toEqual([
      'TIMER:CREATED',
      'TIMER:TRIGGERED',
      'TIMER:CREATED',
      'TIMER:TRIGGERED',
    ]);
    await completeOne(harness.engine, 'reminded-work');
  });
});
