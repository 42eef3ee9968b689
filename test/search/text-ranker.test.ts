// The ranking made in two parts (the higher ids in the reading worker, the lower in this thread)
// against the same ranking made whole in one statement, on a file as the app reads it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import Database from 'better-sqlite3';
import { stopReader } from '../../src/db/reader-worker.ts';
import { foldText } from '../../src/search/text/fold.ts';
import { fts5Values } from '../../src/search/text/grams.ts';
import { mergeRankings, rank, rankIn, type RankRequest } from '../../src/search/text-ranker.ts';
import { random } from '../support/random.ts';

// As src/db/migrations/021_text_grams.ts makes it.
const TABLE = "fts5(title, summary, tags, author, body, grams, meta_grams, tokenize='porter unicode61 remove_diacritics 2', content='', contentless_delete=1)";
const WORKS = 3000;
// A few words on many works, so that ties and long lists of matches happen.
const WORDS = ['lantern', 'harbour', 'tea', 'dragon', 'storm', 'letter', 'garden', 'lamp', 'the', 'and', 'quiet', 'rain'];

const dir = mkdtempSync(join(tmpdir(), 'quire-ranker-'));
const path = join(dir, 'ranker.db');
let reader: Database.Database;

before(() => {
  const rand = random(7);
  const word = () => WORDS[Math.floor(rand() * rand() * WORDS.length)]!;
  const text = (n: number) => Array.from({ length: n }, word).join(' ');
  const db = new Database(path);
  db.exec(`create virtual table work_text using ${TABLE}`);
  const insert = db.prepare('insert into work_text (rowid, title, summary, tags, author, body, grams, meta_grams) values (?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= WORKS; id++) {
      insert.run(id, ...fts5Values([text(1 + (id % 3)), text(id % 5), '', 'someone', foldText(text(5 + (id % 40)))]));
    }
  })();
  db.close();
  reader = new Database(path, { readonly: true });
});

after(async () => {
  await stopReader(reader);
  reader.close();
  rmSync(dir, { recursive: true, force: true });
});

it('ranks the best matches in two parts exactly as in one statement: ids, scores and completeness', async () => {
  const rand = random(11);
  const subset = (share: number, below = Infinity) => Uint32Array.from(Array.from({ length: WORKS }, (_, i) => i + 1).filter((id) => id <= below && rand() < share));
  const requests: RankRequest[] = [
    { limit: 1 },
    { limit: 20 },
    { limit: 700 },
    { limit: WORKS * 2 },
    { within: subset(0.3) },
    { within: subset(0.05) },
    { within: subset(1, 1000) }, // all below the split (40% of the ids)
    { within: Uint32Array.from([WORKS - 1, WORKS]) }, // all above it
    { within: new Uint32Array(0) },
  ];
  let compared = 0;
  for (const match of ['"lantern"', '"lan" *', '"the" AND "tea"', '"storm" OR "rain"', '"quiet rain"', '"nothing"']) {
    for (const request of requests) {
      const whole = rankIn(reader, match, request);
      const parts = await rank(reader, match, request);
      const what = `${match} ${request.within ? `within ${request.within.length}` : `limit ${request.limit}`}`;
      assert.deepEqual(Array.from(parts.ids), Array.from(whole.ids), what);
      assert.deepEqual(Array.from(parts.scores!), Array.from(whole.scores!), what);
      assert.equal(parts.complete, whole.complete, what);
      compared += whole.ids.length;
    }
  }
  assert.ok(compared > 5000, `only ${compared} ranked works compared`);
});

it('merges two parts best first, equal scores by the higher id, cut at the limit', () => {
  const r = (ids: number[], scores: number[], complete = true) => ({ ids: Uint32Array.from(ids), scores: Float64Array.from(scores), complete });
  const merged = mergeRankings(r([9, 4, 2], [5, 3, 3]), r([8, 7], [5, 3]), 4);
  assert.deepEqual(Array.from(merged.ids), [9, 8, 7, 4]);
  assert.deepEqual(Array.from(merged.scores!), [5, 5, 3, 3]);
  assert.equal(merged.complete, false, 'a work was cut');
  assert.equal(mergeRankings(r([1], [1]), r([2], [2]), 2).complete, true);
  assert.equal(mergeRankings(r([1], [1], false), r([2], [2]), 5).complete, false);
});
