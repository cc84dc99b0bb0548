/**
 * The one way this project makes a Zeebe client: `@camunda8/sdk`'s Zeebe gRPC client,
 * pointed at `ZEEBE_GRPC_ADDRESS`.
 *
 * The embedded engine's gateway speaks plain text and needs no credentials, so a bare
 * `host:port` becomes `grpc://host:port`. Everything else is the SDK's own configuration
 * and keeps working as the Camunda docs describe: `grpcs://host:port` for TLS, the OAuth
 * variables (`CAMUNDA_AUTH_STRATEGY`, `ZEEBE_CLIENT_ID`, `ZEEBE_CLIENT_SECRET`,
 * `CAMUNDA_OAUTH_URL`, …), and the legacy `CAMUNDA_SECURE_CONNECTION` /
 * `ZEEBE_INSECURE_CONNECTION`, which, when set, decide TLS for a bare address. So pointing
 * workers at a Zeebe cluster is configuration only.
 */
import { Zeebe } from '@camunda8/sdk';
import type { Config } from './config.ts';

export type ZeebeClient = Zeebe.ZeebeGrpcClient;

/** The SDK's constructor configuration (`CamundaSDKConfiguration`, every field optional). */
export type ZeebeClientConfig = NonNullable<
  NonNullable<ConstructorParameters<typeof Zeebe.ZeebeGrpcClient>[0]>['config']
>;

export interface ZeebeClientOptions {
  /** The SDK's own log level; absent → its `ZEEBE_CLIENT_LOG_LEVEL` (default `INFO`). */
  logLevel?: 'DEBUG' | 'INFO' | 'ERROR' | 'NONE';
  /** Further SDK settings, e.g. `{ zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false } }`. */
  sdk?: ZeebeClientConfig;
  /** Environment the SDK settings are read from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** Creates the client; close it with `client.close()` when done. */
export function createZeebeClient(
  config: Pick<Config, 'ZEEBE_GRPC_ADDRESS'>,
  options: ZeebeClientOptions = {},
): ZeebeClient {
  return new Zeebe.ZeebeGrpcClient({ config: zeebeClientConfig(config, options) });
}

/** The configuration `createZeebeClient` hands the SDK; the SDK merges its env on top. */
export function zeebeClientConfig(
  config: Pick<Config, 'ZEEBE_GRPC_ADDRESS'>,
  options: ZeebeClientOptions = {},
): ZeebeClientConfig {
  const env = options.env ?? process.env;
  const sdk = options.sdk ?? {};
  const logLevel = options.logLevel ?? env.ZEEBE_CLIENT_LOG_LEVEL;

  return {
    ...sdk,
    ZEEBE_GRPC_ADDRESS: grpcAddress(config.ZEEBE_GRPC_ADDRESS, env),
    zeebeGrpcSettings: {
      ...sdk.zeebeGrpcSettings,
      ...(logLevel ? { ZEEBE_CLIENT_LOG_LEVEL: logLevel as 'INFO' } : {}),
    },
  };
}

/**
 * `grpc://host:port` (plain text) for a bare address, unless the SDK's legacy TLS
 * variables are set; an address with `grpc://` or `grpcs://` is used as given.
 */
export function grpcAddress(address: string, env: NodeJS.ProcessEnv = process.env): string {
  if (address.includes('://')) return address;

  const legacyTls =
    env.CAMUNDA_SECURE_CONNECTION !== undefined || env.ZEEBE_INSECURE_CONNECTION !== undefined;
  return legacyTls ? address : `grpc://${address}`;
}
