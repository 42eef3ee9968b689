// The same cases as the FTS5 test, against a real PostgreSQL 15 with 'english' tsvectors
// laid out as the indexer will: meta = title A || summary B || tags C || author D, and body.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import pg from 'pg';
import { foldText } from '../../../src/search/text/fold.ts';
import { textGrams } from '../../../src/search/text/grams.ts';
import { parseTextQuery, type TextQuery } from '../../../src/search/text/parse.ts';
import { planToSql, toTsQuery } from '../../../src/search/text/tsquery.ts';
import { PG_ADMIN_URL, postgresAvailable } from '../../support/dialects.ts';
import { CASES, PAIR_WORDS, ROWS, hostileQuery, phraseStandsIn } from './cases.ts';

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
    await client.query('create table docs (id int primary key, meta_tsv tsvector, body_tsv tsvector, grams_tsv tsvector)');
    for (const r of ROWS) {
      const body = r.body === null ? null : foldText(r.body);
      await client.query(
        `insert into docs values ($1,
           setweight(to_tsvector('english', $2), 'A') || setweight(to_tsvector('english', $3), 'B') ||
           setweight(to_tsvector('english', $4), 'C') || setweight(to_tsvector('english', $5), 'D'),
           to_tsvector('english', $6), to_tsvector('simple', $7))`,
        [r.id, foldText(r.title), foldText(r.summary), foldText(r.tags), foldText(r.author), body, body === null ? null : textGrams(body)],
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
    const rank = planToSql(plan, { mode: 'rank', firstParam: where.params.length + 1 });
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

  it('finds a phrase of common words in chapter text by its word pairs exactly where it stands', async () => {
    await client.query('create table texts (id int primary key, body text, meta_tsv tsvector, body_tsv tsvector, grams_tsv tsvector)');
    const [bodies] = fc.sample(fc.array(fc.array(fc.constantFrom(...PAIR_WORDS), { maxLength: 30 }), { minLength: 200, maxLength: 200 }), { numRuns: 1, seed: 7 });
    const folded = bodies!.map((b) => foldText(b.join(' ')));
    await client.query(
      `insert into texts select id, b, ''::tsvector, to_tsvector('english', b), to_tsvector('simple', g) from unnest($1::int[], $2::text[], $3::text[]) as u(id, b, g)`,
      [folded.map((_, i) => i + 1), folded, folded.map(textGrams)],
    );
    const phrases = fc.sample(fc.array(fc.constantFrom(...PAIR_WORDS), { minLength: 2, maxLength: 4 }), { numRuns: 400, seed: 11 });
    let byPairs = 0;
    let hits = 0;
    for (const phrase of phrases) {
      const plan = toTsQuery(parseTextQuery(`text:"${phrase.join(' ')}"`))!;
      if (plan.clauses[0]!.any[0]!.column !== 'grams') continue;
      byPairs++;
      const where = planToSql(plan);
      const found = (await client.query<{ id: number }>(`select id from texts where ${where.sql} order by id`, where.params)).rows.map((r) => r.id);
      const expected = folded.flatMap((b, i) => (phraseStandsIn(b.split(' ').filter(Boolean), phrase.map(foldText)) ? [i + 1] : []));
      hits += expected.length;
      assert.deepEqual(found, expected, phrase.join(' '));
    }
    assert.ok(byPairs > 100 && hits > 200, `by pairs ${byPairs}, rows found ${hits}`);
  });

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
