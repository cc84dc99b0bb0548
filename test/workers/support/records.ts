import type { TestDatabase } from '../../support/databases.ts';

/** Rows in a department's table. */
export async function countOf({ db }: TestDatabase, table: string): Promise<number> {
  const [row] = await db(table).count({ n: '*' });
  return Number(row?.n);
}

/** Empties a department's tables between cases that share one database. */
export async function clearTables({ db }: TestDatabase, tables: string[]): Promise<void> {
  for (const table of ['department_requests', 'number_sequences', ...tables]) {
    await db(table).delete();
  }
}
