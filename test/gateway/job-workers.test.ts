import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZeebeClient } from '../../platform/zeebe-client.ts';
import {
  deployProcess,
  eventually,
  gatewayTargets,
  openGatewayUnderTest,
  type GatewayUnderTest,
} from './gateway-harness.ts';
import { errorCaughtByBoundary, serviceTasksInSequence, uniqueName } from './models.ts';

describe.each(gatewayTargets)('job workers through the gateway ($name)', (target) => {
  let gateway: GatewayUnderTest;
  let zeebe: ZeebeClient;

  beforeAll(async () => {
    gateway = await openGatewayUnderTest(target);
    zeebe = gateway.client();
  });

  afterAll(() => gateway?.stop());

  it('runs an instance to its end with createWorker workers completing each job', async () => {
    // given a process of two service tasks and a polling worker for each
    const processId = uniqueName('two-steps');
    const [check, record] = [uniqueName('check'), uniqueName('record')];
    await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [check, record]));
    const seen: unknown[] = [];
    zeebe.createWorker({
      taskType: check,
      taskHandler: (job) => job.complete({ checked: job.variables.amount === 100 }),
    });
    zeebe.createWorker({
      taskType: record,
      taskHandler: (job) => {
        seen.push(job.variables.checked);
        return job.complete({ recorded: true });
      },
    });

    // when an instance runs
    const result = await zeebe.createProcessInstanceWithResult({
      bpmnProcessId: processId,
      variables: { amount: 100 },
    });

    // then each worker saw the variables before it and the instance ends with all of them
    expect(seen).toEqual([true]);
    expect(result.variables).toMatchObject({ amount: 100, checked: true, recorded: true });
  });

  it('runs an instance to its end with a streamJobs worker taking jobs pushed to it', async () => {
    // given a process and a job stream for its task
    const processId = uniqueName('streamed');
    const jobType = uniqueName('stream-job');
    await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [jobType]));
    await zeebe.streamJobs({
      type: jobType,
      worker: 'stream-worker',
      timeout: 30_000,
      tenantIds: ['<default>'],
      taskHandler: (job) => job.complete({ streamedBy: job.worker }),
    });

    // when an instance runs
    const result = await zeebe.createProcessInstanceWithResult({
      bpmnProcessId: processId,
      variables: {},
    });

    // then the streamed job was completed with the worker's variables
    expect(result.variables).toMatchObject({ streamedBy: 'stream-worker' });
  });

  it('hands a failed job out again after its back-off, with the retries the worker gave', async () => {
    // given a worker that fails the first attempt with a back-off
    const processId = uniqueName('retried');
    const jobType = uniqueName('flaky');
    await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [jobType], 3));
    const retriesSeen: number[] = [];
    zeebe.createWorker({
      taskType: jobType,
      taskHandler: (job) => {
        retriesSeen.push(job.retries);
        if (retriesSeen.length === 1) {
          return job.fail({
            errorMessage: 'department system unreachable',
            retries: job.retries - 1,
            retryBackOff: 300,
          });
        }
        return job.complete({ attempts: retriesSeen.length });
      },
    });

    // when an instance runs
    const result = await zeebe.createProcessInstanceWithResult({
      bpmnProcessId: processId,
      variables: {},
    });

    // then the second attempt got the decremented retries and completed the job
    expect(retriesSeen).toEqual([3, 2]);
    expect(result.variables).toMatchObject({ attempts: 2 });
  });

  it('lets a boundary event catch a BPMN error thrown by a worker, with its variables', async () => {
    // given a task whose worker throws a BPMN error that a boundary event catches
    const processId = uniqueName('rejected');
    const [workType, handleType] = [uniqueName('review'), uniqueName('notify-rejection')];
    const model = errorCaughtByBoundary(processId, { workType, handleType, errorCode: 'REJECTED' });
    await deployProcess(zeebe, processId, model);
    zeebe.createWorker({
      taskType: workType,
      taskHandler: (job) =>
        job.error({
          errorCode: 'REJECTED',
          errorMessage: 'materials incomplete',
          variables: { reason: 'missing photo' },
        }),
    });
    zeebe.createWorker({
      taskType: handleType,
      taskHandler: (job) => job.complete({ notified: String(job.variables.reason) }),
    });

    // when an instance runs
    const result = await zeebe.createProcessInstanceWithResult({
      bpmnProcessId: processId,
      variables: {},
    });

    // then the error path ran with the error's variables
    expect(result.variables).toMatchObject({ notified: 'missing photo' });
  });

  it('raises an incident for a job failed with no retries left and runs it again once resolved', async () => {
    // given a worker that fails its first attempt with no retries left
    const processId = uniqueName('incident');
    const jobType = uniqueName('fragile');
    await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [jobType], 1));
    const jobKeys: string[] = [];
    let completed: (value: string) => void = () => {};
    const completion = new Promise<string>((resolve) => (completed = resolve));
    zeebe.createWorker({
      taskType: jobType,
      taskHandler: async (job) => {
        jobKeys.push(job.key);
        if (jobKeys.length === 1) {
          return job.fail({ errorMessage: 'archive office offline', retries: 0 });
        }
        const acknowledged = await job.complete();
        completed(job.key);
        return acknowledged;
      },
    });

    // when an instance fails into an incident, and an operator raises the retries and resolves it
    const { processInstanceKey } = await zeebe.createProcessInstance({
      bpmnProcessId: processId,
      variables: {},
    });
    const incidentKey = await gateway.incidentOf(processInstanceKey);
    await zeebe.updateJobRetries({ jobKey: jobKeys[0] ?? '', retries: 1 });
    await zeebe.resolveIncident({ incidentKey });

    // then the same job runs again and is completed
    await expect(completion).resolves.toBe(jobKeys[0]);
    expect(jobKeys).toHaveLength(2);
  });

  it('gives several polling workers of one type distinct jobs, each job once', async () => {
    // given three workers of the same type
    const processId = uniqueName('shared');
    const jobType = uniqueName('shared-job');
    await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [jobType]));
    const handled: { worker: string; jobKey: string }[] = [];
    for (const worker of ['w1', 'w2', 'w3']) {
      zeebe.createWorker({
        taskType: jobType,
        maxJobsToActivate: 2,
        taskHandler: (job) => {
          handled.push({ worker, jobKey: job.key });
          return job.complete();
        },
      });
    }

    // when twelve instances create twelve jobs
    await createInstances(zeebe, processId, 12);

    // then every job was handled exactly once
    await eventually(async () => (handled.length >= 12 ? true : undefined), 'twelve jobs handled');
    expect(new Set(handled.map((h) => h.jobKey)).size).toBe(12);
    expect(handled).toHaveLength(12);
  });

  it('shares jobs between equivalent job streams, each job once', async () => {
    // given two equivalent streams of one type
    const processId = uniqueName('streams');
    const jobType = uniqueName('streams-job');
    await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [jobType]));
    const handled: string[] = [];
    for (let stream = 0; stream < 2; stream++) {
      await zeebe.streamJobs({
        type: jobType,
        worker: 'stream-pair',
        timeout: 30_000,
        tenantIds: ['<default>'],
        taskHandler: (job) => {
          handled.push(job.key);
          return job.complete();
        },
      });
    }

    // when ten instances create ten jobs
    await createInstances(zeebe, processId, 10);

    // then every job was handled exactly once
    await eventually(async () => (handled.length >= 10 ? true : undefined), 'ten jobs handled');
    expect(new Set(handled).size).toBe(10);
    expect(handled).toHaveLength(10);
  });

  it('gives the job of a worker that disconnected to another worker once its timeout passes', async () => {
    // given a job activated with a short timeout by a client that then disconnects
    const processId = uniqueName('abandoned');
    const jobType = uniqueName('abandoned-job');
    await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [jobType]));
    await zeebe.createProcessInstance({ bpmnProcessId: processId, variables: {} });
    const leaving = gateway.client();
    const [abandoned] = await leaving.activateJobs({
      type: jobType,
      worker: 'leaving-worker',
      maxJobsToActivate: 1,
      timeout: 1_000,
      requestTimeout: 10_000,
    });
    await leaving.close();

    // when another worker asks for jobs of that type
    const taken = new Promise<string>((resolve) => {
      zeebe.createWorker({
        taskType: jobType,
        taskHandler: (job) => {
          resolve(job.key);
          return job.complete();
        },
      });
    });

    // then it gets the abandoned job
    expect(abandoned).toBeDefined();
    await expect(taken).resolves.toBe(abandoned?.key);
  });
});

async function createInstances(zeebe: ZeebeClient, processId: string, count: number) {
  for (let index = 0; index < count; index++) {
    await zeebe.createProcessInstance({ bpmnProcessId: processId, variables: { index } });
  }
}
