import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/databases.ts';
import { endEvent, path, processModel, serviceTask, startEvent } from './support/bpmn.ts';
import { deployModel, openHarness, type EngineHarness } from './support/harness.ts';

const model = (type: string) =>
  processModel(
    'versioned',
    [startEvent(), serviceTask('task', type), endEvent()],
    path('start', 'task', 'end'),
  );

describe.each(databaseTargets)('deployments on $name', (target) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await openHarness(target);
  });

  afterAll(() => harness.close());

  it('gives each changed deployment of a process id the next version', async () => {
    // given a process deployed once
    const first = await deployModel(harness.engine, model('a'));

    // when a changed model with the same process id is deployed
    const second = await deployModel(harness.engine, model('b'));

    // then it is version 2 with its own key, in the default tenant
    expect(first.processes).toEqual([
      expect.objectContaining({ bpmnProcessId: 'versioned', version: 1, duplicate: false }),
    ]);
    expect(second.processes[0]).toMatchObject({
      version: 2,
      duplicate: false,
      tenantId: '<default>',
    });
    expect(second.processes[0]!.processDefinitionKey).not.toBe(
      first.processes[0]!.processDefinitionKey,
    );
  });

  it('returns the existing version when identical XML is deployed again', async () => {
    // given the latest version
    const latest = await deployModel(harness.engine, model('c'));

    // when the identical resource is deployed again
    const again = await deployModel(harness.engine, model('c'));

    // then the same definition comes back, marked as a duplicate
    expect(again.processes[0]).toMatchObject({
      version: latest.processes[0]!.version,
      processDefinitionKey: latest.processes[0]!.processDefinitionKey,
      duplicate: true,
    });
  });

  it('keeps versions apart per tenant', async () => {
    // when the same process id is deployed for a city tenant
    const city = await harness.engine.deploy({
      resources: [{ name: 'city.bpmn', content: model('city') }],
      tenantId: '370100',
    });

    // then the tenant starts at version 1 and instances start there
    expect(city.processes[0]).toMatchObject({ version: 1, tenantId: '370100' });
    const created = await harness.engine.createProcessInstance({
      bpmnProcessId: 'versioned',
      tenantId: '370100',
    });
    expect(created).toMatchObject({ version: 1, tenantId: '370100' });
  });

  it('refuses a resource that is not BPMN, naming it', async () => {
    // when a resource with another extension is deployed
    const attempt = harness.engine.deploy({ resources: [{ name: 'notes.txt', content: 'x' }] });

    // then it is refused with a stable code
    await expect(attempt).rejects.toMatchObject({
      code: 'RESOURCE_NOT_BPMN',
      status: 'INVALID_ARGUMENT',
    });
  });

  it('writes PROCESS and DEPLOYMENT records', async () => {
    // when a new process is deployed
    const deployment = await deployModel(harness.engine, model('recorded'));

    // then its PROCESS CREATED precedes the DEPLOYMENT CREATED record
    const records = await harness.engine.records({ limit: 10_000 });
    const ours = records.filter(
      (record) =>
        record.key === deployment.key ||
        record.key === deployment.processes[0]!.processDefinitionKey,
    );
    expect(ours.map((record) => `${record.valueType}:${record.intent}`)).toEqual([
      'PROCESS:CREATED',
      'DEPLOYMENT:CREATED',
    ]);
  });

  it('starts instances of the latest version unless a version is named', async () => {
    // given versions of the process
    const latest = await deployModel(harness.engine, model('newest'));

    // when instances start by process id with and without a version
    const byLatest = await harness.engine.createProcessInstance({ bpmnProcessId: 'versioned' });
    const byVersion = await harness.engine.createProcessInstance({
      bpmnProcessId: 'versioned',
      version: 1,
    });

    // then each runs the version asked for
    expect(byLatest.version).toBe(latest.processes[0]!.version);
    expect(byVersion.version).toBe(1);
    await expect(
      harness.engine.createProcessInstance({ bpmnProcessId: 'unknown-process' }),
    ).rejects.toMatchObject({ code: 'PROCESS_NOT_FOUND', status: 'NOT_FOUND' });
  });
});
