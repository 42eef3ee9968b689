import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { foldText } from '../../../src/search/text/fold.ts';
import { parseTextQuery, type TextQuery } from '../../../src/search/text/parse.ts';
import { toFts5Match } from '../../../src/search/text/fts5.ts';
import { fts5Values, textGrams } from '../../../src/search/text/grams.ts';
import { CASES, PAIR_WORDS, ROWS, hostileQuery } from './cases.ts';

// As src/db/migrations/021_text_grams.ts makes it.
const TABLE = "fts5(title, summary, tags, author, body, grams, meta_grams, tokenize='porter unicode61 remove_diacritics 2', content='', contentless_delete=1)";
const db = new Database(':memory:');
db.exec(`create virtual table t using ${TABLE}`);
const insert = db.prepare('insert into t (rowid, title, summary, tags, author, body, grams, meta_grams) values (?, ?, ?, ?, ?, ?, ?, ?)');
for (const r of ROWS) {
  const values: (string | null)[] = fts5Values([foldText(r.title), foldText(r.summary), foldText(r.tags), foldText(r.author), foldText(r.body ?? '')]);
  // A work without chapters keeps its NULL body (and pairs), which exclusions must not trip over.
  if (r.body === null) values[4] = values[5] = null;
  insert.run(r.id, ...values);
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
      '({title summary tags author body} : "drag" * AND "green tea" AND ({title} : "x" OR {tags} : "y") AND {body} : "z") NOT ("sad" OR {author} : "ada")',
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

  it('never matches the pairs column but by a phrase of pairs', () => {
    // Row 2's pairs hold "theǂknightǂ": neither the word nor a prefix of it may find them.
    assert.deepEqual(find('the\u01c2knight\u01c2'), []);
    assert.deepEqual(find('the\u01c2kni*'), []);
    assert.deepEqual(find('"and the\u01c2knight\u01c2"'), []);
  });

  it('matches stop words inside a phrase in every field (PostgreSQL drops them outside chapter text)', () => {
    assert.deepEqual(find('"tea at the"'), [1]);
    assert.deepEqual(find('"the knight was"'), []);
    assert.deepEqual(find('"a cafe in the"'), [1]); // a summary, by its pairs
    assert.deepEqual(find('"green and the"'), [2]); // the body's
  });

  it('never runs a phrase on from one field into the next', () => {
    // Row 1: title "… with Dragons", summary "A café …"; row 4: tags "humor, spider-man", body "Don't …".
    assert.deepEqual(find('"dragons a"'), []);
    assert.deepEqual(find('"with dragons a cafe"'), []);
    assert.deepEqual(find('"with dragons"'), [1]);
  });

  it('finds a word however it is accented in the text or the query', () => {
    assert.deepEqual(find('café'), find('cafe'));
    assert.deepEqual(find('cafe'), [1]);
  });

  it('stems words, but a prefix of the unstemmed form misses (porter)', () => {
    assert.deepEqual(find('running'), [1]);
    assert.deepEqual(find('runnin*'), []); // "running" was indexed as "run"
  });

  it('finds a phrase of common words by its word pairs exactly where FTS5 finds it word by word', () => {
    const words = PAIR_WORDS;
    const docs = new Database(':memory:');
    docs.exec(`create virtual table t using ${TABLE}`);
    const add = docs.prepare('insert into t (rowid, body, grams) values (?, ?, ?)');
    const [bodies] = fc.sample(fc.array(fc.array(fc.constantFrom(...words), { maxLength: 30 }), { minLength: 200, maxLength: 200 }), { numRuns: 1, seed: 7 });
    bodies!.forEach((b, i) => {
      const body = foldText(b.join(' '));
      add.run(i + 1, body, textGrams(body));
    });
    const search = docs.prepare<[string], { id: number }>('select rowid as id from t where t match ? order by rowid');
    let byPairs = 0;
    let hits = 0;
    fc.assert(fc.property(fc.array(fc.constantFrom(...words), { minLength: 2, maxLength: 4 }), (phrase) => {
      const q = parseTextQuery(`text:"${phrase.join(' ')}"`);
      const match = toFts5Match(q)!;
      if (!match.includes('{grams}')) return;
      byPairs++;
      const expected = search.all(`{body} : "${phrase.map(foldText).join(' ')}"`).map((r) => r.id);
      hits += expected.length;
      assert.deepEqual(search.all(match).map((r) => r.id), expected, phrase.join(' '));
    }), { numRuns: 2000 });
    docs.close();
    assert.ok(byPairs > 500 && hits > 500, `by pairs ${byPairs}, rows found ${hits}`);
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
