import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../support/dialects.ts';

forEachDialect('migrations', ({ get }) => {
  it('create every table, and inserts return generated ids', async () => {
    const { db } = get().connection;
    const now = new Date().toISOString();
    const user = await db
      .insertInto('users')
      .values({ login: 'ada', login_key: 'ada', email: 'a@example.org', password_hash: 'x', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal(typeof user.id, 'number');
    const tables = ['users', 'pseuds', 'sessions', 'works', 'creatorships', 'chapters', 'tags', 'work_tags', 'work_filters'] as const;
    for (const t of tables) {
      const row = await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.ok(Number(row.n) >= 0);
    }
  });
});
