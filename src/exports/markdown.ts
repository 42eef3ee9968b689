// Markdown (CommonMark, with GFM tables and strikethrough): story text is escaped so that
// nothing in it is read as markup or raw HTML; images stay links to their address.
import type { ExportDocument } from './document.ts';
import { renderFlow, type FlowStyle } from './flow.ts';
import { wrapWith } from './text.ts';
import { cleanText, textOf, type Element, type Node } from './tree.ts';

/** Escapes text for a Markdown inline context. */
export function mdText(s: string): string {
  return s.replace(/[\\`*_[\]<~|]/g, '\\$&').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/** What would open a block at the start of a line: headings, quotes, list markers, setext lines. */
const lineStart = (line: string): string => line.replace(/^([#>+=-])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2');

function codeSpan(raw: string): string {
  const text = raw.replace(/\s+/g, ' ');
  if (text.trim() === '') return '';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function link(e: Element, content: string): string {
  const href = e.attrs.href;
  if (!href || href.startsWith('#')) return content;
  if (textOf(e.children).trim() === href && /^https?:/.test(href)) return `<${href}>`;
  return `[${content.trim() === '' ? mdText(href) : content}](<${href}>)`;
}

const headingText = (text: string): string => text.replace(/#+$/, (m) => `\\${m}`);

export const markdownStyle: FlowStyle = {
  text: mdText,
  inline(e: Element, content: string) {
    switch (e.name) {
      case 'em':
      case 'i':
        return wrapWith('*', content);
      case 'strong':
      case 'b':
        return wrapWith('**', content);
      case 's':
      case 'del':
        return wrapWith('~~', content);
      case 'code':
      case 'kbd':
      case 'samp':
        return codeSpan(textOf(e.children));
      case 'q':
        return `"${content}"`;
      case 'rp':
        return '';
      case 'rt':
        return `(${content})`;
      case 'a':
        return link(e, content);
      default:
        return content;
    }
  },
  // Hard line breaks are a backslash at the end of the line.
  paragraph: (lines) => lines.map((l, i) => lineStart(l) + (i < lines.length - 1 ? '\\' : '')),
  // The chapter heading is level 2 and its parts level 3, so the story's own headings start at 4.
  heading: (level, text) => [`${'#'.repeat(Math.min(6, level + 3))} ${headingText(text)}`],
  sceneBreak: '* * *',
  quote: '> ',
  quoteBlank: '>',
  indent: '',
  pre(text) {
    const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
    const fence = '`'.repeat(longest + 1);
    return [fence, ...text.split('\n'), fence];
  },
  table(rows) {
    const columns = Math.max(...rows.map((r) => r.length));
    const line = (cells: string[]) => `| ${Array.from({ length: columns }, (_, i) => cells[i] || ' ').join(' | ')} |`;
    return [line(rows[0]!), line(Array.from({ length: columns }, () => '---')), ...rows.slice(1).map(line)];
  },
};

function section(out: string[], heading: string, nodes: Node[]): void {
  if (nodes.length === 0) return;
  out.push('', heading, '', ...renderFlow(nodes, markdownStyle, Infinity));
}

export function renderMarkdown(doc: ExportDocument): string {
  const out: string[] = [`# ${headingText(mdText(doc.title))}`, '', `by ${doc.authors.map(mdText).join(', ')}`, ''];
  for (const row of doc.meta) out.push(`- **${row.label}:** ${row.values.map(mdText).join(', ')}`);
  out.push(`- **URL:** <${doc.url}>`);
  section(out, '## Summary', doc.summary);
  section(out, '## Notes', doc.notes);
  for (const chapter of doc.chapters) {
    out.push('', '* * *');
    if (doc.multiChapter || chapter.title) out.push('', `## ${headingText(mdText(chapter.heading))}`);
    section(out, '### Chapter summary', chapter.summary);
    section(out, '### Chapter notes', chapter.notes);
    const body = renderFlow(chapter.body, markdownStyle, Infinity);
    if (body.length > 0) out.push('', ...body);
    section(out, '### Chapter end notes', chapter.endNotes);
  }
  if (doc.endNotes.length > 0) {
    out.push('', '* * *');
    section(out, '## End notes', doc.endNotes);
  }
  out.push('', '* * *', '', `Downloaded from ${mdText(doc.siteName)}: <${doc.url}>`);
  return cleanText(out.join('\n')) + '\n';
}
