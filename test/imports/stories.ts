// Tame synthetic story files for import tests, in the plain-text shape the importer reads.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface StoryOptions {
  chapters?: number;
  fandom?: string | null;
  /** Changes the text, so two stories with the same title are different files. */
  seed?: number;
}

const LINES = [
  'The kettle sang on the stove while the rain tapped at the window.',
  'Nobody in the village remembered who had planted the pear tree.',
  'She folded the map twice and tucked it behind the clock.',
  'The ferry was late again, and the gulls did not mind at all.',
];

export function story(title: string, { chapters = 2, fandom = 'Original Work', seed = 0 }: StoryOptions = {}): string {
  const head = [`Title: ${title}`, ...(fandom === null ? [] : [`Fandom: ${fandom}`]), 'Rating: General', 'Warnings: No Archive Warnings Apply', ''];
  const body = Array.from({ length: chapters }, (_, i) => [`Chapter ${i + 1}: Part ${i + 1}`, '', `${LINES[(i + seed) % LINES.length]} (${title}, ${seed})`, '', LINES[(i + seed + 1) % LINES.length], '']);
  return [...head, ...body.flat()].join('\n');
}

/** Writes `files` (relative path → content) under `dir`, making folders as needed. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
