import type { Migration } from '../../../platform/database.ts';
import { deskMigrations } from '../reference/desk-migrations.ts';

/**
 * The reference housing fund centre's records (owner `housing_fund`): at most one active
 * account per person; sealed (封存) accounts stay on file beside a new one.
 */
export const housingFundMigrations: Migration[] = [
  ...deskMigrations,
  {
    name: '002-housing-fund-records',
    up: async (db) => {
      await db.schema.createTable('housing_fund_accounts', (table) => {
        table.text('account_number').primary();
        table.text('application_id').unique();
        table.text('id_number').notNullable();
        table.text('city').notNullable();
        /** `active` (正常) or `sealed` (封存). */
        table.text('state').notNullable();
        table.decimal('deposit_base', 12, 2).notNullable();
        table.integer('deposit_ratio').notNullable();
        table.decimal('monthly_deposit', 12, 2).notNullable();
        table.timestamp('opened_at', { useTz: true }).notNullable();
      });
      await db.raw(
        `create unique index housing_fund_accounts_one_active on housing_fund_accounts (id_number)
         where state = 'active'`,
      );
    },
  },
];
