// Proof with real data: 1,999 tags and 999 works of AO3's 2021 dump, loaded
// with their synonyms, must list under each canonical exactly the works tagged
// with it or any of its synonyms. The expected sets come from the CSV alone.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { forEachDialect, postgresAvailable } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser } from '../support/builders.ts';
import type { Context } from '../../src/context.ts';
import type { Viewer } from '../../src/authz/policy.ts';
import { nowIso } from '../../src/context.ts';
import { listWorks } from '../../src/works/service.ts';
import { searchWorks } from '../../src/search/service.ts';
import { parseSearchQuery } from '../../src/search/query.ts';
import { computeFilters } from '../../src/tags/filters.ts';
import { tagKey } from '../../src/tags/names.ts';
import { MEDIA } from '../../src/db/migrations/002_wrangling.ts';
import { AO3_KINDS, loadAo3Dump, readAo3Tags, readAo3Works, type Ao3Tag, type DumpLoad } from '../../bench/support/ao3-dump.ts';

const DATA_DIR = fileURLToPath(new URL('../../../shared/data/ao3/', import.meta.url));
const present = existsSync(`${DATA_DIR}dump-2021-tags-sample.csv`) && existsSync(`${DATA_DIR}dump-2021-works-sample.csv`);

// The archive starts with its media tags; an AO3 tag of another kind with one of their names cannot be loaded.
const archiveMedia = new Set(MEDIA.map(tagKey));
const takenByOtherKind = (t: Ao3Tag) => AO3_KINDS[t.type] !== 'media' && archiveMedia.has(tagKey(t.name));

/** From the CSV alone: for each AO3 tag, the row numbers of the works a listing by it must return. */
function expectedListings(tags: Ao3Tag[], works: { tagIds: string[] }[]) {
  const known = tags.filter((t) => AO3_KINDS[t.type] !== undefined && !takenByOtherKind(t));
  const byId = new Map(known.map((t) => [t.id, t]));
  // Names are one tag case-insensitively: the first AO3 row with a key stands for all rows with it.
  const firstByKey = new Map<string, string>();
  for (const t of known) if (!firstByKey.has(tagKey(t.name))) firstByKey.set(tagKey(t.name), t.id);
  const alias = (id: string) => firstByKey.get(tagKey(byId.get(id)!.name))!;
  const canonicalOf = (id: string) => {
    const t = byId.get(alias(id))!;
    return t.mergerId !== null && byId.has(t.mergerId) ? alias(t.mergerId) : t.id;
  };
  const worksByCanonical = new Map<string, Set<number>>();
  works.forEach((w, row) => {
    for (const id of w.tagIds) {
      if (!byId.has(id)) continue;
      const c = canonicalOf(id);
      worksByCanonical.set(c, (worksByCanonical.get(c) ?? new Set()).add(row));
    }
  });
  const usedSynonymsOf = new Map<string, Set<string>>();
  for (const w of works) {
    for (const id of w.tagIds) {
      const t = byId.get(id);
      if (t?.mergerId && byId.has(t.mergerId)) usedSynonymsOf.set(canonicalOf(id), (usedSynonymsOf.get(canonicalOf(id)) ?? new Set()).add(t.name));
    }
  }
  return { byId, canonicalOf, worksByCanonical, usedSynonymsOf };
}

