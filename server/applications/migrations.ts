import type { Migration } from '../../platform/database.ts';

/**
 * The application store's tables (owner `applications`). The server owns them; workers
 * reach them only through the department API, the engine never.
 */
export const applicationStoreMigrations: Migration[] = [
  {
    name: '001-applications',
    up: async (db) => {
      await db.schema.createTable('applications', (table) => {
        table.text('id').primary();
        table.text('receipt_number').notNullable().unique();
        table.text('city').notNullable();
        table.text('channel').notNullable();
        table.text('submitted_by').notNullable();
        table.jsonb('form').notNullable();
        table.text('identity_verified_by').notNullable();
        table.text('state').notNullable();
        table.text('process_instance_key');
        table.integer('start_attempts').notNullable().defaultTo(0);
        table.timestamp('start_due_at', { useTz: true }).notNullable();
        table.text('last_start_error');
        table.timestamp('received_at', { useTz: true }).notNullable();
        table.timestamp('started_at', { useTz: true });
        table.timestamp('finished_at', { useTz: true });
        table.index(['state', 'start_due_at']);
        table.index(['city', 'received_at']);
      });

      await db.schema.createTable('application_items', (table) => {
        table.text('application_id').notNullable().references('applications.id');
        table.text('item').notNullable();
        table.text('department').notNullable();
        table.text('state').notNullable();
        table.jsonb('result');
        table.jsonb('escalation');
        table.jsonb('mailing');
        table.timestamp('updated_at', { useTz: true }).notNullable();
        table.primary(['application_id', 'item']);
        table.index(['item', 'state']);
      });

      await db.schema.createTable('idempotency_keys', (table) => {
        table.text('principal').notNullable();
        table.text('key').notNullable();
        table.text('request_hash').notNullable();
        table.text('application_id').notNullable().references('applications.id');
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.primary(['principal', 'key']);
      });

      await db.schema.createTable('application_events', (table) => {
        table.bigIncrements('id');
        table.text('application_id').notNullable().references('applications.id');
        table.timestamp('at', { useTz: true }).notNullable();
        table.text('type').notNullable();
        table.text('item');
        table.jsonb('data');
        table.index(['application_id', 'id']);
      });

      await db.schema.createTable('materials', (table) => {
        table.text('id').primary();
        table.text('kind').notNullable();
        table.text('content_type').notNullable();
        table.binary('content').notNullable();
        table.integer('size').notNullable();
        table.integer('width').notNullable();
        table.integer('height').notNullable();
        table.text('sha256').notNullable();
        table.text('uploaded_by').notNullable();
        table.text('application_id').references('applications.id');
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.index(['application_id']);
      });

      await db.schema.createTable('receipt_counters', (table) => {
        table.text('city').notNullable();
        table.text('day').notNullable();
        table.integer('last').notNullable();
        table.primary(['city', 'day']);
      });
    },
  },
];
