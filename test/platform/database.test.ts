import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Migration } from '../../platform/database.ts';
import { databaseTargets, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const migrations: Migration[] = [
  {
    name: '001_create_notes',
    up: (db) =>
      db.schema.createTable('notes', (table) => {
        table.bigIncrements('id');
        table.text('body').notNullable();
        table.jsonb('tags').notNullable().defaultTo('[]');
      }),
  },
];

describe.each(databaseTargets)('the database layer on $name', (target) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDatabase(target, migrations);
  });

  afterAll(() => test.drop());

  it('runs migrations once and the same query works', async () => {
    // given a migrated database, when the migrations run again and a row is written
    const { openDatabase } = await import('../../platform/database.ts');
    if (target.url) {
      const again = await openDatabase({ owner: test.owner, url: target.url, migrations });
      await again.destroy();
    }
    await test.db('notes').insert({ body: '测试', tags: JSON.stringify(['a']) });

    // then it reads back the same on either database
    const rows = await test.db('notes').select('body', 'tags');
    expect(rows).toEqual([{ body: '测试', tags: ['a'] }]);
    const applied = await test.db('migrations').pluck('name');
    expect(applied).toEqual(['001_create_notes']);
  });

  it('rolls back a failed transaction without a trace', async () => {
    // when a transaction fails half way
    const attempt = test.db.transaction(async (trx) => {
      await trx('notes').insert({ body: 'half' });
      throw new Error('boom');
    });

    // then nothing it wrote remains
    await expect(attempt).rejects.toThrow('boom');
    expect(await test.db('notes').where({ body: 'half' })).toEqual([]);
  });
});

describe('a PGlite data folder', () => {
  it('is refused to a second opener while the first has it, and free again once closed', async () => {
    // given a database open in a data folder
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openDatabase } = await import('../../platform/database.ts');
    const dataDir = mkdtempSync(join(tmpdir(), 'folder-lock-'));
    const first = await openDatabase({ owner: 'notes', dataDir, migrations });

    // when another opener asks for the same folder
    const second = openDatabase({ owner: 'notes', dataDir, migrations });

    // then it is refused with a message saying what to do, and the first keeps working
    await expect(second).rejects.toThrow(/already open in process \d+.*another DATA_DIR/);
    await first('notes').insert({ body: '仍可写入' });
    await first.destroy();
    const reopened = await openDatabase({ owner: 'notes', dataDir, migrations });
    expect(await reopened('notes').pluck('body')).toEqual(['仍可写入']);
    await reopened.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
