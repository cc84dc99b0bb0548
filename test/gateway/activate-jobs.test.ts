import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZeebeClient } from '../../platform/zeebe-client.ts';
import {
  deployProcess,
  gatewayTargets,
  openGatewayUnderTest,
  type GatewayUnderTest,
} from './gateway-harness.ts';
import { serviceTasksInSequence, uniqueName } from './models.ts';

describe.each(gatewayTargets)('ActivateJobs through the gateway ($name)', (target) => {
  let gateway: GatewayUnderTest;
  let zeebe: ZeebeClient;

  beforeAll(async () => {
    gateway = await openGatewayUnderTest(target);
    zeebe = gateway.client();
  });

  afterAll(() => gateway?.stop());

  async function processWithJobs(instances: number, variables: Record<string, string> = {}) {
    const processId = uniqueName('activation');
    const jobType = uniqueName('activation-job');
    await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [jobType]));
    for (let index = 0; index < instances; index++) {
      await zeebe.createProcessInstance({ bpmnProcessId: processId, variables });
    }
    return { processId, jobType };
  }

  function activate(
    type: string,
    overrides: {
      maxJobsToActivate?: number;
      requestTimeout?: number;
      fetchVariable?: string[];
    } = {},
  ) {
    return zeebe.activateJobs({
      type,
      worker: 'test-worker',
      maxJobsToActivate: 10,
      timeout: 60_000,
      requestTimeout: -1,
      ...overrides,
    });
  }

  it('activates no more jobs than maxJobsToActivate', async () => {
    // given five activatable jobs
    const { jobType } = await processWithJobs(5);

    // when three are asked for
    const jobs = await activate(jobType, { maxJobsToActivate: 3 });

    // then three distinct jobs come back, typed and with their instance
    expect(jobs).toHaveLength(3);
    expect(new Set(jobs.map((job) => job.key)).size).toBe(3);
    expect(jobs[0]).toMatchObject({
      type: jobType,
      worker: 'test-worker',
      retries: 3,
      processInstanceKey: expect.stringMatching(/^\d+$/),
    });
  });

  it('does not hand out an activated job again before its timeout', async () => {
    // given one job, activated
    const { jobType } = await processWithJobs(1);
    const [first] = await activate(jobType);

    // when jobs of that type are asked for again
    const again = await activate(jobType);

    // then none comes back
    expect(first).toBeDefined();
    expect(again).toEqual([]);
  });

  it('sends only the variables asked for with fetchVariable', async () => {
    // given a job whose instance has two variables
    const { jobType } = await processWithJobs(1, { city: '370100', secret: 'x' });

    // when it is activated fetching one of them
    const [job] = await activate(jobType, { fetchVariable: ['city'] });

    // then the job carries that one only
    expect(job?.variables).toEqual({ city: '370100' });
  });

  it('answers a negative requestTimeout at once, with no job when none is activatable', async () => {
    // when jobs of a type nobody creates are asked for without long polling
    const jobs = await activate(uniqueName('nothing'), { requestTimeout: -1 });

    // then the call ends with no jobs
    expect(jobs).toEqual([]);
  });

  it('ends a long poll cleanly with no jobs when its requestTimeout passes', async () => {
    // when jobs of a type nobody creates are long-polled for half a second
    const jobs = await activate(uniqueName('nothing'), { requestTimeout: 500 });

    // then the call ends without error and without jobs
    expect(jobs).toEqual([]);
  });

  it('answers a waiting long poll as soon as a job of its type is created', async () => {
    // given a long poll waiting with the gateway's default timeout (requestTimeout 0)
    const { processId, jobType } = await processWithJobs(0);
    const polling = activate(jobType, { requestTimeout: 0 });

    // when an instance creates a job of that type
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { processInstanceKey } = await zeebe.createProcessInstance({
      bpmnProcessId: processId,
      variables: {},
    });

    // then the long poll answers with that job
    const jobs = await polling;
    expect(jobs.map((job) => job.processInstanceKey)).toEqual([processInstanceKey]);
  });
});
