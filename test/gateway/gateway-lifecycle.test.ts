import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZeebeClient } from '../../platform/zeebe-client.ts';
import {
  deployProcess,
  gatewayTargets,
  openGatewayUnderTest,
  type GatewayUnderTest,
} from './gateway-harness.ts';
import { serviceTasksInSequence, uniqueName } from './models.ts';

const UNIMPLEMENTED = 12;
const RESOURCE_EXHAUSTED = 8;

const unsupported: [rpc: string, send: (zeebe: ZeebeClient) => Promise<unknown>][] = [
  ['EvaluateDecision', (zeebe) => zeebe.evaluateDecision({ decisionId: 'any', variables: {} })],
  ['BroadcastSignal', (zeebe) => zeebe.broadcastSignal({ signalName: 'any' })],
  [
    'ModifyProcessInstance',
    (zeebe) => zeebe.modifyProcessInstance({ processInstanceKey: '1', activateInstructions: [] }),
  ],
  [
    'MigrateProcessInstance',
    (zeebe) =>
      zeebe.migrateProcessInstance({
        processInstanceKey: '1',
        migrationPlan: { targetProcessDefinitionKey: '1', mappingInstructions: [] },
      }),
  ],
];

describe.each(gatewayTargets)('the gateway as a Zeebe cluster ($name)', (target) => {
  let gateway: GatewayUnderTest;
  let zeebe: ZeebeClient;

  beforeAll(async () => {
    gateway = await openGatewayUnderTest(target);
    zeebe = gateway.client();
  });

  afterAll(() => gateway?.stop());

  it('reports a healthy leader for every partition in its topology', async () => {
    // when the topology is asked for
    const topology = await zeebe.topology();

    // then every partition has a healthy leader, and the embedded engine is one broker
    const partitions = topology.brokers.flatMap((broker) => broker.partitions);
    expect(partitions.filter((p) => p.role === 'LEADER' && p.health === 'HEALTHY')).toHaveLength(
      topology.partitionsCount,
    );
    expect(topology.gatewayVersion).toMatch(/^\d+\.\d+\.\d+/);
    if (gateway.embedded) {
      expect(topology).toMatchObject({ clusterSize: 1, partitionsCount: 1, replicationFactor: 1 });
      expect(topology.brokers).toHaveLength(1);
    }
  });

  it.runIf(target.embedded).each(unsupported)(
    'answers %s with UNIMPLEMENTED saying why',
    async (rpc, send) => {
      // when an RPC the embedded engine does not carry out is called
      const calling = send(zeebe);

      // then it says so
      await expect(calling).rejects.toMatchObject({
        code: UNIMPLEMENTED,
        details: expect.stringContaining(`${rpc} is not implemented`),
      });
    },
  );

  it.runIf(target.embedded)(
    'refuses commands beyond its in-flight limit with RESOURCE_EXHAUSTED but still completes jobs',
    async () => {
      // given a gateway that admits one command at a time, busy waiting for an instance's result
      const processId = uniqueName('limited');
      const jobType = uniqueName('limited-job');
      await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [jobType]));
      const limited = await gateway.startGateway({ maxInFlightCommands: 1 });
      const busy = limited.client().createProcessInstanceWithResult({
        bpmnProcessId: processId,
        variables: {},
        requestTimeout: 20_000,
      });
      const [job] = await zeebe.activateJobs({
        type: jobType,
        worker: 'limit-test',
        maxJobsToActivate: 1,
        timeout: 60_000,
        requestTimeout: 10_000,
      });

      // when another command arrives, and the waiting instance's job is completed
      const noRetries = limited.client({ zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false } });
      const another = noRetries
        .createProcessInstance({ bpmnProcessId: processId, variables: {} })
        .then(
          () => 'admitted',
          (error: unknown) => error,
        );
      await expect(another).resolves.toMatchObject({ code: RESOURCE_EXHAUSTED });
      await noRetries.completeJob({ jobKey: job?.key ?? '', variables: { done: true } });

      // then the other command was refused for overload, and the job completion went through
      await expect(another).resolves.toMatchObject({
        details: expect.stringMatching(/commands in flight \(limit 1\); retry/),
      });
      await expect(busy).resolves.toMatchObject({ variables: { done: true } });
    },
  );

  it('keeps an SDK worker working across a gateway restart without restarting the worker', async (context) => {
    if (!gateway.embedded) context.skip();

    // given a worker polling the gateway
    const processId = uniqueName('restart');
    const jobType = uniqueName('restart-job');
    await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [jobType]));
    zeebe.createWorker({
      taskType: jobType,
      taskHandler: (job) => job.complete({ handledAfterRestart: true }),
    });

    // when the gateway restarts and an instance is created
    await gateway.restartGateway();
    const result = await zeebe.createProcessInstanceWithResult({
      bpmnProcessId: processId,
      variables: {},
      requestTimeout: 30_000,
    });

    // then the same worker handled its job
    expect(result.variables).toMatchObject({ handledAfterRestart: true });
  }, 60_000);
});
