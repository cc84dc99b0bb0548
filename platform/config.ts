import { z } from 'zod';

/** The departments that run workers against a department system. */
const workerDepartments = ['hrss', 'medical', 'tax', 'tax-qingdao', 'housing-fund'] as const;

/**
 * Every setting the service reads from the environment, each with a default and one line of doc.
 *
 * Read once at start-up with `loadConfig()`; a bad value stops start-up with a
 * `ConfigError` naming the variable and what it accepts.
 */
const settings = {
  DATABASE_URL: {
    doc: 'PostgreSQL connection string; absent → PGlite files under DATA_DIR',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'a postgres:// or postgresql:// connection string')
      .optional(),
  },
  DATA_DIR: {
    doc: 'folder for PGlite databases and stored materials when DATABASE_URL is absent',
    schema: z.string().min(1, 'a folder path').default('./data'),
  },
  HTTP_PORT: {
    doc: 'port of the HTTP server (intake, status, pages)',
    schema: port(8080),
  },
  HTTP_HOST: {
    doc: 'address the HTTP server binds to',
    schema: z.string().min(1, 'a host name or IP address').default('127.0.0.1'),
  },
  ENGINE_GRPC_PORT: {
    doc: 'port the embedded engine serves the Zeebe gateway protocol on',
    schema: port(26500),
  },
  ENGINE_GRPC_HOST: {
    doc: 'address the embedded engine’s gateway binds to (plain text, no authentication)',
    schema: z.string().min(1, 'a host name or IP address').default('127.0.0.1'),
  },
  ENGINE_EMBEDDED: {
    doc: 'npm start runs the embedded engine (true) or uses the Zeebe gateway at ZEEBE_GRPC_ADDRESS (false)',
    schema: z
      .enum(['true', 'false'], { error: 'true or false' })
      .default('true')
      .transform((value) => value === 'true'),
  },
  ENGINE_HTTP_PORT: {
    doc: 'port of the embedded engine’s read-only records endpoint (HTTP, on ENGINE_GRPC_HOST)',
    schema: port(26501),
  },
  ENGINE_RECORDS_URL: {
    doc: 'base URL of the engine’s records endpoint the server’s operations timeline reads',
    schema: z.url('an http:// or https:// URL').default('http://127.0.0.1:26501'),
  },
  ZEEBE_GRPC_ADDRESS: {
    doc: 'host:port of the Zeebe gateway workers and the server talk to (the SDK’s own variable)',
    schema: z
      .string()
      .regex(/^(grpcs?:\/\/)?[^:\s]+:\d{1,5}$/, 'host:port, e.g. localhost:26500')
      .default('localhost:26500'),
  },
  DEPARTMENT_TOKENS: {
    doc: 'bearer tokens of the department API, department=token pairs separated by commas',
    schema: tokenMap(
      'hrss=dev-hrss,medical=dev-medical,tax=dev-tax,tax-qingdao=dev-tax-qingdao,' +
        'housing-fund=dev-housing-fund,province=dev-province',
    ),
  },
  CLERK_TOKENS: {
    doc: 'bearer tokens of window clerks (一窗受理), clerkId=token pairs separated by commas',
    schema: tokenMap('clerk-1=dev-clerk'),
  },
  ANALYST_TOKENS: {
    doc: 'bearer tokens of process analysts, analystId=token pairs separated by commas',
    schema: tokenMap('analyst-1=dev-analyst'),
  },
  MANAGER_TOKENS: {
    doc: 'bearer tokens of managers (monitoring, operations), managerId=token pairs',
    schema: tokenMap('manager-1=dev-manager'),
  },
  ONLINE_CHANNEL_TOKENS: {
    doc: 'bearer tokens of online channels submitting for applicants, channel=token pairs',
    schema: tokenMap('provincial-app=dev-online'),
  },
  STATUS_TOKEN_SECRET: {
    doc: 'secret that signs the status tokens given to applicants at submission (≥ 16 chars)',
    schema: z
      .string()
      .min(16, 'a secret of at least 16 characters')
      .default('dev-status-token-secret'),
  },
  IDENTITY_SERVICE_URL: {
    doc: 'base URL of the province’s identity data-sharing service; absent → the reference one',
    schema: z.url('an http:// or https:// URL').optional(),
  },
  IDENTITY_SERVICE_TOKEN: {
    doc: 'bearer token for IDENTITY_SERVICE_URL',
    schema: z.string().min(1).optional(),
  },
  SERVER_URL: {
    doc: 'base URL of the server whose department API the workers call',
    schema: z.url('an http:// or https:// URL').default('http://127.0.0.1:8080'),
  },
  DEPARTMENT_SYSTEMS: {
    doc: 'system each department’s workers call, department=reference|http pairs; unlisted → reference',
    schema: departmentMap(z.enum(['reference', 'http']), 'reference or http'),
  },
  DEPARTMENT_API_URLS: {
    doc: 'base URL of each department HTTP API named http in DEPARTMENT_SYSTEMS, department=url pairs',
    schema: departmentMap(z.url(), 'an http:// or https:// URL'),
  },
  DEPARTMENT_API_TOKENS: {
    doc: 'bearer token of each department HTTP API, department=token pairs',
    schema: departmentMap(z.string().min(1), 'a token'),
  },
  DEPARTMENT_REVIEW: {
    doc: 'departments whose reference system queues requests for a person’s review (comma list)',
    schema: z
      .string()
      .default('')
      .transform((raw) =>
        raw
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(workerDepartments, `one of ${workerDepartments.join(', ')}`))),
  },
  DEPARTMENT_RESULT_TTL_MS: {
    doc: 'how long a department’s result message waits for its instance, in milliseconds',
    schema: milliseconds(86_400_000),
  },
  WORKER_RETRY_BACKOFF_MS: {
    doc: 'wait before a job failed by a technical fault (system down or slow) is retried, ms',
    schema: milliseconds(30_000),
  },
  WORKER_JOB_TIMEOUT_MS: {
    doc: 'how long a worker holds an activated job before the engine may give it to another, ms',
    schema: milliseconds(60_000),
  },
  WORKER_HTTP_TIMEOUT_MS: {
    doc: 'timeout of each call a worker makes to the server or a department’s HTTP API, ms',
    schema: milliseconds(10_000),
  },
  LOG_LEVEL: {
    doc: 'pino log level',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
} as const;

