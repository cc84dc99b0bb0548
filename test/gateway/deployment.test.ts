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
  'deployments and process instances through the gateway ($name)',
  (target) => {
    let gateway: GatewayUnderTest;
    let zeebe: ZeebeClient;

    beforeAll(async () => {
      gateway = await openGatewayUnderTest(target);
      zeebe = gateway.client();
    });

    afterAll(() => gateway?.stop());

    it('deploys a BPMN model and reports its process with an int64 key as a decimal string', async () => {
      // given a model
      const processId = uniqueName('deploy');
      const xml = serviceTasksInSequence(processId, [uniqueName('job')]);

      // when it is deployed
      const deployment = await zeebe.deployResource({
        process: Buffer.from(xml),
        name: `${processId}.bpmn`,
      });

      // then the response names the process, its first version and its key
      expect(deployment.key).toMatch(/^\d+$/);
      expect(deployment.deployments).toHaveLength(1);
      expect(deployment.deployments[0]?.process).toMatchObject({
        bpmnProcessId: processId,
        version: 1,
        resourceName: `${processId}.bpmn`,
        processDefinitionKey: expect.stringMatching(/^\d+$/),
      });
    });

    it('gives a changed model of the same process the next version', async () => {
      // given a deployed process
      const processId = uniqueName('versions');
      await deploy(zeebe, processId, [uniqueName('first')]);

      // when a changed model of it is deployed
      const second = await deploy(zeebe, processId, [uniqueName('second')]);

      // then it is version 2
      expect(second.version).toBe(2);
    });

    it('refuses a resource that is not BPMN with INVALID_ARGUMENT naming the resource', async () => {
      // when a file that is not a BPMN model is deployed
      const deploying = zeebe.deployResource({
        process: Buffer.from('not a model'),
        name: 'notes.txt',
      });

      // then it is refused, saying which resource
      await expect(deploying).rejects.toMatchObject({
        code: 3,
        details: expect.stringContaining('notes.txt'),
      });
    });

    it('creates an instance of the latest version by process id, with variables', async () => {
      // given two versions of a process
      const processId = uniqueName('latest');
      await deploy(zeebe, processId, [uniqueName('job')]);
      const latest = await deploy(zeebe, processId, [uniqueName('job')]);

      // when an instance is created by process id
      const created = await zeebe.createProcessInstance({
        bpmnProcessId: processId,
        variables: { amount: 1 },
      });

      // then it runs the latest version
      expect(created).toMatchObject({
        bpmnProcessId: processId,
        version: 2,
        processDefinitionKey: latest.processDefinitionKey,
        processInstanceKey: expect.stringMatching(/^\d+$/),
      });
    });

    it('creates an instance of an older version when the version is given', async () => {
      // given two versions of a process
      const processId = uniqueName('older');
      const first = await deploy(zeebe, processId, [uniqueName('job')]);
      await deploy(zeebe, processId, [uniqueName('job')]);

      // when an instance of version 1 is created
      const created = await zeebe.createProcessInstance({
        bpmnProcessId: processId,
        version: 1,
        variables: {},
      });

      // then it runs version 1
      expect(created).toMatchObject({
        version: 1,
        processDefinitionKey: first.processDefinitionKey,
      });
    });

    it('answers NOT_FOUND for a process id that was never deployed', async () => {
      // when an instance of an unknown process is created
      const creating = zeebe.createProcessInstance({
        bpmnProcessId: uniqueName('never'),
        variables: {},
      });

      // then it is not found
      await expect(creating).rejects.toMatchObject({ code: 5 });
    });

    it('deletes a process definition so instances of it can no longer be created', async () => {
      // given a deployed process
      const processId = uniqueName('deleted');
      const deployed = await deploy(zeebe, processId, [uniqueName('job')]);

      // when its definition is deleted
      await zeebe.deleteResource({ resourceKey: deployed.processDefinitionKey });

      // then no instance of it can be created
      await expect(
        zeebe.createProcessInstance({ bpmnProcessId: processId, variables: {} }),
      ).rejects.toMatchObject({ code: 5 });
    });
  },
);

function deploy(zeebe: ZeebeClient, processId: string, jobTypes: string[]) {
  return deployProcess(zeebe, processId, serviceTasksInSequence(processId, jobTypes));
}
