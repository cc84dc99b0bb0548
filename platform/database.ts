import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { lockDataFolder } from './data-folder-lock.ts';

export type Database = Knex;

/** One schema change of an owner's tables. Names sort in the order they run. */
export interface Migration {
  name: string;
  up(db: Knex): Promise<void>;
}

export interface DatabaseOptions {
  /**
   * Who owns the tables (`engine`, `applications`, `hrss`, …). On PostgreSQL it is the
   * schema; on PGlite it names the folder under `dataDir`. No owner reads another's tables.
   */
  owner: string;
  /** PostgreSQL connection string; absent → PGlite. */
  url?: string;
  /** Folder for PGlite databases; absent with no `url` → an in-memory PGlite (tests). */
  dataDir?: string;
  migrations: Migration[];
  /** Largest number of PostgreSQL connections this owner holds. */
  poolSize?: number;
}

/** Thrown when the database cannot be opened or its migrations fail; start-up stops. */
export class DatabaseOpenError extends Error {
  readonly code = 'DATABASE_OPEN_FAILED';

  constructor(owner: string, cause: unknown) {
    super(`could not open the <${owner}> database: ${(cause as Error).message}`, { cause });
    this.name = 'DatabaseOpenError';
  }
}

/**
 * Opens the owner's database (PostgreSQL when `url` is given, PGlite otherwise) and runs
 * its migrations before returning. Each migration runs in its own transaction.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  assertSchemaName(options.owner);
  const folder =
    !options.url && options.dataDir ? pgliteFolder(options.dataDir, options.owner) : undefined;
  let releaseFolder = () => {};
  if (folder) {
    try {
      releaseFolder = lockDataFolder(folder);
    } catch (error) {
      throw new DatabaseOpenError(options.owner, error);
    }
  }
  const db = knexFactory(
    options.url ? postgresConfig(options) : pgliteConfig(options.owner, folder),
  );
  releaseOnDestroy(db, releaseFolder);

  try {
    await db.raw(`create schema if not exists "${options.owner}"`);
    await db.migrate.latest({
      migrationSource: migrationSource(options.migrations),
      schemaName: options.owner,
      tableName: 'migrations',
    });
  } catch (error) {
    await db.destroy();
    throw new DatabaseOpenError(options.owner, error);
  }
  return db;
}

/** Knex's own `destroy` cannot be replaced; its client's, which it calls, can. */
function releaseOnDestroy(db: Database, release: () => void): void {
  const client = db.client as { destroy: (callback?: unknown) => Promise<void> };
  const destroyClient = client.destroy.bind(client);
  client.destroy = async (callback?: unknown) => {
    try {
      await destroyClient(callback);
    } finally {
      release();
    }
  };
}

function postgresConfig(options: DatabaseOptions): Knex.Config {
  return {
    client: 'pg',
    connection: options.url,
    searchPath: [options.owner],
    pool: { min: 0, max: options.poolSize ?? 10 },
  };
}

function pgliteFolder(dataDir: string, owner: string): string {
  const folder = resolve(join(dataDir, owner));
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** `folder` absent → an in-memory PGlite (tests). */
function pgliteConfig(owner: string, folder: string | undefined): Knex.Config {
  return {
    client: ClientPgLite as unknown as Knex.Config['client'],
    dialect: 'postgres',
    connection: folder ? { filename: folder } : {},
    searchPath: [owner],
  };
}

function migrationSource(migrations: Migration[]): Knex.MigrationSource<Migration> {
  return {
    getMigrations: async () => [...migrations].sort((a, b) => a.name.localeCompare(b.name)),
    getMigrationName: (migration) => migration.name,
    getMigration: async (migration) => ({
      up: (db: Knex) => migration.up(db),
      down: async () => {
        throw new Error(`migration <${migration.name}> cannot be undone`);
      },
    }),
  };
}

function assertSchemaName(owner: string): void {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(owner)) {
    throw new DatabaseOpenError(owner, new Error('owner must be lowercase letters, digits, _'));
  }
}
