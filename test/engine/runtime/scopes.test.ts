import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/databases.ts';
import {
  endEvent,
  flow,
  parallelGateway,
  path,
  processModel,
  serviceTask,
  startEvent,
  subProcess,
  task,
  terminateEndEvent,
} from './support/bpmn.ts';
import {
  activateOne,
  completed,
  completeOne,
  deployModel,
  lifecycle,
  openHarness,
  recordsOf,
  variablesOf,
  type EngineHarness,
} from './support/harness.ts';

const mapped = processModel(
  'mapped',
  [
    startEvent(),
    serviceTask('lookup', 'lookup', {
      inputs: [
        ['=application.city', 'city'],
        ['=missing', 'nothing'],
      ],
      outputs: [
        ['=status', 'lookup.status'],
        ['=count + 1', 'total'],
      ],
    }),
    serviceTask('check', 'check'),
    endEvent(),
  ],
  path('start', 'lookup', 'check', 'end'),
);

const propagating = processModel(
  'propagating',
  [
    startEvent(),
    subProcess(
      'stage',
      [startEvent('stage_start'), serviceTask('inner', 'inner'), endEvent('stage_end')],
      path('stage_start', 'inner', 'stage_end'),
      { inputs: [['="draft"', 'state']] },
    ),
    serviceTask('after', 'after-stage'),
    endEvent(),
  ],
  path('start', 'stage', 'after', 'end'),
);

const terminating = processModel(
  'terminating',
  [
    startEvent(),
    parallelGateway('fork'),
    serviceTask('slow', 'slow'),
    serviceTask('fast', 'fast'),
    terminateEndEvent('stop'),
    endEvent('slow_end'),
  ],
  [
    flow('start', 'fork'),
    flow('fork', 'slow'),
    flow('fork', 'fast'),
    ...path('fast', 'stop'),
    ...path('slow', 'slow_end'),
  ],
);

const passing = processModel(
  'passing',
  [startEvent(), task('note'), endEvent()],
  path('start', 'note', 'end'),
);

describe.each(databaseTargets)('variable scopes and sub-processes on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    for (const model of [mapped, propagating, terminating, passing])
      await deployModel(harness.engine, model);
  });

  afterAll(() => harness.close());

  it('input mappings create locals for the task; output mappings decide what reaches the instance', async () => {
    // given an instance with nested data
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'mapped',
      variables: { application: { city: '370200' }, count: 1, lookup: { source: 'hrss' } },
    });

    // when the worker sees the task's inputs and completes with a result
    const job = await activateOne(harness.engine, 'lookup');
    await harness.engine.completeJob(job.key, { status: 'found', count: 5, noise: 'x' });
    const next = await activateOne(harness.engine, 'check');

    // then the inputs were local (a missing source gives null), only the mapped outputs
    // reached the instance, and a nested target extended the existing variable
    expect(job.variables).toMatchObject({ city: '370200', nothing: null });
    expect(next.variables).toEqual({
      application: { city: '370200' },
      count: 1,
      lookup: { source: 'hrss', status: 'found' },
      total: 6,
    });
    await harness.engine.completeJob(next.key);
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(variablesOf(records, processInstanceKey)).toEqual(next.variables);
  });

  it('job variables without output mappings go to the scope where the name exists, else the instance', async () => {
    // given a sub-process with a local variable `state`
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'propagating',
    });
    const inner = await activateOne(harness.engine, 'inner');
    expect(inner.variables).toEqual({ state: 'draft' });

    // when the inner job completes with `state` and a new `result`
    await harness.engine.completeJob(inner.key, { state: 'checked', result: 'ok' });

    // then `state` was updated inside the sub-process and is gone with it; `result` reached the
    // instance
    const after = await activateOne(harness.engine, 'after-stage');
    expect(after.variables).toEqual({ result: 'ok' });
    await harness.engine.completeJob(after.key);
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['stage'])).toEqual([
      'stage:ELEMENT_ACTIVATING',
      'stage:ELEMENT_ACTIVATED',
      'stage:ELEMENT_COMPLETING',
      'stage:ELEMENT_COMPLETED',
    ]);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('sets variables locally or propagated on an element instance', async () => {
    // given an instance inside its sub-process
    await harness.engine.createProcessInstance({ bpmnProcessId: 'propagating' });
    const inner = await activateOne(harness.engine, 'inner');
    const stageKey = (await recordsOf(harness.engine, inner.processInstanceKey)).find(
      (record) => record.elementId === 'stage',
    )!.key;

    // when one variable is set locally on the sub-process and one propagated from it
    await harness.engine.setVariables({
      elementInstanceKey: stageKey,
      variables: { note: 'local' },
      local: true,
    });
    await harness.engine.setVariables({
      elementInstanceKey: stageKey,
      variables: { state: 'reviewed', flag: true },
      local: false,
    });

    // then the task sees both, and only `flag` reached the instance
    await harness.engine.yieldJobs([inner.key]);
    const again = await activateOne(harness.engine, 'inner');
    expect(again.variables).toEqual({ state: 'reviewed', note: 'local', flag: true });
    await harness.engine.completeJob(again.key);
    expect((await activateOne(harness.engine, 'after-stage')).variables).toEqual({ flag: true });
    await expect(
      harness.engine.setVariables({ elementInstanceKey: stageKey, variables: {}, local: true }),
    ).rejects.toMatchObject({ code: 'ELEMENT_INSTANCE_NOT_FOUND' });
  });

  it('a terminate end event ends every other path of its scope', async () => {
    // given two parallel paths
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'terminating',
    });

    // when the fast one reaches the terminate end event
    await completeOne(harness.engine, 'fast');

    // then the slow one was terminated and the instance completed
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['slow'])).toContain('slow:ELEMENT_TERMINATED');
    expect(lifecycle(records, ['terminating']).at(-1)).toBe('terminating:ELEMENT_COMPLETED');
    expect(
      await harness.engine.activateJobs({
        type: 'slow',
        worker: 'w',
        timeoutMs: 1000,
        maxJobsToActivate: 1,
      }),
    ).toEqual([]);
  });

  it('passes straight through an undefined task', async () => {
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'passing',
    });
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['note'])).toEqual([
      'note:ELEMENT_ACTIVATING',
      'note:ELEMENT_ACTIVATED',
      'note:ELEMENT_COMPLETING',
      'note:ELEMENT_COMPLETED',
    ]);
    expect(completed(records, processInstanceKey)).toBe(true);
  });
});
