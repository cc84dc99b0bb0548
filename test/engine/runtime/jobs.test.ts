import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/databases.ts';
import { endEvent, path, processModel, serviceTask, startEvent } from './support/bpmn.ts';
import {
  activateOne,
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
  'jobs',
  [
    startEvent(),
    serviceTask('work', '=jobType', {
      retries: '=3',
      headers: { department: 'pension' },
    }),
    endEvent(),
  ],
  path('start', 'work', 'end'),
);

describe.each(databaseTargets)('jobs on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    await deployModel(harness.engine, model);
  });

  afterAll(() => harness.close());

  const start = async (jobType: string, variables: Record<string, unknown> = {}) =>
    harness.engine.createProcessInstance({
      bpmnProcessId: 'jobs',
      variables: { jobType, ...variables },
    });

  it('creates a job with type, retries and headers, and completes the task with its variables', async () => {
    // given an instance waiting at a service task
    const { processInstanceKey } = await start('enroll', { city: '370100' });

    // when a worker activates and completes the job
    const job = await activateOne(harness.engine, 'enroll');
    await harness.engine.completeJob(job.key, { accepted: true });

    // then the job carried what the model says and the instance completed with the result
    expect(job).toMatchObject({
      type: 'enroll',
      retries: 3,
      customHeaders: { department: 'pension' },
      elementId: 'work',
      bpmnProcessId: 'jobs',
      processInstanceKey,
      worker: 'test-worker',
      variables: { jobType: 'enroll', city: '370100' },
      tenantId: '<default>',
    });
    expect(job.deadline).toBe(harness.clock.now() + 60_000);
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(lifecycle(records)).toEqual([
      'jobs:ELEMENT_ACTIVATING',
      'jobs:ELEMENT_ACTIVATED',
      'start:ELEMENT_ACTIVATING',
      'start:ELEMENT_ACTIVATED',
      'start:ELEMENT_COMPLETING',
      'start:ELEMENT_COMPLETED',
      'Flow_start_work:SEQUENCE_FLOW_TAKEN',
      'work:ELEMENT_ACTIVATING',
      'work:ELEMENT_ACTIVATED',
      'work:ELEMENT_COMPLETING',
      'work:ELEMENT_COMPLETED',
      'Flow_work_end:SEQUENCE_FLOW_TAKEN',
      'end:ELEMENT_ACTIVATING',
      'end:ELEMENT_ACTIVATED',
      'end:ELEMENT_COMPLETING',
      'end:ELEMENT_COMPLETED',
      'jobs:ELEMENT_COMPLETING',
      'jobs:ELEMENT_COMPLETED',
    ]);
    expect(intents(records, ['JOB'])).toEqual(['JOB:CREATED', 'JOB:ACTIVATED', 'JOB:COMPLETED']);
    expect(variablesOf(records, processInstanceKey)).toEqual({
      jobType: 'enroll',
      city: '370100',
      accepted: true,
    });
  });

  it('completes a job at most once', async () => {
    // given a completed job
    await start('once');
    const job = await activateOne(harness.engine, 'once');
    await harness.engine.completeJob(job.key);

    // when it is completed again, then the engine says it does not exist
    await expect(harness.engine.completeJob(job.key)).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
      status: 'NOT_FOUND',
    });
  });

  it('sends only the variables a worker asks for', async () => {
    // given an instance with several variables
    await start('fetch', { a: 1, b: 2 });

    // when a worker activates with fetchVariables
    const job = await activateOne(harness.engine, 'fetch', { fetchVariables: ['b', 'missing'] });

    // then only those it named (and that exist) arrive
    expect(job.variables).toEqual({ b: 2 });
  });

  it('does not hand an activated job to a second worker until its timeout passes', async () => {
    // given a job activated with a 30 s timeout
    const { processInstanceKey } = await start('timeout');
    const first = await activateOne(harness.engine, 'timeout', { timeoutMs: 30_000 });
    const none = await harness.engine.activateJobs({
      type: 'timeout',
      worker: 'other',
      timeoutMs: 1000,
      maxJobsToActivate: 5,
    });

    // when the timeout passes
    await harness.clock.advance(30_000);
    const again = await activateOne(harness.engine, 'timeout');

    // then it is activatable again with its retries unchanged, and the first worker may
    // still complete it
    expect(none).toEqual([]);
    expect(again).toMatchObject({ key: first.key, retries: 3 });
    await harness.engine.completeJob(first.key);
    const records = await recordsOf(harness.engine, processInstanceKey);
    expect(intents(records, ['JOB'])).toEqual([
      'JOB:CREATED',
      'JOB:ACTIVATED',
      'JOB:TIMED_OUT',
      'JOB:ACTIVATED',
      'JOB:COMPLETED',
    ]);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('makes a failed job with retries left activatable again after its back-off', async () => {
    // given a job failed with retries left and a back-off
    await start('backoff');
    const job = await activateOne(harness.engine, 'backoff');
    await harness.engine.failJob(job.key, {
      retries: 2,
      errorMessage: 'system busy',
      retryBackOffMs: 10_000,
    });

    // when the back-off has not passed, then no worker gets it
    const during = await harness.engine.activateJobs({
      type: 'backoff',
      worker: 'w',
      timeoutMs: 1000,
      maxJobsToActivate: 1,
    });
    expect(during).toEqual([]);

    // when it passes, then it is activatable with the retries the worker sent
    const notified: string[] = [];
    const stop = harness.engine.onJobsAvailable((type) => notified.push(type));
    await harness.clock.advance(10_000);
    stop();
    const retried = await activateOne(harness.engine, 'backoff');
    expect(retried).toMatchObject({ key: job.key, retries: 2 });
    expect(notified).toContain('backoff');
  });

  it('raises an incident when a job fails with no retries left, and resolves it after retries are raised', async () => {
    // given a job failed with no retries left
    const { processInstanceKey } = await start('exhausted');
    const job = await activateOne(harness.engine, 'exhausted');
    await harness.engine.failJob(job.key, { retries: 0, errorMessage: '社保系统不可用' });

    // then there is an incident, and the job cannot be completed nor resolved without retries
    let records = await recordsOf(harness.engine, processInstanceKey);
    const incident = records.find((record) => record.valueType === 'INCIDENT')!;
    expect(incident).toMatchObject({
      intent: 'CREATED',
      elementId: 'work',
      value: { errorType: 'JOB_NO_RETRIES', errorMessage: '社保系统不可用', jobKey: job.key },
    });
    await expect(harness.engine.completeJob(job.key)).rejects.toMatchObject({
      code: 'JOB_IN_INCIDENT',
      status: 'FAILED_PRECONDITION',
    });
    await expect(harness.engine.resolveIncident(incident.key)).rejects.toMatchObject({
      status: 'FAILED_PRECONDITION',
    });

    // when retries are raised and the incident resolved
    await harness.engine.updateJobRetries(job.key, 1);
    await harness.engine.resolveIncident(incident.key);
    const again = await activateOne(harness.engine, 'exhausted');
    await harness.engine.completeJob(again.key);

    // then the job ran again and the instance completed
    records = await recordsOf(harness.engine, processInstanceKey);
    expect(intents(records, ['JOB', 'INCIDENT'])).toEqual([
      'JOB:CREATED',
      'JOB:ACTIVATED',
      'JOB:FAILED',
      'INCIDENT:CREATED',
      'JOB:RETRIES_UPDATED',
      'INCIDENT:RESOLVED',
      'JOB:ACTIVATED',
      'JOB:COMPLETED',
    ]);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('raises an incident when the job type expression gives no string, and retries after resolve', async () => {
    // given an instance whose job type variable is missing
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      bpmnProcessId: 'jobs',
    });
    let records = await recordsOf(harness.engine, processInstanceKey);
    const incident = records.find((record) => record.valueType === 'INCIDENT')!;
    expect(incident).toMatchObject({
      elementId: 'work',
      value: { errorType: 'EXTRACT_VALUE_ERROR' },
    });

    // when the variable is set and the incident resolved
    await harness.engine.setVariables({
      elementInstanceKey: processInstanceKey,
      variables: { jobType: 'late-type' },
      local: false,
    });
    await harness.engine.resolveIncident(incident.key);

    // then the task activates and its job can be completed
    await harness.engine.completeJob((await activateOne(harness.engine, 'late-type')).key);
    records = await recordsOf(harness.engine, processInstanceKey);
    expect(completed(records, processInstanceKey)).toBe(true);
  });

  it('moves the deadline of an activated job when its timeout is updated', async () => {
    // given an activated job
    await start('extend');
    const job = await activateOne(harness.engine, 'extend', { timeoutMs: 10_000 });

    // when its timeout is set to one minute and 30 s pass
    await harness.engine.updateJobTimeout(job.key, 60_000);
    await harness.clock.advance(30_000);

    // then it is still activated, not handed out again
    const none = await harness.engine.activateJobs({
      type: 'extend',
      worker: 'w',
      timeoutMs: 1000,
      maxJobsToActivate: 1,
    });
    expect(none).toEqual([]);
  });

  it('refuses bad activation requests and unknown keys with clear errors', async () => {
    await expect(
      harness.engine.activateJobs({ type: ' ', worker: 'w', timeoutMs: 1, maxJobsToActivate: 1 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      harness.engine.activateJobs({ type: 't', worker: 'w', timeoutMs: 0, maxJobsToActivate: 1 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(harness.engine.completeJob('not-a-key')).rejects.toMatchObject({
      code: 'INVALID_KEY',
    });
    await expect(harness.engine.completeJob('2251799813685248999')).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
    });
    await expect(
      harness.engine.createProcessInstance({ bpmnProcessId: 'jobs', variables: [] as never }),
    ).rejects.toMatchObject({ code: 'INVALID_VARIABLES' });
  });

  it('hands yielded jobs back for activation', async () => {
    // given an activated job
    await start('yield');
    const job = await activateOne(harness.engine, 'yield');

    // when it is yielded, then another worker can activate it at once
    await harness.engine.yieldJobs([job.key, 'nonsense']);
    const again = await activateOne(harness.engine, 'yield');
    expect(again.key).toBe(job.key);
  });
});
