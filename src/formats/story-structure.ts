// Shared by the plain-text and Markdown importers: find chapters among the lines, decide whether
// the text before the first heading is a chapter or a note, and read the closing line.
import { ImportFormatError } from './import-error.ts';
import { closingMarker, isBlankLine, isSceneBreak } from './line-kinds.ts';
import { joinNotes, type ParsedWork, type WorkMeta } from './parsed-work.ts';
import { hasText } from './plain-text.ts';
import { countWords } from './wordcount.ts';

interface LineChapter {
  title: string;
  lines: string[];
}

export interface StoryFormat {
  /** The chapter title when line `index` is a chapter heading, else null. */
  heading(line: string, index: number): { title: string } | null;
  /** Sanitized HTML for a chapter's lines. */
  render(lines: string[]): string;
}

function textLines(lines: string[]): string[] {
  return lines.filter((line) => !isBlankLine(line) && !isSceneBreak(line));
}

// "More than a line or two": three lines, or one long unwrapped paragraph.
const SHORT_WORDS = 100;

export function isSubstantial(lines: string[]): boolean {
  const text = textLines(lines);
  return text.length > 2 || countWords(text.join(' ')) > SHORT_WORDS;
}

function asNote(lines: string[]): string {
  return lines
    .map((line) => (isSceneBreak(line) ? '' : line.trim()))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function split(lines: string[], format: StoryFormat): { preface: string[]; chapters: LineChapter[] } {
  const preface: string[] = [];
  const chapters: LineChapter[] = [];
  lines.forEach((line, index) => {
    const heading = format.heading(line, index);
    if (heading) chapters.push({ title: heading.title, lines: [] });
    else (chapters.at(-1)?.lines ?? preface).push(line);
  });
  return { preface, chapters };
}

/** Removes a closing line (The End, TBC) from the last chapter; a short note after it is an end note. */
function takeClosing(lines: string[]): { complete: boolean; endNotes?: string } {
  for (let i = lines.length - 1; i >= 0; i--) {
    const marker = closingMarker(lines[i]);
    const after = lines.slice(i + 1);
    if (marker) {
      lines.splice(i);
      return { complete: marker === 'complete', endNotes: hasText(after) ? asNote(after) : undefined };
    }
    if (isSubstantial(after.concat(lines[i]))) break;
  }
  return { complete: true };
}

/** Builds the work from the story lines that follow the title or header block. */
export function assembleWork(meta: WorkMeta & { title: string }, body: string[], format: StoryFormat): ParsedWork {
  const { preface, chapters } = split(body, format);
  let notes = meta.notes;
  if (hasText(preface)) {
    if (chapters.length === 0 || isSubstantial(preface)) chapters.unshift({ title: '', lines: preface });
    else notes = joinNotes(notes, asNote(preface));
  }
  const story = chapters.filter((chapter) => hasText(chapter.lines));
  if (story.length === 0) throw new ImportFormatError('This file has no story text to import.');
  const closing = takeClosing(story[story.length - 1].lines);
  const endNotes = closing.endNotes ? joinNotes(meta.endNotes, closing.endNotes) : meta.endNotes;
  const rendered = story
    .map((chapter) => ({ title: chapter.title, html: format.render(chapter.lines) }))
    .filter((chapter) => chapter.html !== '');
  if (rendered.length === 0) throw new ImportFormatError('This file has no story text to import.');
  const work: ParsedWork = { ...meta, notes, endNotes, complete: closing.complete, chapters: rendered };
  for (const key of ['rating', 'summary', 'notes', 'endNotes', 'language'] as const) {
    if (work[key] === undefined) delete work[key];
  }
  return work;
}
