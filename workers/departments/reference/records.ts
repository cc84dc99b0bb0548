import type { Knex } from 'knex';

import { ReferenceDataMissingError } from '../../../server/reference-data/errors.ts';
import { beijingDay } from '../../calendar/beijing-time.ts';
import { WorkerError } from '../../errors.ts';

/** Helpers the reference departments' rules share over their own records. */

/** Whether the department's `table` holds a record for the ID number. */
export async function holdsRecord(
  trx: Knex.Transaction,
  table: string,
  idNumber: string,
  where: Record<string, string> = {},
): Promise<boolean> {
  const row = await trx(table)
    .where({ id_number: idNumber, ...where })
    .first(trx.raw('1 as found'));
  return row !== undefined;
}

/** The Beijing calendar year of an instant, for numbers a department issues. */
export function beijingYear(instant: Date): string {
  return beijingDay(instant).slice(0, 4);
}

/**
 * Runs a reference data lookup; a figure the data lacks becomes `WorkerError`
 * `REFERENCE_DATA_MISSING` (an incident a manager resolves after adding it).
 */
export function lookup<T>(question: () => T): T {
  try {
    return question();
  } catch (error) {
    if (error instanceof ReferenceDataMissingError) {
      throw new WorkerError('REFERENCE_DATA_MISSING', error.what, { cause: error });
    }
    throw error;
  }
}

/** Yuan rounded to the fen. */
export function yuan(amount: number): number {
  return Math.round(amount * 100) / 100;
}
