import type { Zeebe } from '@camunda8/sdk';
import { PROCESS_ID, type StartVariables } from '../../bpmn/process-contract.ts';

/**
 * What the server asks of the engine: start an application's instance and cancel one.
 * Implemented over the Zeebe gRPC client of `@camunda8/sdk`, so the embedded engine and a
 * Zeebe cluster are the same to the server.
 */
export interface ProcessInstances {
  /** Starts the latest version of the provincial process; resolves to the instance key. */
  create(variables: StartVariables): Promise<string>;
  /** Cancels an instance; an instance already gone counts as cancelled. */
  cancel(processInstanceKey: string): Promise<void>;
}

/**
 * `ProcessInstances` over an SDK client. Build the client with the SDK's own retry off
 * (`ZEEBE_GRPC_CLIENT_RETRY=false`): the server retries starts itself, in the background.
 */
export function zeebeProcessInstances(client: Zeebe.ZeebeGrpcClient): ProcessInstances {
  return {
    create: async (variables) => {
      const created = await client.createProcessInstance({
        bpmnProcessId: PROCESS_ID,
        variables: { ...variables },
      });
      return String(created.processInstanceKey);
    },
    cancel: async (processInstanceKey) => {
      try {
        await client.cancelProcessInstance(processInstanceKey);
      } catch (error) {
        if (grpcCode(error) !== 5) throw error;
      }
    },
  };
}

/** gRPC status code of an SDK error (5 = NOT_FOUND), when it carries one. */
function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}
