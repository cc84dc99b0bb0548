import { randomUUID } from 'node:crypto';
import { openDatabase, type Database, type Migration } from '../../platform/database.ts';

/** A database a suite runs against: PGlite always, PostgreSQL when `DATABASE_URL` is set. */
export interface DatabaseTarget {
  name: 'pglite' | 'postgresql';
  url?: string;
}

export const databaseTargets: DatabaseTarget[] = [
  { name: 'pglite' },
  ...(process.env.DATABASE_URL
    ? [{ name: 'postgresql' as const, url: process.env.DATABASE_URL }]
    : []),
];

export interface TestDatabase {
  db: Database;
  owner: string;
  /** Closes the connection and, on PostgreSQL, drops the suite's schema. */
  drop(): Promise<void>;
}

/**
 * A fresh database for one suite: an in-memory PGlite, or a new schema on PostgreSQL
 * that `drop()` removes. `owner` defaults to a unique name so suites never share tables.
 */
export async function openTestDatabase(
  target: DatabaseTarget,
  migrations: Migration[],
  owner = `test_${randomUUID().replaceAll('-', '').slice(0, 12)}`,
): Promise<TestDatabase> {
  const db = await openDatabase({ owner, url: target.url, migrations });
  return {
    db,
    owner,
    drop: async () => {
      if (target.url) await db.raw(`drop schema if exists "${owner}" cascade`);
      await db.destroy();
    },
  };
}
