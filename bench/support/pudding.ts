// Reads The Pudding's 2024 AO3 scrape (../shared/data/ao3/pudding-works/*.csv:
// top works by kudos for 67 relationships) into works with named tags. A work
// listed under two relationships appears in two files: it is kept once, with
// both relationships. Dates come as "24 Dec 2018" or, for ~1,000 rows, "14-May-19".
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TagKind } from '../../src/db/schema.ts';
import { CATEGORIES, matchFixed, matchRating, matchWarning } from '../../src/tags/fixed.ts';
import { normalizeTagName, tagKey, TAG_NAME_MAX } from '../../src/tags/names.ts';
import { readCsvObjects } from './csv.ts';

export interface PuddingWork {
  title: string;
  publishedAt: string;
  kudos: number;
  /** In the order a work form would give them: rating, warnings, category, fandom, relationships, freeforms. */
  tags: { kind: TagKind; name: string }[];
}

export interface PuddingData {
  files: number;
  rows: number;
  works: PuddingWork[];
  duplicateRows: number;
  badDates: number;
  /** The relationships the scrape was made for (canonical on AO3), by key. */
  canonicalRelationships: Map<string, string>;
  /** Relationship spellings a work was tagged with (taggedRel) that differ from the canonical relationship: name → canonical key. */
  relationshipSynonyms: Map<string, string>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "24 Dec 2018" or "14-May-19" to ISO; null when neither. */
export function puddingDate(raw: string): string | null {
  const m = /^(\d{1,2})[ -]([A-Za-z]{3})[ -](\d{2}|\d{4})$/.exec(raw.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]!.toLowerCase());
  const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const day = Number(m[1]);
  const d = new Date(Date.UTC(year, month, day, 12));
  return month < 0 || d.getUTCDate() !== day ? null : d.toISOString();
}

/** A usable tag name, or null: the scrape has no commas inside names, but guard the length like validateTagName. */
const clean = (raw: string): string | null => {
  const name = normalizeTagName(raw);
  return name === '' || [...name].length > TAG_NAME_MAX || /\p{Cc}/u.test(name) ? null : name;
};

export function readPudding(dir: string, limit = Infinity): PuddingData {
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
  const byKey = new Map<string, PuddingWork>();
  const canonicalRelationships = new Map<string, string>();
  const relationshipSynonyms = new Map<string, string>();
  let rows = 0;
  let duplicateRows = 0;
  let badDates = 0;
  for (const file of files) {
    for (const r of readCsvObjects(join(dir, file))) {
      if (byKey.size >= limit) break;
      rows++;
      const relationship = clean(r.relationship ?? '');
      const tagged = clean(r.taggedRel ?? '') ?? relationship;
      if (relationship) canonicalRelationships.set(tagKey(relationship), relationship);
      if (relationship && tagged && tagKey(tagged) !== tagKey(relationship)) relationshipSynonyms.set(tagged, tagKey(relationship));
      const key = [r.title, r.datetime, r.kudos, r.rating, r.fandom].join('\u0000');
      const seen = byKey.get(key);
      if (seen) {
        duplicateRows++;
        if (tagged && !seen.tags.some((t) => t.kind === 'relationship' && tagKey(t.name) === tagKey(tagged))) seen.tags.push({ kind: 'relationship', name: tagged });
        continue;
      }
      const date = puddingDate(r.datetime ?? '');
      if (date === null) badDates++;
      const rating = (r.rating ?? '').split(',').map(matchRating).find((x) => x !== undefined) ?? 'Not Rated';
      const warnings = [...new Set((r.warnings ?? '').split(',').map(matchWarning).filter((w) => w !== undefined))];
      const category = matchFixed(CATEGORIES, r.relType ?? '');
      const tags: PuddingWork['tags'] = [{ kind: 'rating', name: rating }];
      for (const w of warnings.length > 0 ? warnings : ['Choose Not To Use Archive Warnings']) tags.push({ kind: 'warning', name: w });
      if (category) tags.push({ kind: 'category', name: category });
      const fandom = clean(r.fandom ?? '');
      if (fandom) tags.push({ kind: 'fandom', name: fandom });
      if (tagged) tags.push({ kind: 'relationship', name: tagged });
      for (const raw of (r.tags ?? '').split(',')) {
        const name = clean(raw);
        if (name) tags.push({ kind: 'freeform', name });
      }
      byKey.set(key, {
        title: clean(r.title ?? '') ?? 'Untitled',
        // Malformed dates keep the work, dated at the start of the scrape's range.
        publishedAt: date ?? '2010-01-01T12:00:00.000Z',
        kudos: Number(r.kudos) || 0,
        tags,
      });
    }
  }
  return { files: files.length, rows, works: [...byKey.values()], duplicateRows, badDates, canonicalRelationships, relationshipSynonyms };
}
