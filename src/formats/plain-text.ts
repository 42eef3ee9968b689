// Plain text to HTML: blank lines part paragraphs, single newlines are line breaks, and a line of
// marks is a scene break.
import { isBlankLine, isSceneBreak } from './line-kinds.ts';
import { sanitizeHtml } from './sanitize.ts';

type Block = { kind: 'paragraph'; lines: string[] } | { kind: 'break' };

function toBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', lines: paragraph });
    paragraph = [];
  };
  for (const line of lines) {
    if (isBlankLine(line)) endParagraph();
    else if (isSceneBreak(line)) {
      endParagraph();
      blocks.push({ kind: 'break' });
    } else paragraph.push(line.trim());
  }
  endParagraph();
  return blocks;
}

/** A break opening or closing a chapter separates nothing, and two in a row are one. */
function tidyBreaks(blocks: Block[]): Block[] {
  const tidy = blocks.filter((block, i) => block.kind !== 'break' || blocks[i - 1]?.kind !== 'break');
  while (tidy[0]?.kind === 'break') tidy.shift();
  while (tidy.at(-1)?.kind === 'break') tidy.pop();
  return tidy;
}

// Files saved from word processors often hold one unwrapped paragraph per line with no blank lines
// between; read as line breaks they would make the whole chapter a single paragraph.
const LONG_LINE = 100;

function splitUnwrappedParagraphs(blocks: Block[]): Block[] {
  const [only] = blocks;
  if (blocks.length !== 1 || only.kind !== 'paragraph' || only.lines.length < 3) return blocks;
  const long = only.lines.filter((line) => line.length > LONG_LINE).length;
  if (long * 2 < only.lines.length) return blocks;
  return only.lines.map((line) => ({ kind: 'paragraph', lines: [line] }));
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** True when the lines hold any text besides blank lines and scene breaks. */
export function hasText(lines: string[]): boolean {
  return lines.some((line) => !isBlankLine(line) && !isSceneBreak(line));
}

/** Renders plain-text lines (already split on `\n`) as sanitized HTML. */
export function plainTextToHtml(lines: string[]): string {
  const blocks = splitUnwrappedParagraphs(tidyBreaks(toBlocks(lines)));
  const html = blocks
    .map((block) => (block.kind === 'break' ? '<hr>' : `<p>${block.lines.map(escapeHtml).join('<br>')}</p>`))
    .join('\n');
  return sanitizeHtml(html);
}
