/**
 * The Zeebe gateway (gRPC) of the embedded engine.
 */
export { startGateway, GatewayListenError } from './gateway-server.ts';
export type { Gateway, GatewayOptions } from './gateway-server.ts';
export { GatewayError, gatewayErrors } from './gateway-errors.ts';
export type { GatewayErrorCode } from './gateway-errors.ts';
export { gatewayVersion } from './protocol.ts';
