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
  let document: Variables;
  try {
    document = JSON.parse(JSON.stringify(variables)) as Variables;
  } catch (error) {
    throw new EngineError('INVALID_VARIABLES', `${what} cannot be stored as JSON`, {
      cause: error,
    });
  }
  const forbidden = forbiddenKeyPath(document);
  if (forbidden) {
    throw new EngineError(
      'INVALID_VARIABLES',
      forbidden === FORBIDDEN_KEY
        ? `${what} contain a variable named "${FORBIDDEN_KEY}", which the engine does not accept; rename it`
        : `${what} contain the key "${FORBIDDEN_KEY}" at <${forbidden}>, which the engine does not accept; rename it`,
    );
  }
  return document;
}

/**
 * `__proto__` is refused as a variable name and as a key anywhere inside a value: JSON.parse
 * makes it an own property, but any later plain assignment or merge of it would replace an
 * object's prototype instead of storing data.
 */
const FORBIDDEN_KEY = '__proto__';

/** The dotted path of the first `__proto__` own key in a JSON value, or undefined. */
function forbiddenKeyPath(value: unknown, path = ''): string | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = forbiddenKeyPath(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const here = path === '' ? key : `${path}.${key}`;
    if (key === FORBIDDEN_KEY) return here;
    const found = forbiddenKeyPath(item, here);
    if (found) return found;
  }
  return undefined;
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
