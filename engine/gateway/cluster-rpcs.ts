/**
 * `Topology`, and the RPCs the embedded engine does not carry out.
 */
import { GatewayError } from './gateway-errors.ts';
import type { GatewayContext, UnaryHandler } from './gateway-context.ts';
import { gatewayVersion } from './protocol.ts';
import type { TopologyResponse } from './wire.ts';

/**
 * RPCs answered with `UNIMPLEMENTED`, and why. A client that needs one of them needs a
 * Zeebe cluster.
 */
const unsupported = {
  EvaluateDecision: 'the embedded engine does not evaluate DMN decisions',
  ModifyProcessInstance: 'the embedded engine does not modify running process instances',
  MigrateProcessInstance: 'the embedded engine does not migrate process instances between versions',
  BroadcastSignal: 'the embedded engine does not support signal events yet',
} as const;

/** The embedded engine as a cluster: one broker, leader of its one healthy partition. */
export function clusterRpcs(context: GatewayContext): Record<string, UnaryHandler> {
  const { settings } = context;

  const handlers: Record<string, UnaryHandler> = {
    Topology: async (): Promise<TopologyResponse> => ({
      brokers: [
        {
          nodeId: 0,
          host: settings.host,
          port: settings.port,
          partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
          version: gatewayVersion,
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion,
    }),
  };

  for (const [rpc, reason] of Object.entries(unsupported)) {
    handlers[rpc] = async () => {
      throw new GatewayError(
        'NOT_SUPPORTED',
        `${rpc} is not implemented: ${reason}; use a Zeebe cluster for it`,
      );
    };
  }
  return handlers;
}
