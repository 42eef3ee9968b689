import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTextQuery } from '../../../src/search/text/parse.ts';
import { planToSql, termToTsQuery, toTsQuery, tsLexeme } from '../../../src/search/text/tsquery.ts';

const plan = (input: string) => toTsQuery(parseTextQuery(input));

describe('toTsQuery', () => {
  it('quotes every lexeme, escaping quotes and backslashes', () => {
    assert.equal(tsLexeme("it's"), "'it''s'");
    assert.equal(tsLexeme('a\\b'), "'a\\\\b'");
    assert.equal(tsLexeme('x\u0000y'), "'x y'"); // PostgreSQL text cannot hold NUL
  });

  it('writes prefixes with :* and phrases with <->', () => {
    assert.equal(termToTsQuery({ type: 'word', value: 'drag', prefix: true }), "'drag':*");
    assert.equal(termToTsQuery({ type: 'phrase', words: ['green', 'tea'] }), "'green' <-> 'tea'");
  });

  it('weights meta fields: title A, summary B, tag C, author D', () => {
    assert.deepEqual(plan('title:drag* summary:x tag:"a b" author:ada')?.clauses.map((c) => c.any), [
      [{ column: 'meta', weights: 'A', tsquery: "'drag':*A", prefix: true }],
      [{ column: 'meta', weights: 'B', tsquery: "'x':B" }],
      [{ column: 'meta', weights: 'C', tsquery: "'a':C <-> 'b':C" }],
      [{ column: 'meta', weights: 'D', tsquery: "'ada':D" }],
    ]);
  });

  it('searches text: in the body only, and unfielded words in both', () => {
    assert.deepEqual(plan('text:knight dragon')?.clauses.map((c) => c.any), [
      [{ column: 'body', tsquery: "'knight'" }],
      [{ column: 'any', tsquery: "'dragon'" }],
    ]);
  });

  it('looks up a phrase of common words in chapter text by its word pairs, and elsewhere by its words', () => {
    assert.deepEqual(plan('"said the spider" text:"of the"')?.clauses.map((c) => c.any), [
      [{ column: 'grams', tsquery: "'said\u01c2the\u01c2' <-> 'the\u01c2spider\u01c2'" }, { column: 'meta', tsquery: "'said' <-> 'the' <-> 'spider'" }],
      [{ column: 'grams', tsquery: "'of\u01c2the\u01c2'" }],
    ]);
    assert.deepEqual(plan('title:"of the" "green dragon"')?.clauses.map((c) => c.any), [
      [{ column: 'meta', weights: 'A', tsquery: "'of':A <-> 'the':A" }],
      [{ column: 'any', tsquery: "'green' <-> 'dragon'" }],
    ]);
    const { sql, params } = planToSql(plan('text:"of the"')!);
    assert.equal(sql, "(numnode(to_tsquery('simple', $1)) = 0 OR grams_tsv @@ to_tsquery('simple', $1))");
    assert.deepEqual(params, ["'of\u01c2the\u01c2'"]);
  });

  it('returns null when there is nothing positive to search for', () => {
    assert.equal(plan('-fluff NOT angst'), null);
    assert.equal(plan(''), null);
  });
});

describe('planToSql', () => {
  it('writes one condition per clause, sharing a parameter between both columns', () => {
    const { sql, params } = planToSql(plan('dragon (title:x OR text:y) -sad')!);
    const q = (n: number) => `to_tsquery('english', $${n})`;
    assert.equal(
      sql,
      `(numnode(${q(1)}) = 0 OR meta_tsv @@ ${q(1)} OR body_tsv @@ ${q(1)})` +
        ` AND (numnode(${q(2)}) = 0 AND numnode(${q(3)}) = 0 OR meta_tsv @@ ${q(2)} OR body_tsv @@ ${q(3)})` +
        ` AND NOT coalesce(meta_tsv @@ ${q(4)} OR body_tsv @@ ${q(4)}, false)`,
    );
    assert.deepEqual(params, ["'dragon'", "'x':A", "'y'", "'sad'"]);
  });

  it('joins alternatives for the same column into one tsquery', () => {
    const { sql, params } = planToSql(plan('a OR b')!, { firstParam: 3, columns: { meta: 'w.meta', body: 'w.body', grams: 'w.grams' } });
    const q = "to_tsquery('english', $3)";
    assert.equal(sql, `(numnode(${q}) = 0 OR w.meta @@ ${q} OR w.body @@ ${q})`);
    assert.deepEqual(params, ["('a') | ('b')"]);
  });

  it('writes a rank that treats a missing body as zero', () => {
    const { sql, params } = planToSql(plan('dragon')!, { mode: 'rank' });
    assert.equal(sql, "(coalesce(ts_rank(meta_tsv, to_tsquery('english', $1)), 0) + coalesce(ts_rank(body_tsv, to_tsquery('english', $1)), 0))");
    assert.deepEqual(params, ["'dragon'"]);
  });

  it('leaves prefixes out of the rank, and ranks a query of prefixes alone at 0 for every work', () => {
    const q = (n: number) => `to_tsquery('english', $${n})`;
    const mixed = planToSql(plan('drag* (hoard OR gold*)')!, { mode: 'rank' });
    assert.equal(mixed.sql, `(coalesce(ts_rank(meta_tsv, ${q(1)}), 0) + coalesce(ts_rank(body_tsv, ${q(1)}), 0))`);
    assert.deepEqual(mixed.params, ["'hoard'"]);
    assert.deepEqual(planToSql(plan('drag* text:gold*')!, { mode: 'rank' }), { sql: '0::real', params: [] });
  });

  it('refuses a column name that is not a plain identifier', () => {
    assert.throws(() => planToSql(plan('x')!, { columns: { meta: 'meta_tsv; drop table works', body: 'body_tsv', grams: 'grams_tsv' } }), /not a column name/);
  });
});
