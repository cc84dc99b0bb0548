import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZeebeClient } from '../../platform/zeebe-client.ts';
import {
  deployProcess,
  gatewayTargets,
  openGatewayUnderTest,
  type GatewayUnderTest,
} from './gateway-harness.ts';
import { messageAfterTask, uniqueName } from './models.ts';

describe.each(gatewayTargets)('messages through the gateway ($name)', (target) => {
  let gateway: GatewayUnderTest;
  let zeebe: ZeebeClient;

  beforeAll(async () => {
    gateway = await openGatewayUnderTest(target);
    zeebe = gateway.client();
  });

  afterAll(() => gateway?.stop());

  /** A process that prepares, then waits for `messageName` by `orderId`, and its worker. */
  async function approvalProcess(onPrepared: () => void = () => {}) {
    const processId = uniqueName('approval');
    const messageName = uniqueName('approved');
    const prepareType = uniqueName('prepare');
    await deployProcess(
      zeebe,
      processId,
      messageAfterTask(processId, { prepareType, messageName }),
    );
    zeebe.createWorker({
      taskType: prepareType,
      taskHandler: async (job) => {
        const acknowledged = await job.complete();
        onPrepared();
        return acknowledged;
      },
    });
    return { processId, messageName };
  }

  it('correlates a message buffered with a time to live to a subscription that opens later', async () => {
    // given a message published before any instance waits for it
    const { processId, messageName } = await approvalProcess();
    const orderId = uniqueName('order');
    await zeebe.publishMessage({
      name: messageName,
      correlationKey: orderId,
      timeToLive: 60_000,
      variables: { approvedBy: 'early clerk' },
    });

    // when an instance reaches the message catch event
    const result = await zeebe.createProcessInstanceWithResult({
      bpmnProcessId: processId,
      variables: { orderId },
    });

    // then the buffered message completed it, with its variables
    expect(result.variables).toMatchObject({ approvedBy: 'early clerk' });
  });

  it('correlates a message published while the instance waits for it', async () => {
    // given an instance that waits for a message once its task is done
    let prepared = false;
    const { processId, messageName } = await approvalProcess(() => (prepared = true));
    const orderId = uniqueName('order');
    const result = zeebe.createProcessInstanceWithResult({
      bpmnProcessId: processId,
      variables: { orderId },
      requestTimeout: 20_000,
    });

    // when the message is published without time to live after the subscription opened
    let done = false;
    void result.finally(() => (done = true));
    while (!done) {
      if (prepared) {
        await zeebe.publishMessage({
          name: messageName,
          correlationKey: orderId,
          timeToLive: 0,
          variables: { approvedBy: 'late clerk' },
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // then it completed the instance, with its variables
    await expect(result).resolves.toMatchObject({ variables: { approvedBy: 'late clerk' } });
  });

  it('drops a message without time to live that no subscription waited for', async () => {
    // given a message without time to live published before any instance waits
    const { processId, messageName } = await approvalProcess();
    const orderId = uniqueName('order');
    await zeebe.publishMessage({
      name: messageName,
      correlationKey: orderId,
      timeToLive: 0,
      variables: { approvedBy: 'nobody' },
    });

    // when an instance waits and a buffered message follows
    const result = zeebe.createProcessInstanceWithResult({
      bpmnProcessId: processId,
      variables: { orderId },
    });
    await zeebe.publishMessage({
      name: messageName,
      correlationKey: orderId,
      timeToLive: 60_000,
      variables: { approvedBy: 'second clerk' },
    });

    // then only the buffered message correlated
    await expect(result).resolves.toMatchObject({ variables: { approvedBy: 'second clerk' } });
  });

  it('refuses a message whose id is already buffered with ALREADY_EXISTS', async () => {
    // given a buffered message with an id
    const message = {
      name: uniqueName('duplicate'),
      correlationKey: uniqueName('order'),
      messageId: uniqueName('message'),
      timeToLive: 60_000,
      variables: {},
    };
    await zeebe.publishMessage(message);

    // when the same message is published again
    const again = zeebe.publishMessage(message);

    // then it is refused
    await expect(again).rejects.toMatchObject({ code: 6 });
  });

  it('publishes a message and answers its key as a decimal string', async () => {
    // when a message is published
    const published = await zeebe.publishMessage({
      name: uniqueName('keyed'),
      correlationKey: uniqueName('order'),
      timeToLive: 1_000,
      variables: { a: 1 },
    });

    // then its key is an int64 in decimal
    expect(published.key).toMatch(/^\d+$/);
  });
});
