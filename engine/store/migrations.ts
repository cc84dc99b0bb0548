import type { Migration } from '../../platform/database.ts';

/**
 * The engine's tables (owner schema `engine`). Keys are bigint (64-bit, Zeebe's layout);
 * times are bigint milliseconds since the epoch from the engine's clock.
 *
 * Every state table holds the whole row as jsonb (`data`) plus the columns it is looked up
 * by, each indexed for the one query that uses it. Per-instance state (element instances
 * and variable scopes) is one row per process instance.
 */
const statements = [
  `create table engine_counters (name text primary key, value bigint not null)`,

  `create table resources (
    key bigint primary key,
    tenant_id text not null,
    checksum text not null,
    data jsonb not null)`,
  `create index resources_by_checksum on resources (tenant_id, checksum)`,

  `create table process_definitions (
    key bigint primary key,
    bpmn_process_id text not null,
    version integer not null,
    tenant_id text not null,
    data jsonb not null,
    unique (tenant_id, bpmn_process_id, version))`,

  `create table process_instances (
    key bigint primary key,
    process_definition_key bigint not null,
    data jsonb not null)`,
  `create index process_instances_by_definition on process_instances (process_definition_key)`,

  `create table jobs (
    key bigint primary key,
    type text not null,
    tenant_id text not null,
    state text not null,
    activatable_at bigint not null,
    deadline bigint,
    process_instance_key bigint not null,
    data jsonb not null)`,
  `create index jobs_activatable on jobs (type, tenant_id, key) where state = 'ACTIVATABLE'`,
  `create index jobs_deadline on jobs (deadline) where state = 'ACTIVATED'`,
  `create index jobs_backoff on jobs (activatable_at) where state = 'BACKOFF'`,

  `create table timers (
    key bigint primary key,
    due_at bigint not null,
    process_instance_key bigint not null,
    data jsonb not null)`,
  `create index timers_due on timers (due_at, key)`,

  `create table message_subscriptions (
    key bigint primary key,
    message_name text not null,
    correlation_key text not null,
    tenant_id text not null,
    process_instance_key bigint not null,
    data jsonb not null)`,
  `create index message_subscriptions_by_correlation
    on message_subscriptions (message_name, correlation_key, tenant_id)`,

  `create table messages (
    key bigint primary key,
    name text not null,
    correlation_key text not null,
    tenant_id text not null,
    message_id text,
    expires_at bigint not null,
    data jsonb not null)`,
  `create index messages_by_correlation on messages (name, correlation_key, tenant_id, key)`,
  `create index messages_expiry on messages (expires_at, key)`,

  `create table incidents (
    key bigint primary key,
    process_instance_key bigint not null,
    data jsonb not null)`,
  `create index incidents_by_instance on incidents (process_instance_key)`,

  `create table records (
    position bigint primary key,
    key bigint not null,
    value_type text not null,
    intent text not null,
    timestamp bigint not null,
    process_instance_key bigint,
    bpmn_process_id text,
    element_id text,
    bpmn_element_type text,
    tenant_id text not null,
    value jsonb not null)`,
  `create index records_by_instance on records (process_instance_key, position)`,
  `create index records_element_activating on records (key) where intent = 'ELEMENT_ACTIVATING'`,
];

/** The engine's schema changes, for `openDatabase({ owner: 'engine', migrations })`. */
export const engineMigrations: Migration[] = [
  {
    name: 'engine_001_state',
    up: async (db) => {
      for (const statement of statements) await db.raw(statement);
    },
  },
];