if (!present) {
  console.log(`# SKIPPED: real AO3 data tests (no ${DATA_DIR}dump-2021-*.csv; the shared data is not part of a clone)`);
  describe('tag wrangling on real AO3 data', () => {
    it('needs ../shared/data/ao3', { skip: 'shared data absent' }, () => {});
  });
} else {
  const tags = readAo3Tags(DATA_DIR);
  const works = readAo3Works(DATA_DIR);
  const expected = expectedListings(tags, works);

  forEachDialect('tag wrangling on real AO3 data', ({ get }) => {
    let ctx: Context;
    let reader: Viewer;
    let load: DumpLoad;
    let rowOfWork: Map<number, number>;

    /** Every work a listing by `tag` shows to `viewer`, page by page, as CSV row numbers. */
    const listedRows = async (viewer: Viewer | null, tag: string): Promise<number[]> => {
      const rows: number[] = [];
      for (let page = 1; ; page++) {
        const list = await listWorks(ctx, viewer, { tag, page });
        rows.push(...list.works.map((w) => rowOfWork.get(w.id)!));
        if (page >= list.pages) break;
      }
      return rows.sort((a, b) => a - b);
    };
    /** The same through the search index, which the tag pages and the works API read. */
    const searchedRows = async (viewer: Viewer | null, tag: string): Promise<number[]> => {
      const rows: number[] = [];
      for (let page = 1; ; page++) {
        const result = await searchWorks(ctx, viewer, parseSearchQuery({ page: String(page) }), { tag });
        rows.push(...result.works.map((w) => rowOfWork.get(w.id)!));
        if (page >= result.pages) break;
      }
      return rows.sort((a, b) => a - b);
    };
    const sorted = (rows: Iterable<number>) => [...rows].sort((a, b) => a - b);

    before(async () => {
      // Let the PostgreSQL probe finish first: SQLite's synchronous load holds the event loop longer than the probe's timeout.
      await postgresAvailable();
      ctx = testContext(get(), { pageSize: 200 });
      reader = await makeUser(ctx);
      const pseud = await ctx.db.selectFrom('pseuds').select('id').where('user_id', '=', reader.id).executeTakeFirstOrThrow();
      load = await loadAo3Dump(ctx.db, DATA_DIR, pseud.id, nowIso());
      rowOfWork = new Map(load.workIds.map((id, row) => [id, row]));
      console.log(
        `# ao3 sample: ${load.tags} tags (${load.synonyms} synonyms, ${load.synonyms - load.orphanSynonyms} with their canonical in the sample), ` +
          `${load.works} works, ${load.missingReferences} of ${load.references} tag references missing from the sample; ` +
          `${load.existingNames} names already in the archive, ${load.duplicateNames} case-insensitive duplicates, ${load.unknownTypes} of unknown types, ${load.kindConflicts} skipped as their name is a tag of another kind`,
      );
    });

    it('loads every tag and work of the sample and counts the tag ids it does not hold', async () => {
      assert.equal(load.tags + load.unknownTypes, tags.length);
      assert.equal(load.works, works.length);
      assert.equal(load.kindConflicts, tags.filter(takenByOtherKind).length, 'a name our media tags hold is skipped for other kinds ("Comics")');
      assert.equal(load.existingNames, tags.filter((t) => archiveMedia.has(tagKey(t.name))).length);
      const missing = works.flatMap((w) => w.tagIds).filter((id) => !expected.byId.has(id)).length;
      assert.ok(missing > 0, 'the sample references tags outside it');
      assert.equal(load.missingReferences, missing);
      const counted = await ctx.db.selectFrom('tags').select((eb) => eb.fn.sum<number>('taggings_count').as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(counted.n), load.references - missing, 'taggings_count sums to the taggings loaded');
      assert.equal(load.defaultedRatings + load.defaultedWarnings, 0, 'every sample work has its rating and warnings in the sample');
    });

    it('lists under each canonical every work tagged with it or one of its synonyms, and nothing else', async () => {
      assert.ok(expected.usedSynonymsOf.size > 0, 'the sample has works tagged with synonyms');
      for (const [canonicalId, synonyms] of expected.usedSynonymsOf) {
        const name = expected.byId.get(canonicalId)!.name;
        const want = sorted(expected.worksByCanonical.get(canonicalId)!);
        assert.deepEqual(await listedRows(reader, name), want, `${name} (synonyms used: ${[...synonyms].join(', ')})`);
        assert.deepEqual(await listedRows(null, name), want.filter((row) => !works[row]!.restricted), `${name}, as a guest`);
        assert.deepEqual(await searchedRows(reader, name), want, `${name}, through the search index`);
        assert.deepEqual(await searchedRows(null, name), want.filter((row) => !works[row]!.restricted), `${name}, through the search index as a guest`);
        for (const synonym of synonyms) assert.deepEqual(await listedRows(reader, synonym), want, `${synonym} lists its canonical ${name}'s works`);
      }
    });

    it('lists under every tag the works use exactly the works filtered under its canonical', async () => {
      const used = new Set(works.flatMap((w) => w.tagIds).filter((id) => expected.byId.has(id)));
      for (const id of used) {
        const name = expected.byId.get(id)!.name;
        const want = sorted(expected.worksByCanonical.get(expected.canonicalOf(id))!);
        assert.deepEqual(await listedRows(reader, name), want, name);
      }
    });

    it('stores the same filters as a recompute from scratch', async () => {
      const ids = load.workIds;
      const want = await computeFilters(ctx.db, ids);
      const stored = new Map(ids.map((id) => [id, new Set<number>()]));
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await ctx.db.selectFrom('work_filters').select(['work_id', 'tag_id']).where('work_id', 'in', ids.slice(i, i + 500)).execute();
        for (const r of rows) stored.get(r.work_id)!.add(r.tag_id);
      }
      for (const id of ids) assert.deepEqual(sorted(stored.get(id)!), sorted(want.get(id)!), `work ${id}`);
    });
  });
}
