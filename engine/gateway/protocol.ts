/**
 * The Zeebe gateway protocol as the installed `@camunda8/sdk` ships it: `zeebe.proto`,
 * package `gateway_protocol`, service `Gateway`. Loaded from the package at run time so the
 * gateway always speaks exactly the protocol its clients were built against.
 */
import { createRequire } from 'node:module';
import { loadPackageDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

const require = createRequire(import.meta.url);

/** Where the SDK keeps its copy of `zeebe.proto`. */
export const protoPath = require.resolve('@camunda8/sdk/dist/proto/zeebe.proto');

/**
 * The version this gateway reports in `Topology`: the major and minor version of the SDK
 * whose protocol it serves (clients compare `major.minor`, e.g. to choose an 8.8 code path).
 */
export const gatewayVersion = versionOfSdk();

/**
 * The `Gateway` service definition. int64 fields travel as decimal strings (`longs: String`),
 * enums as their names, absent fields as their proto3 defaults, field names as in the proto.
 */
export function loadGatewayService(): ServiceDefinition {
  const packageDefinition = loadSync(protoPath, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const loaded = loadPackageDefinition(packageDefinition) as unknown as {
    gateway_protocol: { Gateway: { service: ServiceDefinition } };
  };
  return loaded.gateway_protocol.Gateway.service;
}

function versionOfSdk(): string {
  const { version } = require('@camunda8/sdk/package.json') as { version: string };
  const [major, minor] = version.split('.');
  return `${major}.${minor}.0`;
}
