import type { Knex } from 'knex';

/** One data-changing statement of a batch's write, with its rows as one JSON parameter. */
export interface SqlWrite {
  sql: string;
  json: unknown;
}

/** SQL types of the looked-up columns of a state table. */
export type ColumnType = 'bigint' | 'integer' | 'text';

/** How one state table is laid out: the whole row as jsonb `data`, plus looked-up columns. */
export interface TableSpec<T> {
  name: string;
  /** Columns besides `key` and `data`, with their SQL types. */
  columns: Record<string, ColumnType>;
  keyOf(row: T): string;
  /** The looked-up column values of a row (snake_case names as in `columns`). */
  columnsOf(row: T): Record<string, string | number | null>;
  /** Clean rows kept in memory between batches; 0 = none. */
  cacheSize: number;
}

/**
 * One state table as the command loop sees it during a batch: rows changed in the batch
 * (`pending`, a row or `null` for deleted) shadow the database and a bounded cache of
 * committed rows. Writes reach the database only through `flush` inside the batch's
 * transaction; `committed` then folds them into the cache, `discard` forgets everything.
 */
export class Table<T> {
  private readonly pending = new Map<string, T | null>();
  private readonly cache = new Map<string, T>();

  constructor(
    private readonly db: Knex,
    readonly spec: TableSpec<T>,
    private readonly onChange: () => void,
  ) {}

  /** The row as of this batch, from pending changes, the cache or the database. */
  async get(key: string): Promise<T | undefined> {
    if (this.pending.has(key)) return this.pending.get(key) ?? undefined;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const [row] = await this.select('key = ?', [key]);
    if (row) this.remember(row);
    return row;
  }

  /**
   * Rows the database holds for `where` (committed state), with this batch's changes laid
   * over: a changed row counts only if it still `matches`, and new rows that match are
   * added. `compare` orders the result; `limit` caps the database read.
   */
  async query(
    where: string,
    bindings: unknown[],
    matches: (row: T) => boolean,
    options: { orderBy: string; limit?: number; compare: (a: T, b: T) => number },
  ): Promise<T[]> {
    // Rows changed in this batch are dropped from the database's answer: read that many more.
    const limit = options.limit ? options.limit + this.pending.size : undefined;
    const suffix = ` order by ${options.orderBy}` + (limit ? ` limit ${limit}` : '');
    const rows = await this.select(where, bindings, suffix);
    const result = rows.filter((row) => !this.pending.has(this.spec.keyOf(row)));
    for (const row of this.pending.values()) if (row && matches(row)) result.push(row);
    return result.sort(options.compare);
  }

  /** A row in memory (changed in this batch or cached) that satisfies `predicate`. */
  findInMemory(predicate: (row: T) => boolean): T | undefined {
    for (const row of this.pending.values()) if (row && predicate(row)) return row;
    for (const [key, row] of this.cache) if (!this.pending.has(key) && predicate(row)) return row;
    return undefined;
  }

  /** Rows changed in this batch (not deleted) that satisfy `predicate`. */
  changedRows(predicate: (row: T) => boolean): T[] {
    const rows: T[] = [];
    for (const row of this.pending.values()) if (row && predicate(row)) rows.push(row);
    return rows;
  }

  /** Stores the row (new or changed) as part of this batch. */
  put(row: T): void {
    this.onChange();
    this.pending.set(this.spec.keyOf(row), row);
  }

  delete(key: string): void {
    this.onChange();
    this.pending.set(key, null);
  }

  get dirty(): boolean {
    return this.pending.size > 0;
  }

  /**
   * This batch's changes as statements for the batch's single write: one multi-row upsert
   * and one delete, each taking its rows as one JSON parameter.
   */
  writes(): SqlWrite[] {
    const upserts: unknown[] = [];
    const deletes: string[] = [];
    for (const [key, row] of this.pending) {
      if (row) upserts.push({ key, ...this.spec.columnsOf(row), data: row });
      else deletes.push(key);
    }
    const writes: SqlWrite[] = [];
    if (upserts.length > 0) writes.push({ sql: this.upsertSql, json: upserts });
    if (deletes.length > 0) {
      writes.push({
        sql:
          `delete from ${this.spec.name} ` +
          `where key in (select json_array_elements_text(?::json)::bigint)`,
        json: deletes,
      });
    }
    return writes;
  }

  /** The batch committed: its rows become clean cached rows. */
  committed(): void {
    for (const [key, row] of this.pending) {
      this.cache.delete(key);
      if (row) this.remember(row);
    }
    this.pending.clear();
  }

  /** The batch failed: forget pending changes and every cached row they may have touched. */
  discard(): void {
    this.pending.clear();
    this.cache.clear();
  }

  /** Drops a clean row from the cache (its owner finished). */
  forget(key: string): void {
    this.cache.delete(key);
  }

  async select(where: string, bindings: unknown[], suffix = ''): Promise<T[]> {
    const result = await this.db.raw(
      `select data from ${this.spec.name} where ${where}${suffix}`,
      bindings as Knex.RawBinding[],
    );
    return (result.rows as { data: T }[]).map((row) => row.data);
  }

  private remember(row: T): void {
    if (this.spec.cacheSize === 0) return;
    this.cache.set(this.spec.keyOf(row), row);
    if (this.cache.size > this.spec.cacheSize) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }

  private get upsertSql(): string {
    const names = Object.keys(this.spec.columns);
    const definitions = names.map((name) => `${name} ${this.spec.columns[name]}`).join(', ');
    const updates = [...names, 'data'].map((name) => `${name} = excluded.${name}`).join(', ');
    return (
      `insert into ${this.spec.name} (key, ${names.join(', ')}, data) ` +
      `select key, ${names.join(', ')}, data from json_to_recordset(?::json) ` +
      `as x(key bigint, ${definitions}, data jsonb) ` +
      `on conflict (key) do update set ${updates}`
    );
  }
}
