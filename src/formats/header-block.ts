// The `Key: value` block many writers put above a story (or YAML-style front matter between
// `---` lines). Parsed into WorkMeta; the lines after it are the story.
import { isBlankLine, isSceneBreak } from './line-kinds.ts';
import { emptyMeta, type ListField, type TextField, type WorkMeta } from './parsed-work.ts';

type Field = ListField | TextField;

const FIELD_NAMES: Record<Field, string[]> = {
  title: ['title'],
  authors: ['author', 'authors', 'by', 'writer', 'writers'],
  fandoms: ['fandom', 'fandoms'],
  rating: ['rating', 'rated'],
  relationships: ['pairing', 'pairings', 'relationship', 'relationships', 'ship', 'ships'],
  characters: ['character', 'characters'],
  warnings: ['warning', 'warnings', 'archive warning', 'archive warnings', 'content warning', 'content warnings'],
  categories: ['category', 'categories'],
  tags: ['tags', 'additional tags', 'freeform', 'freeforms', 'freeform tags'],
  summary: ['summary'],
  notes: ['notes', 'note', "author's notes", "author's note", 'authors notes', "authors' notes", 'a/n'],
  endNotes: ['end notes', 'end note', 'endnotes'],
  language: ['language'],
};
const FIELDS = new Map<string, Field>(
  Object.entries(FIELD_NAMES).flatMap(([field, names]) => names.map((name) => [name, field as Field])),
);
const LIST_FIELDS = new Set<Field>(['authors', 'fandoms', 'relationships', 'characters', 'warnings', 'categories', 'tags']);

// A summary or note may run on over unindented lines until the blank line that ends the block.
const PROSE_FIELDS = new Set<Field>(['summary', 'notes', 'endNotes']);

const KEY_LINE = /^([A-Za-z][A-Za-z'’/ ]{0,30}?)\s*:\s*(.*)$/;
const FENCE = /^(---|\.\.\.)\s*$/;

function fieldFor(key: string): Field | undefined {
  return FIELDS.get(key.toLowerCase().replace(/’/g, "'").replace(/\s+/g, ' ').trim());
}

function unquote(value: string): string {
  const v = value.trim();
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}

function splitList(value: string): string[] {
  return value.replace(/^\[|\]$/g, '').split(',').map(unquote).map((v) => v.replace(/\s+/g, ' ')).filter(Boolean);
}

// List values wrap onto continuation lines mid-item ("slow\n  burn"), so lines join with a space.
function store(meta: WorkMeta, field: Field, raw: string[]): void {
  if (LIST_FIELDS.has(field)) {
    const list = meta[field as ListField];
    for (const item of splitList(raw.join(' '))) if (!list.includes(item)) list.push(item);
    return;
  }
  const value = unquote(raw.map((line) => line.trim()).join('\n')).trim();
  if (value === '') return;
  const key = field as TextField;
  meta[key] = meta[key] ? `${meta[key]}\n${value}` : value;
}

export interface HeaderBlock {
  meta: WorkMeta;
  /** The lines after the block. */
  rest: string[];
}

/** Reads a header block at the top of `lines`, or returns null when the text starts with the story. */
export function parseHeaderBlock(lines: string[]): HeaderBlock | null {
  let i = lines.findIndex((line) => !isBlankLine(line));
  if (i < 0) return null;
  const fenced = lines[i].trim() === '---';
  if (fenced) i++;
  const meta = emptyMeta();
  let field: Field | null | undefined; // undefined: no key yet; null: a key we do not know
  let values: string[] = [];
  const flush = () => { if (field) store(meta, field, values); };
  let closed = !fenced;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (fenced && FENCE.test(line)) {
      closed = true;
      i++;
      break;
    }
    if (!fenced && (isBlankLine(line) || isSceneBreak(line))) {
      if (isSceneBreak(line)) i++;
      break;
    }
    const key = /^\s/.test(line) ? null : KEY_LINE.exec(line);
    if (key) {
      const known = fieldFor(key[1]);
      if (field === undefined && !known) return null;
      flush();
      field = known ?? null;
      values = [key[2]];
    } else if (field !== undefined && fenced && /^\s*-\s/.test(line)) {
      values.push(`, ${line.trim().slice(1)}`); // a YAML list item
    } else if (field !== undefined && /^\s+\S/.test(line)) {
      values.push(line.trim());
    } else if (fenced && isBlankLine(line)) {
      continue;
    } else if (field && PROSE_FIELDS.has(field)) {
      values.push(line.trim());
    } else {
      if (field === undefined || fenced) return null;
      break;
    }
  }
  if (!closed || field === undefined) return null;
  flush();
  return { meta, rest: lines.slice(i) };
}
