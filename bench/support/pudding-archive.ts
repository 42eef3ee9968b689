// Builds an archive from the Pudding scrape: fixed tags, fandoms and the
// scraped relationships canonical (as on AO3), the spellings works were
// tagged with as synonyms of those relationships, freeforms unwrangled.
import type { Db, TagKind } from '../../src/db/schema.ts';
import { tagKey } from '../../src/tags/names.ts';
import { vacuumAnalyze, insertTags, insertWorks, materializeAllFilters, recountTaggings, type NewTag } from './bulk.ts';
import type { PuddingData } from './pudding.ts';
import { timer } from './stats.ts';

export interface ArchiveLoad {
  works: number;
  tags: number;
  taggings: number;
  /** Names used under two kinds (a freeform spelled like a fandom): the first kind keeps the name. */
  kindClashes: number;
  ms: { tags: number; works: number; counts: number; filters: number };
}

const ORDER: TagKind[] = ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform'];

export async function loadPuddingArchive(db: Db, data: PuddingData, pseudId: number, now: string, onStep: (msg: string) => void = () => {}): Promise<ArchiveLoad> {
  const kindOf = new Map<string, TagKind>();
  const tags: NewTag[] = [];
  let kindClashes = 0;
  const want = (name: string, kind: TagKind, canonical: boolean, mergerKey?: string) => {
    const key = tagKey(name);
    const had = kindOf.get(key);
    if (had !== undefined) {
      if (had !== kind) kindClashes++;
      return;
    }
    kindOf.set(key, kind);
    tags.push({ name, kind, canonical, mergerKey });
  };
  for (const name of data.canonicalRelationships.values()) want(name, 'relationship', true);
  for (const kind of ORDER) {
    for (const w of data.works) {
      for (const t of w.tags) {
        if (t.kind !== kind) continue;
        const canonical = kind === 'rating' || kind === 'warning' || kind === 'category' || kind === 'fandom';
        want(t.name, kind, canonical, kind === 'relationship' ? data.relationshipSynonyms.get(t.name) : undefined);
      }
    }
  }
  const elapsed = timer();
  const loaded = await insertTags(db, tags, now);
  const ms = { tags: elapsed(), works: 0, counts: 0, filters: 0 };
  onStep(`${loaded.inserted} tags in ${(ms.tags / 1000).toFixed(1)} s`);

  const works = data.works.map((w, i) => {
    const tagIds = w.tags.map((t) => loaded.ids.get(tagKey(t.name))!);
    // Word counts are not in the scrape; a spread of plausible ones keeps blurbs and sums realistic.
    return { title: w.title, language: 'en', words: 1000 + ((i * 7919) % 60000), complete: true, restricted: false, publishedAt: w.publishedAt, tagIds };
  });
  let step = timer();
  await insertWorks(db, works, pseudId, now);
  ms.works = step();
  const taggings = Number((await db.selectFrom('work_tags').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  onStep(`${works.length} works, ${taggings} taggings in ${(ms.works / 1000).toFixed(1)} s`);
  step = timer();
  await vacuumAnalyze(db);
  await recountTaggings(db);
  ms.counts = step();
  step = timer();
  await materializeAllFilters(db);
  await vacuumAnalyze(db);
  ms.filters = step();
  onStep(`filters of every work in ${(ms.filters / 1000).toFixed(1)} s (tag counts ${(ms.counts / 1000).toFixed(1)} s)`);
  return { works: works.length, tags: loaded.inserted, taggings, kindClashes, ms };
}
