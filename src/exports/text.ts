// Plain text: a title block, the work's details, then the chapters, wrapped at 72 columns
// (wide CJK characters count two and may break between each other), scene breaks as `* * *`.
import type { ExportDocument } from './document.ts';
import { displayWidth, renderFlow, wrapLine, type FlowStyle } from './flow.ts';
import { cleanText, textOf, type Element, type Node } from './tree.ts';

export const TEXT_WIDTH = 72;

/** Moves surrounding spaces outside a marker pair: `_ word _` would not read as emphasis. */
export function wrapWith(marker: string, content: string, close = marker): string {
  const m = /^(\s*)([^]*?)(\s*)$/.exec(content)!;
  return m[2] === '' ? content : `${m[1]}${marker}${m[2]}${close}${m[3]}`;
}

/** The link's address, unless it only repeats the text or points inside the document. */
function linkTarget(e: Element): string | undefined {
  const href = e.attrs.href;
  if (!href || href.startsWith('#')) return undefined;
  const text = textOf(e.children).trim();
  if (text === href || `mailto:${text}` === href) return undefined;
  return href;
}

export const textStyle: FlowStyle = {
  text: (s) => s,
  inline(e, content) {
    switch (e.name) {
      case 'em':
      case 'i':
        return wrapWith('_', content);
      case 'strong':
      case 'b':
        return wrapWith('*', content);
      case 'q':
        return `"${content}"`;
      case 'rp':
        return '';
      case 'rt':
        return `(${content})`;
      case 'a': {
        const href = linkTarget(e);
        if (!href) return content;
        return content.trim() === '' ? href : `${content} <${href}>`;
      }
      default:
        return content;
    }
  },
  paragraph: (lines, width) => lines.flatMap((l) => wrapLine(l, width)),
  heading: (_level, text, width) => wrapLine(text, width),
  sceneBreak: '* * *',
  quote: '    ',
  quoteBlank: '',
  indent: '    ',
  pre: (text) => text.split('\n').map((l) => l.replace(/\s+$/, '')),
  table: (rows, width) => rows.flatMap((r) => wrapLine(r.join(' | '), width)),
};

const underline = (text: string, char: string): string => char.repeat(Math.max(3, Math.min(TEXT_WIDTH, displayWidth(text))));

function headed(out: string[], heading: string, nodes: Node[], char = '-'): void {
  if (nodes.length === 0) return;
  const lines = wrapLine(heading, TEXT_WIDTH);
  out.push('', ...lines, underline(lines[lines.length - 1]!, char), '', ...renderFlow(nodes, textStyle, TEXT_WIDTH));
}

/** "Label: a, b, c" with continuation lines indented. */
function field(label: string, value: string): string[] {
  return wrapLine(`${label}: ${value}`, TEXT_WIDTH - 4).map((l, i) => (i === 0 ? l : `    ${l}`));
}

export function renderText(doc: ExportDocument): string {
  const out: string[] = [];
  const titleLines = wrapLine(doc.title, TEXT_WIDTH);
  out.push(...titleLines, underline(titleLines[titleLines.length - 1]!, '='));
  out.push(...wrapLine(`by ${doc.authors.join(', ')}`, TEXT_WIDTH), '');
  for (const row of doc.meta) out.push(...field(row.label, row.values.join(', ')));
  out.push(...field('URL', doc.url));
  headed(out, 'Summary', doc.summary);
  headed(out, 'Notes', doc.notes);

  for (const chapter of doc.chapters) {
    out.push('', '='.repeat(TEXT_WIDTH));
    if (doc.multiChapter || chapter.title) {
      const lines = wrapLine(chapter.heading, TEXT_WIDTH);
      out.push('', ...lines, underline(lines[lines.length - 1]!, '-'));
    }
    headed(out, 'Chapter summary', chapter.summary, '~');
    headed(out, 'Chapter notes', chapter.notes, '~');
    const body = renderFlow(chapter.body, textStyle, TEXT_WIDTH);
    if (body.length > 0) out.push('', ...body);
    headed(out, 'Chapter end notes', chapter.endNotes, '~');
  }
  if (doc.endNotes.length > 0) {
    out.push('', '='.repeat(TEXT_WIDTH));
    headed(out, 'End notes', doc.endNotes);
  }
  out.push('', '='.repeat(TEXT_WIDTH), '', ...wrapLine(`Downloaded from ${doc.siteName}: ${doc.url}`, TEXT_WIDTH));
  return cleanText(out.join('\n')) + '\n';
}
