import type { Knex } from 'knex';
import type { SqlWrite } from './table.ts';

/** Zeebe's key layout: the partition id in the top bits (`partitionId << 51`), then a counter. */
const PARTITION_ID = 1;
const PARTITION_BASE = PARTITION_ID * 2 ** 51;

/**
 * Hands out keys as decimal strings of 64-bit integers, as Zeebe does on partition 1. The
 * counter is saved with each batch; a failed commit rolls it back so keys stay dense.
 */
export class KeyGenerator {
  private committedCounter = 0;
  private counter = 0;

  constructor(private readonly db: Knex) {}

  async open(): Promise<void> {
    const result = await this.db.raw(`select value::text from engine_counters where name = 'key'`);
    const row = (result.rows as { value: string }[])[0];
    this.committedCounter = this.counter = row ? Number(row.value) : 0;
  }

  next(): string {
    this.counter += 1;
    return String(PARTITION_BASE + this.counter);
  }

  get dirty(): boolean {
    return this.counter !== this.committedCounter;
  }

  writes(): SqlWrite[] {
    if (!this.dirty) return [];
    return [
      {
        sql:
          `insert into engine_counters (name, value) select 'key', (?::json #>> '{}')::bigint ` +
          `on conflict (name) do update set value = excluded.value`,
        json: this.counter,
      },
    ];
  }

  committed(): void {
    this.committedCounter = this.counter;
  }

  discard(): void {
    this.counter = this.committedCounter;
  }
}
