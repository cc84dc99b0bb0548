import { z } from 'zod';

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
  ZEEBE_GRPC_ADDRESS: {
    doc: 'host:port of the Zeebe gateway workers and the server talk to (the SDK’s own variable)',
    schema: z
      .string()
      .regex(/^(grpcs?:\/\/)?[^:\s]+:\d{1,5}$/, 'host:port, e.g. localhost:26500')
      .default('localhost:26500'),
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

function port(fallback: number) {
  return z.coerce
    .number({ error: 'a port number from 1 to 65535' })
    .int('a whole port number from 1 to 65535')
    .min(1, 'a port number from 1 to 65535')
    .max(65535, 'a port number from 1 to 65535')
    .default(fallback);
}
