import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/databases.ts';
import {
  endEvent,
  errorBoundary,
  errorEndEvent,
  path,
  processModel,
  serviceTask,
  startEvent,
  subProcess,
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
  variablesOf,
  type EngineHarness,
} from './support/harness.ts';

const errors = ['REJECTED', 'MISSING_DOCUMENT'];

const caught = processModel(
  'caught',
  [
    startEvent(),
    serviceTask('review', 'review', {
      boundaries: [
        errorBoundary('rejected', 'REJECTED', { attachedTo: 'review' }),
        errorBoundary('anything', undefined, { attachedTo: 'review' }),
      ],
    }),
    endEvent('approved'),
    endEvent('rejected_end'),
    endEvent('other_end'),
  ],
  [
    ...path('start', 'review', 'approved'),
    ...path('rejected', 'rejected_end'),
    ...path('anything', 'other_end'),
  ],
  { errors },
);

const uncaught = processModel(
  'uncaught',
  [startEvent(), serviceTask('review', 'review-uncaught'), endEvent()],
  path('start', 'review', 'end'),
  { errors },
);

const fromSubProcess = processModel(
  'nested-error',
  [
    startEvent(),
    subProcess(
      'check',
      [
        startEvent('check_start'),
        serviceTask('inspect', 'inspect'),
        errorEndEvent('fail', 'MISSING_DOCUMENT'),
      ],
      path('check_start', 'inspect', 'fail'),
      { boundaries: [errorBoundary('missing', 'MISSING_DOCUMENT', { attachedTo: 'check' })] },
    ),
    endEvent('ok_end'),
    endEvent('missing_end'),
  ],
  [...path('start', 'check', 'ok_end'), ...path('missing', 'missing_end')],
  { errors },
);

describe.each(databaseTargets)('BPMN errors on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    for (const model of [caught, uncaught, fromSubProcess])
      await deployModel(harness.engine, model);
  });

  afterAll(() => harness.close());

  it('a thrown error is caught by the boundary with its code, with the error variables', async () => {
    // given a task with a boundary for REJECTED and a catch-all
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'caught',
    });
    const job = await activateOne(harness.engine, 'review');

    // when the worker throws REJECTED
    await harness.engine.throwError(job.key, {
      errorCode: 'REJECTED',
      errorMessage: '材料不全',
      variables: { reason: '缺少身份证明' },
    });

    // then the matching boundary (not the catch-all) took it and its variables landed
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['review', 'rejected', 'anything'])).toEqual([
      'review:ELEMENT_ACTIVATING',
      'review:ELEMENT_ACTIVATED',
      'review:ELEMENT_TERMINATING',
      'review:ELEMENT_TERMINATED',
      'rejected:ELEMENT_ACTIVATING',
      'rejected:ELEMENT_ACTIVATED',
      'rejected:ELEMENT_COMPLETING',
      'rejected:ELEMENT_COMPLETED',
    ]);
    expect(intents(records, ['JOB'])).toEqual(['JOB:CREATED', 'JOB:ACTIVATED', 'JOB:ERROR_THROWN']);
    expect(variablesOf(records)).toEqual({ reason: '缺少身份证明' });
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('an error with another code goes to the catch-all boundary', async () => {
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'caught',
    });
    const job = await activateOne(harness.engine, 'review');
    await harness.engine.throwError(job.key, { errorCode: 'SOMETHING_ELSE' });
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['other_end'])).toContain('other_end:ELEMENT_COMPLETED');
  });

  it('an error no boundary catches raises an incident; resolving it hands the job out again', async () => {
    // given a task without error boundaries
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'uncaught',
    });
    const job = await activateOne(harness.engine, 'review-uncaught');

    // when the worker throws an error
    await harness.engine.throwError(job.key, { errorCode: 'REJECTED', errorMessage: 'no' });

    // then an incident says it was not caught, and the job is in it
    const records = await recordsOf(harness.engine, processInstanceKey);
    const incident = records.find((record) => record.valueType === 'INCIDENT')!;
    expect(incident.value).toMatchObject({ errorType: 'UNHANDLED_ERROR_EVENT', jobKey: job.key });
    expect(incident.value.errorMessage).toContain("'REJECTED'");
    await expect(harness.engine.completeJob(job.key)).rejects.toMatchObject({
      status: 'FAILED_PRECONDITION',
    });

    // when the incident is resolved, then the job can be completed
    await harness.engine.resolveIncident(incident.key);
    await completeOne(harness.engine, 'review-uncaught');
    expect(completed(await recordsOf(harness.engine, processInstanceKey), processInstanceKey)).toBe(
      true,
    );
  });

  it('an error end event in a sub-process is caught by the boundary of the sub-process', async () => {
    // given a sub-process whose inner path ends in an error end event
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'nested-error',
    });

    // when the inner task completes and the error is thrown
    await completeOne(harness.engine, 'inspect');

    // then the sub-process was terminated and the boundary path taken
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records, ['check'])).toContain('check:ELEMENT_TERMINATED');
    expect(lifecycle(records, ['missing_end'])).toContain('missing_end:ELEMENT_COMPLETED');
    expect(completed(records, processInstanceKey)).toBe(true);
  });
});
