import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { foldText } from '../../../src/search/text/fold.ts';
import { parseTextQuery, type TextQuery } from '../../../src/search/text/parse.ts';
import { toFts5Match } from '../../../src/search/text/fts5.ts';
import { CASES, ROWS, hostileQuery } from './cases.ts';

const db = new Database(':memory:');
db.exec("create virtual table t using fts5(title, summary, tags, author, body, tokenize='porter unicode61 remove_diacritics 2')");
const insert = db.prepare('insert into t (rowid, title, summary, tags, author, body) values (?, ?, ?, ?, ?, ?)');
for (const r of ROWS) {
  insert.run(r.id, foldText(r.title), foldText(r.summary), foldText(r.tags), foldText(r.author), r.body === null ? null : foldText(r.body));
}
const search = db.prepare<[string], { id: number }>('select rowid as id from t where t match ? order by rowid');
const ids = (match: string): number[] => search.all(match).map((r) => r.id);
const find = (input: string): number[] => {
  const match = toFts5Match(parseTextQuery(input));
  assert.ok(match !== null, `no MATCH for ${input}`);
  return ids(match);
};
after(() => db.close());

describe('toFts5Match', () => {
  it('quotes every token and writes prefixes, phrases, fields, OR and NOT', () => {
    assert.equal(
      toFts5Match(parseTextQuery('drag* "green tea" (title:x OR tag:y) text:z -sad -by:ada')),
      '("drag" * AND "green tea" AND ({title} : "x" OR {tags} : "y") AND {body} : "z") NOT ("sad" OR {author} : "ada")',
    );
  });

  it('doubles a double quote inside a hand-built term', () => {
    const q: TextQuery = { must: [{ any: [{ type: 'word', value: 'x" OR "dragons', prefix: false }] }], not: [] };
    assert.equal(toFts5Match(q), '"x"" OR ""dragons"');
    assert.deepEqual(ids(toFts5Match(q)!), []); // not "x" OR "dragons", which finds row 1
  });

  it('returns null when there is nothing positive to search for', () => {
    assert.equal(toFts5Match(parseTextQuery('-fluff NOT angst')), null);
    assert.equal(toFts5Match(parseTextQuery('')), null);
    assert.equal(toFts5Match({ must: [{ any: [] }], not: [] }), null);
  });

  for (const [input, expected] of CASES) {
    it(`finds ${JSON.stringify(expected)} for ${input}`, () => {
      assert.deepEqual(find(input), expected);
    });
  }

  it('finds a word however it is accented in the text or the query', () => {
    assert.deepEqual(find('café'), find('cafe'));
    assert.deepEqual(find('cafe'), [1]);
  });

  it('stems words, but a prefix of the unstemmed form misses (porter)', () => {
    assert.deepEqual(find('running'), [1]);
    assert.deepEqual(find('runnin*'), []); // "running" was indexed as "run"
  });

  it('never lets user text become FTS5 syntax', () => {
    fc.assert(fc.property(hostileQuery, (input) => {
      const match = toFts5Match(parseTextQuery(input));
      if (match !== null) ids(match);
    }), { numRuns: 3000 });
  });

  it('never fails on hand-built terms holding quotes, NUL or surrogates', () => {
    const term = fc.record({ type: fc.constant('word' as const), value: fc.string({ unit: 'binary' }), prefix: fc.boolean() });
    fc.assert(fc.property(fc.array(term, { minLength: 1, maxLength: 4 }), fc.array(term, { maxLength: 2 }), (any, not) => {
      ids(toFts5Match({ must: [{ any }], not })!);
    }), { numRuns: 1000 });
  });
});
