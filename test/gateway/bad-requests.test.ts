import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayService } from '../../engine/gateway/protocol.ts';
import type { ZeebeClient } from '../../platform/zeebe-client.ts';
import {
  deployProcess,
  gatewayTargets,
  openGatewayUnderTest,
  type GatewayUnderTest,
} from './gateway-harness.ts';
import { serviceTasksInSequence, uniqueName } from './models.ts';

/** gRPC status codes, as `@grpc/grpc-js` numbers them. */
const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;

type BadRequest = [
  what: string,
  send: (zeebe: ZeebeClient) => Promise<unknown>,
  code: number,
  mentions: RegExp,
];

const activation = { worker: 'w', maxJobsToActivate: 1, timeout: 1_000, requestTimeout: -1 };
const unknownKey = '2251799813685249999';

/** SetVariables with a variables document sent as given (the SDK passes text through). */
function rawVariables(text: string) {
  return { elementInstanceKey: unknownKey, variables: text } as unknown as Parameters<
    ZeebeClient['setVariables']
  >[0];
}

/**
 * CreateProcessInstance sent with raw grpc-js: the SDK's serializer drops a `__proto__` key,
 * a raw client (or any other language's) sends it.
 */
function createRawInstance(address: string, bpmnProcessId: string, variables: string) {
  const Gateway = makeGenericClientConstructor(loadGatewayService(), 'Gateway');
  const client = new Gateway(address, credentials.createInsecure());
  const call = client['CreateProcessInstance'] as (
    request: object,
    callback: (error: ServiceError | null) => void,
  ) => void;
  return new Promise<void>((resolve, reject) => {
    call.call(client, { bpmnProcessId, version: -1, variables }, (error) => {
      client.close();
      if (error) reject(error);
      else resolve();
    });
  });
}

const badRequests: BadRequest[] = [
  [
    'a blank job type',
    (zeebe) => zeebe.activateJobs({ ...activation, type: '' }),
    INVALID_ARGUMENT,
    /type/,
  ],
  [
    'maxJobsToActivate 0',
    (zeebe) => zeebe.activateJobs({ ...activation, type: 'any', maxJobsToActivate: 0 }),
    INVALID_ARGUMENT,
    /maxJobsToActivate/,
  ],
  [
    'a job timeout of 0',
    (zeebe) => zeebe.activateJobs({ ...activation, type: 'any', timeout: 0 }),
    INVALID_ARGUMENT,
    /timeout/,
  ],
  [
    'variables that are a JSON array',
    (zeebe) => zeebe.setVariables(rawVariables('[1, 2]')),
    INVALID_ARGUMENT,
    /variables/,
  ],
  [
    'variables that are not JSON',
    (zeebe) => zeebe.setVariables(rawVariables('{oops')),
    INVALID_ARGUMENT,
    /variables/i,
  ],
  [
    'variables that are JSON null',
    (zeebe) => zeebe.setVariables(rawVariables('null')),
    INVALID_ARGUMENT,
    /variables/,
  ],
  [
    'an unknown job key',
    (zeebe) => zeebe.completeJob({ jobKey: unknownKey, variables: {} }),
    NOT_FOUND,
    new RegExp(unknownKey),
  ],
  [
    'an unknown process instance key',
    (zeebe) => zeebe.cancelProcessInstance(unknownKey),
    NOT_FOUND,
    new RegExp(unknownKey),
  ],
  [
    'an unknown incident key',
    (zeebe) => zeebe.resolveIncident({ incidentKey: unknownKey }),
    NOT_FOUND,
    new RegExp(unknownKey),
  ],
];

describe.each(gatewayTargets)('bad requests to the gateway ($name)', (target) => {
  let gateway: GatewayUnderTest;
  let zeebe: ZeebeClient;

  beforeAll(async () => {
    gateway = await openGatewayUnderTest(target);
    zeebe = gateway.client();
  });

  afterAll(() => gateway?.stop());

  it.each(badRequests)(
    'refuses %s with the right status and a message naming it',
    async (_, send, code, mentions) => {
      // when the bad request is sent
      const sending = send(zeebe);

      // then it is refused with the status Zeebe uses and a message a person can act on
      await expect(sending).rejects.toMatchObject({
        code,
        details: expect.stringMatching(mentions),
      });
    },
  );

  it.runIf(target.embedded)(
    'refuses a tenant when multi-tenancy is off, naming the tenant',
    async () => {
      // when a message names a tenant
      const publishing = zeebe.publishMessage({
        name: uniqueName('tenant'),
        correlationKey: 'k',
        tenantId: '370100',
        variables: {},
      });

      // then it is refused, saying multi-tenancy is off
      await expect(publishing).rejects.toMatchObject({
        code: INVALID_ARGUMENT,
        details: expect.stringMatching(/<370100>.*multi-tenancy is off/),
      });
    },
  );

  it.runIf(target.embedded)(
    'refuses a __proto__ variable, naming it, and keeps serving afterwards',
    async () => {
      // given a deployed process
      const processId = uniqueName('proto');
      const jobType = uniqueName('proto-work');
      await deployProcess(zeebe, processId, serviceTasksInSequence(processId, [jobType]));

      // when an instance is created with a `__proto__` variable (raw grpc-js, as the tester did)
      const creating = createRawInstance(
        gateway.address(),
        processId,
        '{"__proto__":{"polluted":1}}',
      );
      const refused = { code: INVALID_ARGUMENT, details: expect.stringMatching(/"__proto__"/) };

      // then it is refused as an invalid argument naming the variable, and so is SetVariables
      // given one as raw text
      await expect(creating).rejects.toMatchObject(refused);
      await expect(
        zeebe.setVariables(rawVariables('{"__proto__":{"polluted":1}}')),
      ).rejects.toMatchObject(refused);

      // and nothing was polluted: another instance is created and its job completes
      expect('polluted' in {}).toBe(false);
      const { processInstanceKey } = await zeebe.createProcessInstance({
        bpmnProcessId: processId,
        variables: { constructor: 'kept' },
      });
      const jobs = await zeebe.activateJobs({ ...activation, type: jobType, timeout: 60_000 });
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ processInstanceKey, variables: { constructor: 'kept' } });
      await zeebe.completeJob({ jobKey: jobs[0]!.key, variables: {} });
    },
  );
});
