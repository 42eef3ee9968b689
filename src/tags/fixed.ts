// The fixed tag sets every work chooses from, in AO3's order, with the short
// codes the blurb symbols use (the CSS draws them; the text stays readable).

export const RATINGS = ['General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit', 'Not Rated'] as const;
export type Rating = (typeof RATINGS)[number];

export const WARNINGS = [
  'Choose Not To Use Archive Warnings',
  'Graphic Depictions Of Violence',
  'Major Character Death',
  'No Archive Warnings Apply',
  'Rape/Non-Con',
  'Underage',
] as const;
export type Warning = (typeof WARNINGS)[number];

export const CATEGORIES = ['F/F', 'F/M', 'Gen', 'M/M', 'Multi', 'Other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Ratings behind the adult-content gate. */
export const GATED_RATINGS: ReadonlySet<string> = new Set<Rating>(['Mature', 'Explicit', 'Not Rated']);

export const RATING_CODES: Record<Rating, string> = {
  'General Audiences': 'g',
  'Teen And Up Audiences': 't',
  Mature: 'm',
  Explicit: 'e',
  'Not Rated': 'nr',
};

/** Matches a rating as people write it in file headers ("PG-13", "teen", "NC-17") to one of ours. */
export function matchRating(raw: string): Rating | undefined {
  const s = raw.trim().toLowerCase().replace(/[^a-z0-9+]/g, '');
  for (const r of RATINGS) if (r.toLowerCase().replace(/[^a-z0-9+]/g, '') === s) return r;
  const aliases: Record<string, Rating> = {
    g: 'General Audiences', gen: 'General Audiences', general: 'General Audiences', k: 'General Audiences', kplus: 'General Audiences', pg: 'General Audiences',
    t: 'Teen And Up Audiences', teen: 'Teen And Up Audiences', teenandup: 'Teen And Up Audiences', pg13: 'Teen And Up Audiences',
    m: 'Mature', r: 'Mature', ma: 'Mature',
    e: 'Explicit', nc17: 'Explicit', x: 'Explicit', xxx: 'Explicit', adult: 'Explicit',
    nr: 'Not Rated', unrated: 'Not Rated', notrated: 'Not Rated', none: 'Not Rated',
  };
  return aliases[s];
}

export function matchFixed<T extends string>(list: readonly T[], raw: string): T | undefined {
  const s = raw.trim().toLowerCase();
  return list.find((x) => x.toLowerCase() === s);
}

export function matchWarning(raw: string): Warning | undefined {
  const s = raw.trim().toLowerCase();
  const found = matchFixed(WARNINGS, raw);
  if (found) return found;
  if (/^(no warnings?|none|no archive warnings?)$/.test(s)) return 'No Archive Warnings Apply';
  if (/^(creator chose not to use|choose not to warn|cntw)/.test(s)) return 'Choose Not To Use Archive Warnings';
  // Only the usual short forms of each warning: a looser note ("mild violence", "minor character
  // death", "underage drinking") is the writer's own content note and is kept as an additional tag.
  if (/^(graphic (depictions? of )?)?violence$/.test(s)) return 'Graphic Depictions Of Violence';
  if (/^(major )?character death$|^mcd$/.test(s)) return 'Major Character Death';
  if (/^(rape|non-?con|rape ?\/ ?non-?con(sent)?)$/.test(s)) return 'Rape/Non-Con';
  if (/^underage( sex)?$/.test(s)) return 'Underage';
  return undefined;
}
