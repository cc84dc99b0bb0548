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
  type Flow,
  type ModelElement,
} from './support/bpmn.ts';
import {
  completed,
  deployModel,
  lifecycle,
  openHarness,
  recordsOf,
  type EngineHarness,
} from './support/harness.ts';

const BRANCHES = 12;
const branches = Array.from({ length: BRANCHES }, (_, index) => `branch_${index}`);

const model = processModel(
  'fan-out',
  [
    startEvent(),
    parallelGateway('fork'),
    ...branches.map((id): ModelElement => serviceTask(id, 'fan-out-branch')),
    parallelGateway('join'),
    endEvent(),
  ],
  [
    flow('start', 'fork'),
    ...branches.flatMap((id): Flow[] => [flow('fork', id), flow(id, 'join')]),
    ...path('join', 'end'),
  ],
);

describe.each(databaseTargets)('concurrent commands on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    await deployModel(harness.engine, model);
  });

  afterAll(() => harness.close());

  it('fires a parallel join exactly once when its branches complete from many callers at once', async () => {
    // given several instances whose branches are all activated
    const instances = await Promise.all(
      [1, 2, 3].map(() => harness.engine.createProcessInstance({ bpmnProcessId: 'fan-out' })),
    );
    const jobs = await harness.engine.activateJobs({
      type: 'fan-out-branch',
      worker: 'many',
      timeoutMs: 60_000,
      maxJobsToActivate: 100,
    });
    expect(jobs).toHaveLength(3 * BRANCHES);

    // when every branch is completed at the same time, some twice
    const results = await Promise.allSettled(
      [...jobs, ...jobs.slice(0, 5)].map((job) => harness.engine.completeJob(job.key)),
    );

    // then each job completed once, each join fired once and each instance completed once
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(jobs.length);
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(5);
    for (const { processInstanceKey } of instances) {
      const records = await recordsOf(harness.engine, processInstanceKey);
      expect(lifecycle(records, ['join']).filter((entry) => entry.endsWith('ACTIVATED'))).toEqual([
        'join:ELEMENT_ACTIVATED',
      ]);
      expect(
        lifecycle(records, ['fan-out']).filter((entry) => entry.endsWith('COMPLETED')),
      ).toEqual(['fan-out:ELEMENT_COMPLETED']);
      expect(completed(records, processInstanceKey)).toBe(true);
    }
  });
});
