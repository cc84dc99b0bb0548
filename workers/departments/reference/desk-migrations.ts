import type { Migration } from '../../../platform/database.ts';

/**
 * Tables every reference department system keeps in its own database, beside its domain
 * records: the requests it received with its answers, and its number sequences.
 *
 * `department_requests` has one row per application and item: the key that makes handing
 * the same item over twice answer the first answer instead of registering twice.
 */
export const deskMigrations: Migration[] = [
  {
    name: '001-department-requests',
    up: async (db) => {
      await db.schema.createTable('department_requests', (table) => {
        table.text('application_id').notNullable();
        table.text('item').notNullable();
        table.text('receipt_number').notNullable();
        table.text('city').notNullable();
        /** The request as the department received it: its own record of the application. */
        table.jsonb('request').notNullable();
        /** `pending` (waiting for a person's review) or `decided`. */
        table.text('state').notNullable();
        table.jsonb('result');
        /** `rules` when decided at once, else the reviewer's id. */
        table.text('decided_by');
        /** Decided after review: the decision goes to the instance as a message. */
        table.boolean('deliver_by_message').notNullable().defaultTo(false);
        table.timestamp('delivered_at', { useTz: true });
        table.timestamp('received_at', { useTz: true }).notNullable();
        table.timestamp('decided_at', { useTz: true });
        table.primary(['application_id', 'item']);
        table.index(['state', 'item']);
      });
      await db.raw(
        `create index department_requests_undelivered on department_requests (decided_at)
         where deliver_by_message and delivered_at is null and state = 'decided'`,
      );

      await db.schema.createTable('number_sequences', (table) => {
        table.text('kind').primary();
        table.bigInteger('last').notNullable();
      });
    },
  },
];
