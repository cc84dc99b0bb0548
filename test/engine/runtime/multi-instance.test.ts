import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/databases.ts';
import {
  endEvent,
  errorBoundary,
  path,
  processModel,
  serviceTask,
  startEvent,
  subProcess,
} from './support/bpmn.ts';
import {
  completed,
  deployModel,
  lifecycle,
  openHarness,
  recordsOf,
  variablesOf,
  type EngineHarness,
} from './support/harness.ts';

const loop = (sequential: boolean, completionCondition?: string) => ({
  sequential,
  inputCollection: '=items',
  inputElement: 'item',
  outputCollection: 'results',
  outputElement: '=result',
  completionCondition,
});

const parallel = processModel(
  'mi-parallel',
  [startEvent(), serviceTask('each', 'mi-item', { multiInstance: loop(false) }), endEvent()],
  path('start', 'each', 'end'),
);

const sequential = processModel(
  'mi-sequential',
  [startEvent(), serviceTask('each', 'mi-seq', { multiInstance: loop(true) }), endEvent()],
  path('start', 'each', 'end'),
);

const early = processModel(
  'mi-early',
  [
    startEvent(),
    serviceTask('each', 'mi-early', { multiInstance: loop(false, '=result = "stop"') }),
    endEvent(),
  ],
  path('start', 'each', 'end'),
);

const subProcesses = processModel(
  'mi-sub',
  [
    startEvent(),
    subProcess(
      'department',
      [startEvent('dept_start'), serviceTask('dispatch', 'mi-dispatch'), endEvent('dept_end')],
      path('dept_start', 'dispatch', 'dept_end'),
      {
        multiInstance: {
          inputCollection: '=items',
          inputElement: 'item',
          outputCollection: 'outcomes',
          outputElement: '={item: item, ok: ok}',
        },
        boundaries: [errorBoundary('failed', 'STOP', { attachedTo: 'department' })],
      },
    ),
    endEvent(),
    endEvent('stopped'),
  ],
  [...path('start', 'department', 'end'), ...path('failed', 'stopped')],
  { errors: ['STOP'] },
);

describe.each(databaseTargets)('multi-instance on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    for (const model of [parallel, sequential, early, subProcesses]) {
      await deployModel(harness.engine, model);
    }
  });

  afterAll(() => harness.close());

  const activateAll = (type: string) =>
    harness.engine.activateJobs({ type, worker: 'w', timeoutMs: 60_000, maxJobsToActivate: 50 });

  it('a parallel multi-instance task runs one job per item and collects outputs by index', async () => {
    // given a collection of three items
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'mi-parallel',
      variables: { items: ['pension', 'medical', 'housing'] },
    });

    // when all jobs exist at once and complete in reverse order
    const jobs = await activateAll('mi-item');
    for (const job of [...jobs].reverse()) {
      await harness.engine.completeJob(job.key, { result: `done:${String(job.variables.item)}` });
    }

    // then each job saw its item and loop counter, and the results kept the items' order
    expect(jobs.map((job) => [job.variables.item, job.variables.loopCounter])).toEqual([
      ['pension', 1],
      ['medical', 2],
      ['housing', 3],
    ]);
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(variablesOf(records, processInstanceKey).results).toEqual([
      'done:pension',
      'done:medical',
      'done:housing',
    ]);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('a sequential multi-instance task runs its items one after another', async () => {
    // given two items
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'mi-sequential',
      variables: { items: ['a', 'b'] },
    });

    // when the first job completes, then only then the second exists
    const first = await activateAll('mi-seq');
    expect(first.map((job) => job.variables.item)).toEqual(['a']);
    await harness.engine.completeJob(first[0]!.key, { result: 1 });
    const second = await activateAll('mi-seq');
    expect(second.map((job) => job.variables.item)).toEqual(['b']);
    await harness.engine.completeJob(second[0]!.key, { result: 2 });

    // then the results are collected and the instance completed
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(variablesOf(records, processInstanceKey).results).toEqual([1, 2]);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('completes the body early when the completion condition holds', async () => {
    // given three parallel inner instances
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'mi-early',
      variables: { items: [1, 2, 3] },
    });
    const jobs = await activateAll('mi-early');

    // when one completes with the stop result
    await harness.engine.completeJob(jobs[1]!.key, { result: 'stop' });

    // then the others were terminated and the instance went on
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(
      lifecycle(records, ['each']).filter((entry) => entry.endsWith('TERMINATED')),
    ).toHaveLength(2);
    expect(completed(records, processInstanceKey)).toBe(true);
    await expect(harness.engine.completeJob(jobs[0]!.key)).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
    });
  });

  it('an empty collection completes the body at once', async () => {
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'mi-parallel',
      variables: { items: [] },
    });
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(variablesOf(records, processInstanceKey).results).toEqual([]);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('raises an incident when the input collection is not a list', async () => {
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'mi-parallel',
      variables: { items: 'pension' },
    });
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(records.find((record) => record.valueType === 'INCIDENT')).toMatchObject({
      elementId: 'each',
      value: { errorType: 'EXTRACT_VALUE_ERROR' },
    });
  });

  it('runs a multi-instance sub-process per item, and a boundary on the body ends them all', async () => {
    // given one sub-process per department
    const done = await harness.engine.createProcessInstance({
      bpmnProcessId: 'mi-sub',
      variables: { items: ['x', 'y'] },
    });
    for (const job of await activateAll('mi-dispatch')) {
      await harness.engine.completeJob(job.key, { ok: job.variables.item === 'x' });
    }
    const records = await recordsOf(harness.engine, done.processInstanceKey);
    expect(variablesOf(records, done.processInstanceKey).outcomes).toEqual([
      { item: 'x', ok: true },
      { item: 'y', ok: false },
    ]);
    expect(completed(records, done.processInstanceKey)).toBe(true);

    // when an inner job throws the error the body's boundary catches
    const stopped = await harness.engine.createProcessInstance({
      bpmnProcessId: 'mi-sub',
      variables: { items: ['x', 'y'] },
    });
    const jobs = await activateAll('mi-dispatch');
    await harness.engine.throwError(jobs[0]!.key, { errorCode: 'STOP' });

    // then every inner instance was terminated and the boundary path taken
    const after = await recordsOf(harness.engine, stopped.processInstanceKey);
    expect(lifecycle(after, ['stopped'])).toContain('stopped:ELEMENT_COMPLETED');
    expect(completed(after, stopped.processInstanceKey)).toBe(true);
    await expect(harness.engine.completeJob(jobs[1]!.key)).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
    });
  });
});
