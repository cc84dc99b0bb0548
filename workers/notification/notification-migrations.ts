import type { Migration } from '../../platform/database.ts';

/**
 * The notification worker's outbox (owner `notification`): one row per notification, kept
 * until sent. `key` makes enqueueing the same notification twice a no-op. The recipient's
 * phone number is kept here, in the notifier's own database, to deliver and retry; it never
 * leaves it except to the sender.
 */
export const notificationMigrations: Migration[] = [
  {
    name: '001-outbox',
    up: (db) =>
      db.schema.createTable('outbox', (table) => {
        table.bigIncrements('id');
        table.text('key').notNullable().unique();
        table.text('application_id').notNullable();
        table.text('channel').notNullable();
        table.text('recipient').notNullable();
        table.text('body').notNullable();
        /** `pending` until sent, then `sent`; `failed` after the last attempt. */
        table.text('state').notNullable();
        table.integer('attempts').notNullable().defaultTo(0);
        table.text('last_error');
        table.timestamp('created_at', { useTz: true }).notNullable();
        table.timestamp('next_attempt_at', { useTz: true }).notNullable();
        table.timestamp('sent_at', { useTz: true });
        table.index(['state', 'next_attempt_at']);
      }),
  },
];
