import type { Migration } from '../../../platform/database.ts';
import { deskMigrations } from '../reference/desk-migrations.ts';

/**
 * The reference HRSS system's records (owner `hrss`). A row with no `application_id` was
 * registered before this service (or at a counter elsewhere); the unique keys on the ID
 * number are what "has never applied for a card" and "already enrolled" rest on.
 */
export const hrssMigrations: Migration[] = [
  ...deskMigrations,
  {
    name: '002-hrss-records',
    up: async (db) => {
      await db.schema.createTable('pension_enrollments', (table) => {
        table.text('enrollment_number').primary();
        table.text('application_id').unique();
        table.text('id_number').notNullable().unique();
        table.text('city').notNullable();
        table.text('insurance_start_month').notNullable();
        table.timestamp('enrolled_at', { useTz: true }).notNullable();
      });

      await db.schema.createTable('card_applications', (table) => {
        table.text('card_application_number').primary();
        table.text('application_id').unique();
        table.text('id_number').notNullable().unique();
        table.text('city').notNullable();
        table.text('bank_code').notNullable();
        /** `mail` or `counter`. */
        table.text('delivery').notNullable();
        table.text('mailing_address');
        table.timestamp('applied_at', { useTz: true }).notNullable();
      });

      await db.schema.createTable('card_photos', (table) => {
        table.text('application_id').primary();
        table.text('content_type').notNullable();
        table.binary('bytes').notNullable();
        table.text('sha256').notNullable();
      });

      await db.schema.createTable('card_mailings', (table) => {
        table.text('application_id').primary();
        table.text('tracking_number').notNullable().unique();
        table.timestamp('mailed_at', { useTz: true }).notNullable();
      });

      await db.schema.createTable('archive_transfers', (table) => {
        table.text('transfer_order_number').primary();
        table.text('application_id').unique();
        table.text('id_number').notNullable();
        table.text('from_institution').notNullable();
        table.text('to_institution').notNullable();
        table.text('to_division_code').notNullable();
        table.text('basis').notNullable();
        /** `ordered` until the receiving institution confirms, then `completed`. */
        table.text('state').notNullable();
        table.timestamp('ordered_at', { useTz: true }).notNullable();
      });
      await db.raw(
        `create unique index archive_transfers_one_open on archive_transfers (id_number)
         where state = 'ordered'`,
      );

      await db.schema.createTable('employment_registrations', (table) => {
        table.text('registration_number').primary();
        table.text('application_id').unique();
        table.text('id_number').notNullable().unique();
        table.text('city').notNullable();
        table.text('occupation');
        table.timestamp('registered_at', { useTz: true }).notNullable();
      });
    },
  },
];
