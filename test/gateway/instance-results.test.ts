import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZeebeClient } from '../../platform/zeebe-client.ts';
import {
  deployProcess,
  gatewayTargets,
  openGatewayUnderTest,
  type GatewayUnderTest,
} from './gateway-harness.ts';
import { serviceTasksInSequence, uniqueName } from './models.ts';

describe.each(gatewayTargets)(
  'instance results and cancellation through the gateway ($name)',
  (target) => {
    let gateway: GatewayUnderTest;
    let zeebe: ZeebeClient;

    beforeAll(async () => {
      gateway = await openGatewayUnderTest(target);
      zeebe = gateway.client();
    });

    afterAll(() => gateway?.stop());

    it('answers createProcessInstanceWithResult with only the variables asked for', async () => {
      // given a process whose worker adds two variables
      const processId = uniqueName('result');
      const jobType = uniqueName('result-job');
      await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [jobType]));
      zeebe.createWorker({
        taskType: jobType,
        taskHandler: (job) => job.complete({ decision: 'accepted', internalNote: 'n/a' }),
      });

      // when an instance runs, fetching one variable
      const result = await zeebe.createProcessInstanceWithResult({
        bpmnProcessId: processId,
        variables: { applicationId: 'A-1' },
        fetchVariables: ['decision'],
      });

      // then the result carries that variable only
      expect(result).toMatchObject({ bpmnProcessId: processId, version: 1 });
      expect(result.processInstanceKey).toMatch(/^\d+$/);
      expect(result.variables).toEqual({ decision: 'accepted' });
    });

    it('ends createProcessInstanceWithResult with DEADLINE_EXCEEDED when the instance does not complete in time', async () => {
      // given a process whose job no worker takes, and a client that does not retry
      const processId = uniqueName('stuck');
      await deployProcess(
        zeebe,
        processId,
        serviceTasksInSequence(processId, [uniqueName('idle')]),
      );
      const noRetries = gateway.client({ zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false } });

      // when an instance is created waiting half a second for its result
      const waiting = noRetries.createProcessInstanceWithResult({
        bpmnProcessId: processId,
        variables: {},
        requestTimeout: 500,
      });

      // then the call ends with a deadline error
      await expect(waiting).rejects.toMatchObject({ code: 4 });
    });

    it('cancels a running instance, after which its job and the instance are gone', async () => {
      // given a running instance whose job a client holds
      const processId = uniqueName('cancelled');
      const jobType = uniqueName('cancelled-job');
      await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [jobType]));
      const { processInstanceKey } = await zeebe.createProcessInstance({
        bpmnProcessId: processId,
        variables: {},
      });
      const [job] = await zeebe.activateJobs({
        type: jobType,
        worker: 'holder',
        maxJobsToActivate: 1,
        timeout: 60_000,
        requestTimeout: 10_000,
      });

      // when the instance is cancelled
      await zeebe.cancelProcessInstance(processInstanceKey);

      // then it cannot be cancelled again and its job cannot be completed
      await expect(zeebe.cancelProcessInstance(processInstanceKey)).rejects.toMatchObject({
        code: 5,
      });
      await expect(
        zeebe.completeJob({ jobKey: job?.key ?? '', variables: {} }),
      ).rejects.toMatchObject({
        code: 5,
      });
    });
  },
);
