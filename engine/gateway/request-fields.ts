/**
 * Reading gateway requests into engine commands: variables documents, durations, required
 * text and tenants. Every function throws a `GatewayError` whose message names the field
 * and says what to send instead.
 */
import { DEFAULT_TENANT, type Variables } from '../api.ts';
import { GatewayError } from './gateway-errors.ts';

/**
 * A variables document (JSON text) as an object. Empty text means no variables; anything
 * that is not a JSON object (an array, a string, `null`, broken JSON) is refused.
 */
export function variablesDocument(field: string, json: string): Variables | undefined {
  if (json.trim() === '') return undefined;

  let value: unknown;
  try {
    // Known shortcoming: integers beyond 2^53 lose precision here; Zeebe keeps them exactly.
    value = JSON.parse(json);
  } catch (error) {
    throw new GatewayError(
      'INVALID_VARIABLES',
      `${field} is not valid JSON (${(error as Error).message}); send a JSON object such as {"amount": 1}`,
      { cause: error },
    );
  }

  if (!isPlainObject(value)) {
    throw new GatewayError(
      'INVALID_VARIABLES',
      `${field} must be a JSON object such as {"amount": 1}, but it is ${describe(value)}`,
    );
  }
  return value;
}

/** Variables as the JSON text the protocol carries. */
export function variablesJson(variables: Variables | undefined): string {
  return JSON.stringify(variables ?? {});
}

/** Text that must not be blank, e.g. a job type or a message name. */
export function requiredText(field: string, value: string, example: string): string {
  if (value.trim() === '') {
    throw new GatewayError('INVALID_REQUEST', `${field} must not be blank; send e.g. ${example}`);
  }
  return value;
}

/** An int64 that counts milliseconds, as a number; must be at least `min`. */
export function milliseconds(field: string, value: string, min: number): number {
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms < min) {
    throw new GatewayError(
      'INVALID_REQUEST',
      `${field} must be a whole number of milliseconds of at least ${min}, but it is ${value}`,
    );
  }
  return ms;
}

/** An int64 that may be negative or zero (e.g. a long-polling `requestTimeout`), as a number. */
export function signedMilliseconds(field: string, value: string): number {
  const ms = Number(value);
  if (!Number.isSafeInteger(ms)) {
    throw new GatewayError(
      'INVALID_REQUEST',
      `${field} must be a whole number of milliseconds, but it is ${value}`,
    );
  }
  return ms;
}

/** A whole number that must be at least `min`. */
export function atLeast(field: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new GatewayError(
      'INVALID_REQUEST',
      `${field} must be at least ${min}, but it is ${value}`,
    );
  }
  return value;
}

/**
 * Which tenants a gateway accepts. With multi-tenancy off (Zeebe's default, and this
 * engine's), only the default tenant exists: a tenant id must be empty or `<default>`.
 * With it on, a tenant id must be given and follow Zeebe's format.
 */
export class TenantPolicy {
  constructor(readonly multiTenancy: boolean) {}

  /** The tenant of a command (deploy, create, publish). */
  tenant(rpc: string, tenantId: string): string {
    if (!this.multiTenancy) {
      if (tenantId === '' || tenantId === DEFAULT_TENANT) return DEFAULT_TENANT;
      throw new GatewayError(
        'TENANT_NOT_ALLOWED',
        `${rpc} names tenant <${tenantId}>, but multi-tenancy is off; leave tenantId empty or send ${DEFAULT_TENANT}`,
      );
    }
    return this.checkFormat(rpc, tenantId);
  }

  /** The tenants a worker takes jobs from (ActivateJobs, StreamActivatedJobs). */
  tenants(rpc: string, tenantIds: string[]): string[] {
    if (!this.multiTenancy) {
      const other = tenantIds.find((tenantId) => tenantId !== DEFAULT_TENANT);
      if (other !== undefined) {
        throw new GatewayError(
          'TENANT_NOT_ALLOWED',
          `${rpc} names tenant <${other}>, but multi-tenancy is off; send no tenantIds or only ${DEFAULT_TENANT}`,
        );
      }
      return [DEFAULT_TENANT];
    }
    if (tenantIds.length === 0) {
      throw new GatewayError(
        'TENANT_NOT_ALLOWED',
        `${rpc} names no tenant, but multi-tenancy is on; send the tenantIds to take jobs from`,
      );
    }
    return [...new Set(tenantIds.map((tenantId) => this.checkFormat(rpc, tenantId)))];
  }

  private checkFormat(rpc: string, tenantId: string): string {
    if (tenantId === DEFAULT_TENANT || /^[A-Za-z0-9._-]{1,31}$/.test(tenantId)) return tenantId;
    throw new GatewayError(
      'TENANT_NOT_ALLOWED',
      `${rpc} names tenant <${tenantId}>, which is not a tenant id: use 1 to 31 letters, digits, '.', '-' or '_'`,
    );
  }
}

// helpers ////////////////////

function isPlainObject(value: unknown): value is Variables {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
