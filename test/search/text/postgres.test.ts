// The same cases as the FTS5 test, against a real PostgreSQL 15 with 'english' tsvectors
// laid out as the indexer will: meta = title A || summary B || tags C || author D, and body.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import pg from 'pg';
import { foldText } from '../../../src/search/text/fold.ts';
import { parseTextQuery, type TextQuery } from '../../../src/search/text/parse.ts';
import { planToSql, toTsQuery } from '../../../src/search/text/tsquery.ts';
import { PG_ADMIN_URL, postgresAvailable } from '../../support/dialects.ts';
import { CASES, ROWS, hostileQuery } from './cases.ts';

describe('toTsQuery on PostgreSQL', async () => {
  if (!(await postgresAvailable())) return;
  const name = `quire_text_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = (): pg.Client => new pg.Client({ connectionString: PG_ADMIN_URL, user: 'postgres' });
  let client: pg.Client;

  before(async () => {
    const a = admin();
    await a.connect();
    await a.query(`CREATE DATABASE ${name}`);
    await a.end();
    client = new pg.Client({ connectionString: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`), user: 'postgres' });
    await client.connect();
    await client.query('create table docs (id int primary key, meta_tsv tsvector, body_tsv tsvector)');
    for (const r of ROWS) {
      await client.query(
        `insert into docs values ($1,
           setweight(to_tsvector('english', $2), 'A') || setweight(to_tsvector('english', $3), 'B') ||
           setweight(to_tsvector('english', $4), 'C') || setweight(to_tsvector('english', $5), 'D'),
           to_tsvector('english', $6))`,
        [r.id, foldText(r.title), foldText(r.summary), foldText(r.tags), foldText(r.author), r.body === null ? null : foldText(r.body)],
      );
    }
  });

  after(async () => {
    await client?.end();
    const a = admin();
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });

  const run = async (q: TextQuery): Promise<number[]> => {
    const plan = toTsQuery(q);
    if (plan === null) return [];
    const where = planToSql(plan);
    const rank = planToSql(plan, 'meta_tsv', 'body_tsv', 'rank', where.params.length + 1);
    const res = await client.query<{ id: number }>(
      `select id from docs where ${where.sql} order by ${rank.sql} desc, id`,
      [...where.params, ...rank.params],
    );
    return res.rows.map((r) => r.id);
  };
  const find = async (input: string): Promise<number[]> => (await run(parseTextQuery(input))).sort((a, b) => a - b);

  for (const [input, expected] of CASES) {
    it(`finds ${JSON.stringify(expected)} for ${input}`, async () => {
      assert.deepEqual(await find(input), expected);
    });
  }

  it('keeps works without chapters when only excluding words', async () => {
    const plan = toTsQuery({ must: [{ any: [{ type: 'word', value: 'shelf', prefix: false }] }], not: parseTextQuery('-knight').not });
    assert.deepEqual((await client.query(`select id from docs where ${planToSql(plan!).sql}`, planToSql(plan!).params)).rows, [{ id: 6 }]);
  });

  it('skips a clause made only of stop words instead of emptying the results', async () => {
    assert.deepEqual(await find('the dragons'), [1]);
    assert.deepEqual(await find('"the" OR "a"'), [1, 2, 3, 4, 5, 6]); // like no text filter
  });

  it('ranks a match in the summary above one in the body only', async () => {
    assert.deepEqual(await run(parseTextQuery('tea')), [2, 1]);
  });

  it('stems a prefix before expanding it, so runnin* misses "running" as FTS5 does', async () => {
    assert.deepEqual(await find('runnin*'), []);
    assert.deepEqual(await find('running*'), [1]);
  });

  it('never lets user text become tsquery syntax', async () => {
    const q: TextQuery = { must: [{ any: [{ type: 'word', value: "x' | 'dragons", prefix: false }] }], not: [] };
    assert.deepEqual(await run(q), []);
    await fc.assert(fc.asyncProperty(hostileQuery, async (input) => {
      await run(parseTextQuery(input));
    }), { numRuns: 300 });
  });

  it('never fails on hand-built terms holding quotes, backslashes, NUL or surrogates', async () => {
    const term = fc.record({ type: fc.constant('word' as const), value: fc.string({ unit: 'binary' }), prefix: fc.boolean() });
    await fc.assert(fc.asyncProperty(fc.array(term, { minLength: 1, maxLength: 4 }), fc.array(term, { maxLength: 2 }), async (any, not) => {
      await run({ must: [{ any }], not });
    }), { numRuns: 200 });
  });
});
