import type { Migration } from '../../../platform/database.ts';
import { deskMigrations } from '../reference/desk-migrations.ts';

/** The reference medical insurance system's records (owner `medical`). */
export const medicalMigrations: Migration[] = [
  ...deskMigrations,
  {
    name: '002-medical-records',
    up: (db) =>
      db.schema.createTable('medical_enrollments', (table) => {
        table.text('enrollment_number').primary();
        table.text('application_id').unique();
        table.text('id_number').notNullable().unique();
        table.text('city').notNullable();
        table.text('category').notNullable();
        table.text('insurance_start_month').notNullable();
        table.timestamp('enrolled_at', { useTz: true }).notNullable();
      }),
  },
];
