// Markdown story bodies. Raw HTML inside Markdown is not trusted: marked's output is sanitized.
import { Marked } from 'marked';
import { isBlankLine, isSceneBreak } from './line-kinds.ts';
import { plainTextToHtml } from './plain-text.ts';
import { sanitizeHtml } from './sanitize.ts';

// Note: marked 16 takes quadratic time on some inputs (30 KB of `*a ` takes ~10 s; see
// markedjs/marked#4099), so callers must cap body length before rendering untrusted Markdown.
const marked = new Marked({ gfm: true, breaks: false });
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** For each line, whether it sits inside (or opens/closes) a fenced code block. */
export function fenceMask(lines: string[]): boolean[] {
  let open: string | null = null;
  return lines.map((line) => {
    const fence = FENCE.exec(line)?.[1];
    if (open === null) {
      if (fence) open = fence;
      return fence !== undefined;
    }
    if (fence && fence[0] === open[0] && fence.length >= open.length) open = null;
    return true;
  });
}

// Writers mark scene breaks with o0o, ~, <> and the like, which Markdown would print as text, and
// `---` right under a paragraph would turn that paragraph into a heading. In a story each of them
// is a scene break, with the plain-text rules: none at the start or end, and never two in a row.
function markSceneBreaks(lines: string[]): string[] {
  const inFence = fenceMask(lines);
  const out: string[] = [];
  let pendingBreak = false;
  let seenText = false;
  lines.forEach((line, i) => {
    if (!inFence[i] && isSceneBreak(line)) {
      pendingBreak = seenText;
      return;
    }
    if (pendingBreak && !isBlankLine(line)) {
      out.push('', '***', '');
      pendingBreak = false;
    }
    if (!isBlankLine(line)) seenText = true;
    out.push(line);
  });
  return out;
}

/** Renders Markdown lines as sanitized HTML. */
export function markdownToHtml(lines: string[]): string {
  let html: string;
  try {
    html = marked.parse(markSceneBreaks(lines).join('\n'), { async: false });
  } catch (error) {
    // marked recurses once per nesting level, so a few thousand `>` overflow the stack; such a
    // body is shown as the text it is rather than failing the request.
    if (error instanceof RangeError) return plainTextToHtml(lines);
    throw error;
  }
  return sanitizeHtml(html).trim();
}
