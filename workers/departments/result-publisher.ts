import type { Zeebe } from '@camunda8/sdk';

import {
  RESULT_MESSAGE,
  resultCorrelationKey,
  type ItemResult,
} from '../../bpmn/process-contract.ts';
import { WorkerError } from '../errors.ts';

/** Delivers a department's decision on an item to the instance waiting for it. */
export interface ResultPublisher {
  /**
   * Publishes `department-result` with the item's correlation key as both key and message
   * id, so publishing the same decision again while it is buffered changes nothing.
   * Throws `WorkerError` `RESULT_PUBLISH_FAILED` (retry) when the engine is unreachable.
   */
  publish(applicationId: string, result: ItemResult): Promise<void>;
}

const ALREADY_EXISTS = 6;

/** `ResultPublisher` over the gateway's PublishMessage, buffered for `timeToLiveMs`. */
export function zeebeResultPublisher(
  zeebe: Zeebe.ZeebeGrpcClient,
  timeToLiveMs: number,
): ResultPublisher {
  return {
    async publish(applicationId, result) {
      const correlationKey = resultCorrelationKey(applicationId, result.item);
      try {
        await zeebe.publishMessage({
          name: RESULT_MESSAGE,
          correlationKey,
          messageId: correlationKey,
          timeToLive: timeToLiveMs,
          variables: { result: { ...result } },
        });
      } catch (error) {
        if ((error as { code?: unknown }).code === ALREADY_EXISTS) return;
        throw new WorkerError('RESULT_PUBLISH_FAILED', `<${correlationKey}>`, { cause: error });
      }
    },
  };
}
