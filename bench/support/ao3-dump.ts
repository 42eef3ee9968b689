// Loads the sample of AO3's 2021 data dump (../shared/data/ao3/dump-2021-*.csv)
// into an archive: tags keep their canonical flag and synonym links, works keep
// their taggings, and every AO3 id maps to ours. Tag ids the sample does not
// hold, and tag types we have no kind for, are skipped and counted.
import { join } from 'node:path';
import type { Db, TagKind } from '../../src/db/schema.ts';
import { tagKey } from '../../src/tags/names.ts';
import { readCsvObjects } from './csv.ts';
import { insertTags, insertWorks, materializeAllFilters, recountTaggings, type NewTag, type NewWork } from './bulk.ts';

/** AO3 tag types and our kinds; "UnsortedTag" is a tag nobody has sorted yet, which for us is an unwrangled freeform. */
export const AO3_KINDS: Readonly<Record<string, TagKind>> = {
  Media: 'media',
  Rating: 'rating',
  ArchiveWarning: 'warning',
  Category: 'category',
  Fandom: 'fandom',
  Character: 'character',
  Relationship: 'relationship',
  Freeform: 'freeform',
  UnsortedTag: 'freeform',
};

export interface Ao3Tag {
  id: string;
  type: string;
  name: string;
  canonical: boolean;
  mergerId: string | null;
}

export interface Ao3Work {
  createdOn: string;
  language: string;
  restricted: boolean;
  complete: boolean;
  words: number;
  tagIds: string[];
}

export const readAo3Tags = (dir: string): Ao3Tag[] =>
  readCsvObjects(join(dir, 'dump-2021-tags-sample.csv')).map((r) => ({
    id: r.id!,
    type: r.type!,
    name: r.name!,
    canonical: r.canonical === 'TRUE',
    mergerId: r.merger_id ? r.merger_id : null,
  }));

export const readAo3Works = (dir: string): Ao3Work[] =>
  readCsvObjects(join(dir, 'dump-2021-works-sample.csv')).map((r) => ({
    createdOn: r['creation date']!,
    language: r.language || 'en',
    restricted: r.restricted === 'TRUE',
    complete: r.complete === 'TRUE',
    words: Number(r.word_count) || 0,
    tagIds: r.tags!.split('+').filter((t) => t !== ''),
  }));

/** "2/26/2021" (month/day/year, as the dump writes it) to ISO; anything else to `fallback`. */
export function dumpDate(raw: string, fallback: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw.trim());
  if (!m) return fallback;
  const d = new Date(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2])));
  return Number.isNaN(d.getTime()) ? fallback : d.toISOString();
}

export interface DumpLoad {
  tags: number;
  synonyms: number;
  /** Synonyms whose canonical is not in the sample: loaded as unwrangled tags. */
  orphanSynonyms: number;
  unknownTypes: number;
  /** AO3 names whose key was already taken, by a tag of the archive (media) or an earlier row. */
  existingNames: number;
  duplicateNames: number;
  /** AO3 tags whose name is taken by one of ours of another kind: left out, their references counted as missing. */
  kindConflicts: number;
  works: number;
  references: number;
  missingReferences: number;
  /** Works with no rating (or no warning) among their sample tags, given "Not Rated" (or "Choose Not To Use…"). */
  defaultedRatings: number;
  defaultedWarnings: number;
  /** AO3 tag id → our tag id. */
  tagIds: Map<string, number>;
  /** Our work ids, in the order of the works CSV. */
  workIds: number[];
}

export async function loadAo3Dump(db: Db, dir: string, pseudId: number, now: string): Promise<DumpLoad> {
  const tags = readAo3Tags(dir);
  const works = readAo3Works(dir);
  const byId = new Map(tags.map((t) => [t.id, t]));
  const known = tags.filter((t) => AO3_KINDS[t.type] !== undefined);
  let orphanSynonyms = 0;
  const newTags: NewTag[] = known.map((t) => {
    const merger = t.mergerId === null ? undefined : byId.get(t.mergerId);
    const mergerKnown = merger !== undefined && AO3_KINDS[merger.type] !== undefined;
    if (t.mergerId !== null && !mergerKnown) orphanSynonyms++;
    return { name: t.name, kind: AO3_KINDS[t.type]!, canonical: t.canonical, mergerKey: mergerKnown ? tagKey(merger.name) : undefined };
  });
  const loaded = await insertTags(db, newTags, now);
  // Every work needs a rating and a warning: these two stand in when a work's own are not in the sample.
  const fallbacks = await insertTags(db, [{ name: 'Not Rated', kind: 'rating', canonical: true }, { name: 'Choose Not To Use Archive Warnings', kind: 'warning', canonical: true }], now);
  const kinds = new Map((await db.selectFrom('tags').select(['id', 'kind']).execute()).map((r) => [r.id, r.kind]));
  const tagIds = new Map<string, number>();
  let kindConflicts = 0;
  for (const t of known) {
    const id = loaded.ids.get(tagKey(t.name))!;
    // A name already taken by a tag of another kind cannot stand for this one.
    if (kinds.get(id) === AO3_KINDS[t.type]) tagIds.set(t.id, id);
    else kindConflicts++;
  }

  let references = 0;
  let missingReferences = 0;
  let defaultedRatings = 0;
  let defaultedWarnings = 0;
  const newWorks: NewWork[] = works.map((w, i) => {
    const ids: number[] = [];
    for (const ao3 of w.tagIds) {
      references++;
      const id = tagIds.get(ao3);
      if (id === undefined) missingReferences++;
      else ids.push(id);
    }
    if (!ids.some((id) => kinds.get(id) === 'rating')) {
      defaultedRatings++;
      ids.unshift(fallbacks.ids.get('not rated')!);
    }
    if (!ids.some((id) => kinds.get(id) === 'warning')) {
      defaultedWarnings++;
      ids.push(fallbacks.ids.get('choose not to use archive warnings')!);
    }
    return { title: `AO3 sample work ${i + 1}`, language: w.language, words: w.words, complete: w.complete, restricted: w.restricted, publishedAt: dumpDate(w.createdOn, now), tagIds: ids };
  });
  const workIds = await insertWorks(db, newWorks, pseudId, now);
  await recountTaggings(db);
  await materializeAllFilters(db);
  return {
    tags: known.length,
    synonyms: known.filter((t) => t.mergerId !== null).length,
    orphanSynonyms: orphanSynonyms + loaded.orphanSynonyms,
    unknownTypes: tags.length - known.length,
    existingNames: loaded.existing,
    kindConflicts,
    duplicateNames: loaded.duplicates,
    works: works.length,
    references,
    missingReferences,
    defaultedRatings,
    defaultedWarnings,
    tagIds,
    workIds,
  };
}
