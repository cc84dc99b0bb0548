import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/databases.ts';
import { endEvent, path, processModel, serviceTask, startEvent } from './support/bpmn.ts';
import { completeOne, deployModel, openHarness, type EngineHarness } from './support/harness.ts';

const model = processModel(
  'with-result',
  [startEvent(), serviceTask('work', 'result-work'), endEvent()],
  path('start', 'work', 'end'),
);

describe.each(databaseTargets)('process instances on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
    await deployModel(harness.engine, model);
  });

  afterAll(() => harness.close());

  it('answers createProcessInstanceWithResult with the variables once the instance completes', async () => {
    // when an instance is created with result and its job completes
    const result = harness.engine.createProcessInstanceWithResult(
      { bpmnProcessId: 'with-result', variables: { applicationId: 'W-1' } },
      { timeoutMs: 10_000, fetchVariables: ['outcome'] },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await completeOne(harness.engine, 'result-work', { outcome: 'accepted' });

    // then the caller gets the instance and only the variables it asked for
    await expect(result).resolves.toMatchObject({
      bpmnProcessId: 'with-result',
      version: 1,
      variables: { outcome: 'accepted' },
    });
  });

  it('gives up on a result with RESULT_TIMED_OUT at the timeout', async () => {
    const result = harness.engine.createProcessInstanceWithResult(
      { bpmnProcessId: 'with-result' },
      { timeoutMs: 100 },
    );
    await expect(result).rejects.toMatchObject({
      code: 'RESULT_TIMED_OUT',
      status: 'DEADLINE_EXCEEDED',
    });
  });

  it('reads records after a position, in order, a page at a time', async () => {
    // given some records
    const all = await harness.engine.records({ limit: 5 });

    // when the next page is read after the last position seen
    const next = await harness.engine.records({ afterPosition: all.at(-1)!.position, limit: 5 });

    // then positions strictly increase across pages
    const positions = [...all, ...next].map((record) => BigInt(record.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('deleting a process definition cancels its running instances', async () => {
    // given a running instance of a definition
    const deployment = await deployModel(
      harness.engine,
      processModel(
        'deletable',
        [startEvent(), serviceTask('t', 'deletable'), endEvent()],
        path('start', 't', 'end'),
      ),
    );
    const key = deployment.processes[0]!.processDefinitionKey;
    const { processInstanceKey } = await harness.engine.createProcessInstance({
      processDefinitionKey: key,
    });

    // when the definition is deleted
    await harness.engine.deleteResource(key);

    // then its instance is gone and no new instance can start
    await expect(harness.engine.cancelProcessInstance(processInstanceKey)).rejects.toMatchObject({
      code: 'PROCESS_INSTANCE_NOT_FOUND',
    });
    await expect(
      harness.engine.createProcessInstance({ processDefinitionKey: key }),
    ).rejects.toMatchObject({ code: 'PROCESS_NOT_FOUND' });
    await expect(harness.engine.deleteResource(key)).rejects.toMatchObject({
      code: 'RESOURCE_NOT_FOUND',
    });
  });
});
