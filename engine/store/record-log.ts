import type { Knex } from 'knex';
import type { EngineRecord, RecordQuery } from '../api.ts';
import type { SqlWrite } from './table.ts';

/** A record before the commit gives it its position. */
export type PendingRecord = Omit<EngineRecord, 'position'>;

/**
 * The append-only record log. Records of a batch are buffered and written with the batch
 * in one multi-row insert; positions come from a counter the single writer owns, so they
 * are strictly increasing and never reused after a failed commit.
 */
export class RecordLog {
  private pending: PendingRecord[] = [];
  private nextPosition = 1;

  constructor(private readonly db: Knex) {}

  async open(): Promise<void> {
    const result = await this.db.raw(
      'select coalesce(max(position), 0)::text as last from records',
    );
    this.nextPosition = Number((result.rows as { last: string }[])[0]?.last ?? 0) + 1;
  }

  append(record: PendingRecord): void {
    this.pending.push(record);
  }

  get dirty(): boolean {
    return this.pending.length > 0;
  }

  /** The batch's records as one multi-row insert, positions counted on from the last. */
  writes(): SqlWrite[] {
    if (this.pending.length === 0) return [];
    let position = this.nextPosition;
    const rows = this.pending.map((record) => ({
      position: position++,
      key: record.key,
      value_type: record.valueType,
      intent: record.intent,
      timestamp: record.timestamp,
      process_instance_key: record.processInstanceKey ?? null,
      bpmn_process_id: record.bpmnProcessId ?? null,
      element_id: record.elementId ?? null,
      bpmn_element_type: record.bpmnElementType ?? null,
      tenant_id: record.tenantId,
      value: record.value,
    }));
    return [{ sql: insertSql, json: rows }];
  }

  committed(): void {
    this.nextPosition += this.pending.length;
    this.pending = [];
  }

  discard(): void {
    this.pending = [];
  }

  /** Committed records in position order. */
  async read(query: RecordQuery): Promise<EngineRecord[]> {
    const where: string[] = [];
    const bindings: Knex.RawBinding[] = [];
    if (query.processInstanceKey !== undefined) {
      where.push('process_instance_key = ?');
      bindings.push(query.processInstanceKey);
    }
    if (query.valueType !== undefined) {
      where.push('value_type = ?');
      bindings.push(query.valueType);
    }
    if (query.afterPosition !== undefined) {
      where.push('position > ?');
      bindings.push(query.afterPosition);
    }
    bindings.push(Math.max(1, Math.min(query.limit ?? 1000, 10_000)));
    const result = await this.db.raw(
      `select position::text, key::text, value_type, intent, timestamp::text,
        process_instance_key::text, bpmn_process_id, element_id, bpmn_element_type, tenant_id, value
       from records ${where.length ? `where ${where.join(' and ')}` : ''}
       order by records.position limit ?`,
      bindings,
    );
    return (result.rows as RecordRow[]).map(fromRow);
  }
}

const insertSql = `insert into records (position, key, value_type, intent, timestamp,
    process_instance_key, bpmn_process_id, element_id, bpmn_element_type, tenant_id, value)
  select * from json_to_recordset(?::json) as x(position bigint, key bigint, value_type text,
    intent text, timestamp bigint, process_instance_key bigint, bpmn_process_id text,
    element_id text, bpmn_element_type text, tenant_id text, value jsonb)`;

interface RecordRow {
  position: string;
  key: string;
  value_type: EngineRecord['valueType'];
  intent: string;
  timestamp: string;
  process_instance_key: string | null;
  bpmn_process_id: string | null;
  element_id: string | null;
  bpmn_element_type: string | null;
  tenant_id: string;
  value: Record<string, unknown>;
}

function fromRow(row: RecordRow): EngineRecord {
  const record: EngineRecord = {
    position: row.position,
    key: row.key,
    valueType: row.value_type,
    intent: row.intent,
    timestamp: Number(row.timestamp),
    tenantId: row.tenant_id,
    value: row.value,
  };
  if (row.process_instance_key !== null) record.processInstanceKey = row.process_instance_key;
  if (row.bpmn_process_id !== null) record.bpmnProcessId = row.bpmn_process_id;
  if (row.element_id !== null) record.elementId = row.element_id;
  if (row.bpmn_element_type !== null) record.bpmnElementType = row.bpmn_element_type;
  return record;
}
