import { DEFAULT_TENANT, type Variables } from '../api.ts';
import { EngineError } from '../errors.ts';

const MAX_KEY = 2n ** 63n - 1n;

/** A key must be the decimal string of a positive 64-bit integer. */
export function assertKey(key: unknown, what: string): string {
  if (
    typeof key !== 'string' ||
    !/^\d{1,19}$/.test(key) ||
    BigInt(key) < 1n ||
    BigInt(key) > MAX_KEY
  ) {
    throw new EngineError(
      'INVALID_KEY',
      `${what} <${String(key)}> is not a key; send the decimal string of a positive 64-bit integer`,
    );
  }
  return key;
}

/** A variables document must be a JSON object; absent means empty. */
export function assertVariables(variables: unknown, what = 'variables'): Variables {
  if (variables === undefined || variables === null) return {};
  if (typeof variables !== 'object' || Array.isArray(variables)) {
    throw new EngineError(
      'INVALID_VARIABLES',
      `${what} must be a JSON object such as {"name": "value"}, not ${describe(variables)}`,
    );
  }
  try {
    return JSON.parse(JSON.stringify(variables)) as Variables;
  } catch (error) {
    throw new EngineError('INVALID_VARIABLES', `${what} cannot be stored as JSON`, {
      cause: error,
    });
  }
}

/** Empty or absent → `<default>`; otherwise Zeebe's tenant id format. */
export function resolveTenant(tenantId: unknown): string {
  if (tenantId === undefined || tenantId === null || tenantId === '') return DEFAULT_TENANT;
  if (tenantId === DEFAULT_TENANT) return tenantId;
  if (typeof tenantId !== 'string' || !/^[\w.-]{1,31}$/.test(tenantId)) {
    throw new EngineError(
      'INVALID_TENANT',
      `tenant id <${String(tenantId)}> is not valid; send <default> or up to 31 letters, digits, _ . -`,
    );
  }
  return tenantId;
}

export function assertText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new EngineError('INVALID_ARGUMENT', `${what} must be a non-empty string`);
  }
  return value;
}

export function assertInteger(value: unknown, what: string, minimum: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `${what} must be an integer of at least ${minimum}, not ${describe(value)}`,
    );
  }
  return value;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}
