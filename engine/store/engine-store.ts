import type { Knex } from 'knex';
import type {
  DefinitionRow,
  IncidentRow,
  InstanceState,
  JobRow,
  MessageRow,
  ResourceRow,
  SubscriptionRow,
  TimerRow,
} from './rows.ts';
import { KeyGenerator } from './key-generator.ts';
import { RecordLog } from './record-log.ts';
import { Table, type TableSpec } from './table.ts';

/** Largest number of process instances kept in memory between commands. */
const INSTANCE_CACHE_SIZE = 5_000;
const JOB_CACHE_SIZE = 5_000;

/**
 * All durable engine state: the state tables, the record log and the key counter. The
 * command loop changes them during a batch and `commit` writes every change of the batch
 * in one transaction; `discard` forgets the batch and the caches it may have touched.
 */
export class EngineStore {
  readonly resources: Table<ResourceRow>;
  readonly definitions: Table<DefinitionRow>;
  readonly instances: Table<InstanceState>;
  readonly jobs: Table<JobRow>;
  readonly timers: Table<TimerRow>;
  readonly subscriptions: Table<SubscriptionRow>;
  readonly messages: Table<MessageRow>;
  readonly incidents: Table<IncidentRow>;
  readonly records: RecordLog;
  readonly keys: KeyGenerator;
  /** Set whenever something changes; the command loop uses it to tell clean refusals apart. */
  changed = false;

  private readonly tables: Table<never>[];

  constructor(readonly db: Knex) {
    const table = <T>(spec: TableSpec<T>) => new Table<T>(db, spec, () => (this.changed = true));
    this.resources = table<ResourceRow>({
      name: 'resources',
      columns: { tenant_id: 'text', checksum: 'text' },
      keyOf: (row) => row.key,
      columnsOf: (row) => ({ tenant_id: row.tenantId, checksum: row.checksum }),
      cacheSize: 50,
    });
    this.definitions = table<DefinitionRow>({
      name: 'process_definitions',
      columns: { bpmn_process_id: 'text', version: 'integer', tenant_id: 'text' },
      keyOf: (row) => row.key,
      columnsOf: (row) => ({
        bpmn_process_id: row.bpmnProcessId,
        version: row.version,
        tenant_id: row.tenantId,
      }),
      cacheSize: 1_000,
    });
    this.instances = table<InstanceState>({
      name: 'process_instances',
      columns: { process_definition_key: 'bigint' },
      keyOf: (row) => row.key,
      columnsOf: (row) => ({ process_definition_key: row.processDefinitionKey }),
      cacheSize: INSTANCE_CACHE_SIZE,
    });
    this.jobs = table<JobRow>({
      name: 'jobs',
      columns: {
        type: 'text',
        tenant_id: 'text',
        state: 'text',
        activatable_at: 'bigint',
        deadline: 'bigint',
        process_instance_key: 'bigint',
      },
      keyOf: (row) => row.key,
      columnsOf: (row) => ({
        type: row.type,
        tenant_id: row.tenantId,
        state: row.state,
        activatable_at: row.activatableAt,
        deadline: row.deadline ?? null,
        process_instance_key: row.processInstanceKey,
      }),
      cacheSize: JOB_CACHE_SIZE,
    });
    this.timers = table<TimerRow>({
      name: 'timers',
      columns: { due_at: 'bigint', process_instance_key: 'bigint' },
      keyOf: (row) => row.key,
      columnsOf: (row) => ({ due_at: row.dueAt, process_instance_key: row.processInstanceKey }),
      cacheSize: 0,
    });
    this.subscriptions = table<SubscriptionRow>({
      name: 'message_subscriptions',
      columns: {
        message_name: 'text',
        correlation_key: 'text',
        tenant_id: 'text',
        process_instance_key: 'bigint',
      },
      keyOf: (row) => row.key,
      columnsOf: (row) => ({
        message_name: row.messageName,
        correlation_key: row.correlationKey,
        tenant_id: row.tenantId,
        process_instance_key: row.processInstanceKey,
      }),
      cacheSize: 0,
    });
    this.messages = table<MessageRow>({
      name: 'messages',
      columns: {
        name: 'text',
        correlation_key: 'text',
        tenant_id: 'text',
        message_id: 'text',
        expires_at: 'bigint',
      },
      keyOf: (row) => row.key,
      columnsOf: (row) => ({
        name: row.name,
        correlation_key: row.correlationKey,
        tenant_id: row.tenantId,
        message_id: row.messageId ?? null,
        expires_at: row.expiresAt,
      }),
      cacheSize: 0,
    });
    this.incidents = table<IncidentRow>({
      name: 'incidents',
      columns: { process_instance_key: 'bigint' },
      keyOf: (row) => row.key,
      columnsOf: (row) => ({ process_instance_key: row.processInstanceKey }),
      cacheSize: 100,
    });
    this.records = new RecordLog(db);
    this.keys = new KeyGenerator(db);
    this.tables = [
      this.resources,
      this.definitions,
      this.instances,
      this.jobs,
      this.timers,
      this.subscriptions,
      this.messages,
      this.incidents,
    ] as Table<never>[];
  }

  async open(): Promise<void> {
    await this.records.open();
    await this.keys.open();
  }

  /** The process instance holding an element instance (or the instance itself). */
  async processInstanceOf(elementInstanceKey: string): Promise<string | undefined> {
    if (await this.instances.get(elementInstanceKey)) return elementInstanceKey;
    const held = this.instances.findInMemory((state) => elementInstanceKey in state.elements);
    if (held) return held.key;
    const result = await this.db.raw(
      `select process_instance_key::text as key from records
       where key = ? and intent = 'ELEMENT_ACTIVATING' limit 1`,
      [elementInstanceKey],
    );
    return (result.rows as { key: string }[])[0]?.key;
  }

  /**
   * Writes everything the batch changed as ONE statement: each table's upsert and delete,
   * the records and the key counter are data-changing parts of one `with` query, which
   * PostgreSQL applies atomically. No row is written twice in it (a batch holds one pending
   * version per key), so the parts never conflict.
   */
  async commit(): Promise<void> {
    const dirty = this.tables.filter((table) => table.dirty);
    const writes = [
      ...dirty.flatMap((table) => table.writes()),
      ...this.records.writes(),
      ...this.keys.writes(),
    ];
    if (writes.length > 0) {
      const parts = writes.map((write, index) => `w${index} as (${write.sql})`);
      await this.db.raw(
        `with ${parts.join(', ')} select 1`,
        writes.map((write) => JSON.stringify(write.json)),
      );
    }
    for (const table of dirty) table.committed();
    this.records.committed();
    this.keys.committed();
    this.changed = false;
  }

  /** Forgets the batch: pending changes, cached rows, unsaved keys and records. */
  discard(): void {
    for (const table of this.tables) table.discard();
    this.records.discard();
    this.keys.discard();
    this.changed = false;
  }
}
