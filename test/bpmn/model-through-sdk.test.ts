import { readFile } from 'node:fs/promises';

import type { ZeebeJob } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ITEM_REJECTED_ERROR,
  PROCESS_ID,
  RESULT_MESSAGE,
  itemCodes,
  items,
  jobTypes,
  resultCorrelationKey,
  resultVariables,
  type ItemCode,
  type ItemResult,
  type StartVariables,
} from '../../bpmn/process-contract.ts';
import type { ZeebeClient } from '../../platform/zeebe-client.ts';
import {
  deployProcess,
  gatewayTargets,
  openGatewayUnderTest,
  type GatewayUnderTest,
} from '../gateway/gateway-harness.ts';
import { modelPath } from './support/provincial-model.ts';
import { stubDeadline } from './support/stub-departments.ts';

/**
 * The provincial model run the way production runs it: workers and the server reach the
 * engine only through `@camunda8/sdk` and the Zeebe gateway protocol.
 */
describe.each(gatewayTargets)(
  'the provincial model through the SDK ($name)',
  { timeout: 120_000 },
  (target) => {
    let gateway: GatewayUnderTest;
    let zeebe: ZeebeClient;

    beforeAll(async () => {
      gateway = await openGatewayUnderTest(target);
      zeebe = gateway.client();
      await deployProcess(zeebe, PROCESS_ID, await readFile(modelPath, 'utf8'));
    });

    afterAll(() => gateway?.stop());

    it('completes a Qingdao application with one item refused, through SDK workers', async () => {
      // given: SDK workers for every job type; HRSS refuses employment registration at once
      const recorded = new Map<string, ItemResult>();
      const submitted: string[] = [];
      startWorkers(zeebe, { recorded, submitted, refuse: 'employment-registration' });
      const variables: StartVariables = {
        applicationId: 'SD-SDK-0001',
        city: '370202',
        items: itemCodes,
        taxDepartment: 'tax-qingdao',
        mailCard: false,
        receivedAt: new Date().toISOString(),
      };

      // when
      const result = await zeebe.createProcessInstanceWithResult({
        bpmnProcessId: PROCESS_ID,
        variables: { ...variables },
        requestTimeout: 60_000,
      });

      // then
      const outcomes = Object.fromEntries(
        itemCodes.map((item) => [
          item,
          (result.variables[resultVariables[item]] as unknown as ItemResult | undefined)?.outcome,
        ]),
      );
      expect(outcomes).toEqual({
        ...Object.fromEntries(itemCodes.map((item) => [item, 'approved'])),
        'employment-registration': 'rejected',
      });
      expect([...recorded.keys()].sort()).toEqual([...itemCodes].sort());
      expect(submitted).toContain(jobTypes.qingdaoContributionDeclaration);
      expect(submitted).not.toContain(items['contribution-declaration'].submitJobType);
    });
  },
);

interface WorkerLog {
  recorded: Map<string, ItemResult>;
  submitted: string[];
  refuse: ItemCode;
}

/** One SDK worker per job type of the contract, answering as stub departments. */
function startWorkers(zeebe: ZeebeClient, log: WorkerLog): void {
  for (const item of itemCodes) {
    zeebe.createWorker({
      taskType: items[item].submitJobType,
      taskHandler: (job) => submit(zeebe, job, log),
    });
  }
  zeebe.createWorker({
    taskType: jobTypes.qingdaoContributionDeclaration,
    taskHandler: (job) => submit(zeebe, job, log),
  });
  zeebe.createWorker({
    taskType: jobTypes.deadline,
    taskHandler: (job) =>
      job.complete({ deadline: stubDeadline(String(job.variables.receivedAt)) }),
  });
  zeebe.createWorker({
    taskType: jobTypes.recordOutcome,
    taskHandler: (job) => {
      log.recorded.set(
        job.customHeaders.item as string,
        job.variables.result as unknown as ItemResult,
      );
      return job.complete();
    },
  });
  for (const type of [jobTypes.escalate, jobTypes.notifyResults, jobTypes.mailCard]) {
    zeebe.createWorker({ taskType: type, taskHandler: (job) => job.complete() });
  }
}

type Job = Readonly<ZeebeJob>;

async function submit(zeebe: ZeebeClient, job: Job, log: WorkerLog) {
  const item = job.customHeaders.item as ItemCode;
  const applicationId = String(job.variables.applicationId);
  const decidedAt = new Date().toISOString();
  log.submitted.push(job.type);
  if (item === log.refuse) {
    const result = {
      item,
      outcome: 'rejected',
      reason: '未实际从业',
      decidedAt,
    } satisfies ItemResult;
    return job.error({
      errorCode: ITEM_REJECTED_ERROR,
      errorMessage: '未实际从业',
      variables: { result },
    });
  }
  await zeebe.publishMessage({
    name: RESULT_MESSAGE,
    correlationKey: resultCorrelationKey(applicationId, item),
    messageId: resultCorrelationKey(applicationId, item),
    timeToLive: 3600_000,
    variables: { result: { item, outcome: 'approved', decidedAt } },
  });
  return job.complete();
}
