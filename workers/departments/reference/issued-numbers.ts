import type { Knex } from 'knex';

/**
 * The next number of `kind` issued by a reference department, e.g. `YL3702002026000001`:
 * `prefix`, the city's division code, the year, and a sequence six digits wide. Runs inside
 * the caller's transaction, so a rolled-back registration gives its number back.
 */
export async function issueNumber(
  trx: Knex.Transaction,
  kind: string,
  prefix: string,
  city: string,
  year: string,
): Promise<string> {
  const rows: { last: string | number }[] = await trx('number_sequences')
    .insert({ kind, last: 1 })
    .onConflict('kind')
    .merge({ last: trx.raw('number_sequences.last + 1') })
    .returning('last');
  const last = String(rows[0]!.last);
  return `${prefix}${city}${year}${last.padStart(6, '0')}`;
}
