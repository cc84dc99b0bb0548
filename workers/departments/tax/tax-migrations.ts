import type { Migration } from '../../../platform/database.ts';
import { deskMigrations } from '../reference/desk-migrations.ts';

/** A reference tax bureau's records (owner `tax`, or `tax_qingdao` for Qingdao's bureau). */
export const taxMigrations: Migration[] = [
  ...deskMigrations,
  {
    name: '002-tax-records',
    up: (db) =>
      db.schema.createTable('contribution_assessments', (table) => {
        table.text('assessment_number').primary();
        table.text('application_id').unique();
        table.text('id_number').notNullable().unique();
        table.text('city').notNullable();
        table.text('insurance_start_month').notNullable();
        table.decimal('pension_base', 12, 2).notNullable();
        table.decimal('pension_rate', 6, 4).notNullable();
        table.decimal('pension_monthly', 12, 2).notNullable();
        table.decimal('medical_rate', 6, 4).notNullable();
        table.decimal('medical_monthly', 12, 2).notNullable();
        table.decimal('monthly_amount', 12, 2).notNullable();
        table.text('payment_frequency').notNullable();
        table.decimal('amount_per_payment', 12, 2).notNullable();
        table.timestamp('assessed_at', { useTz: true }).notNullable();
      }),
  },
];