type Settings = typeof settings;

export type Config = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

/** Thrown when an environment variable has a value its setting does not accept. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';

  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates every setting; empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};

  for (const [name, setting] of Object.entries(settings)) {
    const raw = env[name] === '' ? undefined : env[name];
    const parsed = (setting.schema as z.ZodType).safeParse(raw);
    if (parsed.success) {
      config[name] = parsed.data;
    } else {
      const accepts = parsed.error.issues.map((issue) => issue.message).join('; ');
      problems.push(`${name}=${JSON.stringify(raw)} is not accepted: ${accepts} (${setting.doc})`);
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return config as Config;
}

/** One line per setting, for `--help` output and the README. */
export function describeSettings(): string[] {
  return Object.entries(settings).map(([name, setting]) => `${name}: ${setting.doc}`);
}

/**
 * Names of the token settings still holding a token that starts with `dev-` (the
 * development defaults); start-up warns about each, since anyone can read them here.
 */
export function devTokensInUse(config: Config): string[] {
  const tokenSettings = [
    'DEPARTMENT_TOKENS',
    'CLERK_TOKENS',
    'ANALYST_TOKENS',
    'MANAGER_TOKENS',
    'ONLINE_CHANNEL_TOKENS',
  ] as const;
  const inUse: string[] = tokenSettings.filter((name) =>
    Object.values(config[name]).some((token) => token.startsWith('dev-')),
  );
  if (config.STATUS_TOKEN_SECRET.startsWith('dev-')) inUse.push('STATUS_TOKEN_SECRET');
  return inUse;
}

/** `a=x,b=y` → `{ a: 'x', b: 'y' }`; names and tokens are non-empty, tokens unique. */
function tokenMap(fallback: string) {
  const accepts = 'name=token pairs separated by commas, e.g. hrss=s3cret,medical=t0ken';
  return z
    .string()
    .default(fallback)
    .transform((raw, context) => {
      const map: Record<string, string> = {};
      for (const pair of raw.split(',').map((part) => part.trim())) {
        const match = /^([A-Za-z0-9_-]+)=(\S+)$/.exec(pair);
        if (!match || Object.values(map).includes(match[2]!)) {
          context.addIssue({ code: 'custom', message: accepts });
          return z.NEVER;
        }
        map[match[1]!] = match[2]!;
      }
      return map;
    });
}

/** `hrss=x,tax=y` → `{ hrss: 'x', tax: 'y' }`, each name a department, each value `value`. */
function departmentMap<T extends z.ZodType<string>>(value: T, accepts: string) {
  const message = `department=value pairs separated by commas, each value ${accepts}; departments: ${workerDepartments.join(', ')}`;
  return z
    .string()
    .default('')
    .transform((raw, context) => {
      const map: Partial<Record<(typeof workerDepartments)[number], z.output<T>>> = {};
      for (const pair of raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)) {
        const match = /^([a-z-]+)=(\S+)$/.exec(pair);
        const name = workerDepartments.find((department) => department === match?.[1]);
        const parsed = value.safeParse(match?.[2]);
        if (!name || !parsed.success) {
          context.addIssue({ code: 'custom', message });
          return z.NEVER;
        }
        map[name] = parsed.data;
      }
      return map;
    });
}

function milliseconds(fallback: number) {
  return z.coerce
    .number({ error: 'a whole number of milliseconds ≥ 1' })
    .int('a whole number of milliseconds ≥ 1')
    .min(1, 'a whole number of milliseconds ≥ 1')
    .default(fallback);
}

function port(fallback: number) {
  return z.coerce
    .number({ error: 'a port number from 1 to 65535' })
    .int('a whole port number from 1 to 65535')
    .min(1, 'a port number from 1 to 65535')
    .max(65535, 'a port number from 1 to 65535')
    .default(fallback);
}
