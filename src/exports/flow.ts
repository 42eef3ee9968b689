// Lays a (normalized) story tree out as lines of text: paragraphs, quotes, lists, scene breaks,
// tables. Plain text and Markdown share it and differ only in their FlowStyle.
import { isFlow } from './normalize.ts';
import { isElement, textOf, type Element, type Node } from './tree.ts';

export interface FlowStyle {
  /** Escapes a run of story text (whitespace already collapsed). */
  text(s: string): string;
  /** Renders an inline element around its already rendered content. */
  inline(e: Element, content: string): string;
  /** Joins the lines of one paragraph (split where the story had <br>). */
  paragraph(lines: string[], width: number): string[];
  heading(level: number, text: string, width: number): string[];
  sceneBreak: string;
  /** Prefix for each line of a block quote; `quoteBlank` on its blank lines. */
  quote: string;
  quoteBlank: string;
  /** Prefix for the lines of a description (dd). */
  indent: string;
  pre(text: string): string[];
  table(rows: string[][], width: number): string[];
}

type Block = string[];

const collapse = (s: string): string => s.replace(/[ \t\n\r\f]+/g, ' ');

export function inlineText(nodes: Node[], style: FlowStyle): string {
  let s = '';
  for (const n of nodes) {
    if (typeof n === 'string') s += style.text(collapse(n));
    else if (n.name === 'br') s += '\n';
    else if (n.name === 'wbr') continue;
    else s += style.inline(n, inlineText(n.children, style));
  }
  return s;
}

/** Inline content → one or more paragraphs (an empty line from <br><br> parts them). */
function paragraphs(nodes: Node[], style: FlowStyle, width: number): Block[] {
  const lines = inlineText(nodes, style)
    .split('\n')
    .map((l) => l.replace(/ {2,}/g, ' ').trim());
  const out: Block[] = [];
  let current: string[] = [];
  for (const line of [...lines, '']) {
    if (line !== '') current.push(line);
    else if (current.length > 0) {
      out.push(style.paragraph(current, width));
      current = [];
    }
  }
  return out;
}

const prefixLines = (lines: string[], first: string, rest: string): string[] => lines.map((l, i) => (l === '' ? '' : (i === 0 ? first : rest) + l));

/** Blocks joined with one blank line between them. */
export function joinBlocks(blocks: Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.length === 0) continue;
    if (out.length > 0) out.push('');
    out.push(...b);
  }
  return out;
}

function listBlock(e: Element, style: FlowStyle, width: number): Block[] {
  const items = e.children.filter((n): n is Element => isElement(n) && n.name === 'li');
  if (items.length === 0) return [];
  const ordered = e.name === 'ol';
  const markerWidth = ordered ? String(items.length).length + 2 : 2;
  const rendered = items.map((item, i) => {
    const marker = ordered ? `${i + 1}.`.padEnd(markerWidth) : '- ';
    const inner = blocks(item.children, style, width - markerWidth);
    const lines = joinBlocks(inner);
    return { lines: prefixLines(lines.length > 0 ? lines : [''], marker, ' '.repeat(markerWidth)).map((l, j) => (j === 0 && l === '' ? marker.trimEnd() : l)), loose: inner.length > 1 };
  });
  // A tight list (one paragraph per item) keeps its items on consecutive lines.
  if (rendered.some((r) => r.loose)) return rendered.map((r) => r.lines);
  return [rendered.flatMap((r) => r.lines)];
}

function tableRows(e: Element, style: FlowStyle): string[][] {
  const rows: string[][] = [];
  const visit = (nodes: Node[]) => {
    for (const n of nodes) {
      if (!isElement(n)) continue;
      if (n.name === 'tr') rows.push(n.children.filter(isElement).filter((c) => c.name === 'td' || c.name === 'th').map((c) => inlineText(c.children, style).replace(/\s+/g, ' ').trim()));
      else if (n.name === 'thead' || n.name === 'tbody' || n.name === 'tfoot') visit(n.children);
    }
  };
  visit(e.children);
  return rows;
}

function blockOf(e: Element, style: FlowStyle, width: number): Block[] {
  switch (e.name) {
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6': {
      const text = inlineText(e.children, style).replace(/\s+/g, ' ').trim();
      return text ? [style.heading(Number(e.name[1]), text, width)] : [];
    }
    case 'hr':
      return [[style.sceneBreak]];
    case 'pre':
      return [style.pre(textOf(e.children).replace(/^\n/, '').replace(/\s+$/, ''))];
    case 'blockquote': {
      const lines = joinBlocks(blocks(e.children, style, width - style.quote.length));
      return lines.length > 0 ? [lines.map((l) => (l === '' ? style.quoteBlank : style.quote + l))] : [];
    }
    case 'ul':
    case 'ol':
      return listBlock(e, style, width);
    case 'dd': {
      const lines = joinBlocks(blocks(e.children, style, width - style.indent.length));
      return lines.length > 0 ? [prefixLines(lines, style.indent, style.indent)] : [];
    }
    case 'table': {
      const caption = e.children.find((n): n is Element => isElement(n) && n.name === 'caption');
      const rows = tableRows(e, style).filter((r) => r.length > 0);
      return [...(caption ? blocks(caption.children, style, width) : []), ...(rows.length > 0 ? [style.table(rows, width)] : [])];
    }
    default:
      // div, p, address, figure, li, dt, a link wrapping blocks…: their content, as blocks.
      return blocks(e.children, style, width);
  }
}

/** Lays out a sequence of nodes as blocks. */
export function blocks(nodes: Node[], style: FlowStyle, width: number): Block[] {
  const out: Block[] = [];
  let inline: Node[] = [];
  const flush = () => {
    if (inline.length > 0) out.push(...paragraphs(inline, style, width));
    inline = [];
  };
  for (const n of nodes) {
    if (isElement(n) && isFlow(n)) {
      flush();
      out.push(...blockOf(n, style, width));
    } else inline.push(n);
  }
  flush();
  return out;
}

export function renderFlow(nodes: Node[], style: FlowStyle, width: number): string[] {
  return joinBlocks(blocks(nodes, style, width));
}

// ------------------------------------------------------------------ line wrapping

// East Asian wide and fullwidth characters take two columns and may break between each other.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
const ZERO_WIDTH = /[\p{M}\u200b-\u200f\u2060\ufeff]/u;
// Kinsoku: closing marks and small kana never start a line, opening marks never end one.
const NO_BREAK_BEFORE = new Set([...'、。，．・：；？！）」』】〕〉》〙〗’”ー…‥々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ］｝～!?,.:;)]}']);
const NO_BREAK_AFTER = new Set([...'「『（【〔〈《〘〖‘“［｛([{']);

const charWidth = (ch: string): number => (ZERO_WIDTH.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1);

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** Splits a word (no spaces) where a line may break inside it: around wide characters. */
function breakUnits(word: string): string[] {
  if (!WIDE.test(word)) return [word];
  const units: string[] = [];
  let current = '';
  let prev = '';
  for (const ch of word) {
    if (current !== '' && (WIDE.test(prev) || WIDE.test(ch)) && !NO_BREAK_BEFORE.has(ch) && !NO_BREAK_AFTER.has(prev) && !ZERO_WIDTH.test(ch)) {
      units.push(current);
      current = '';
    }
    current += ch;
    prev = ch;
  }
  if (current !== '') units.push(current);
  return units;
}

/** Greedy wrapping at spaces and between wide characters; a word longer than the line stays whole. */
export function wrapLine(line: string, width: number): string[] {
  width = Math.max(width, 20);
  if (displayWidth(line) <= width) return [line];
  const lines: string[] = [];
  let current = '';
  let used = 0;
  for (const word of line.split(' ')) {
    if (word === '') continue;
    breakUnits(word).forEach((unit, i) => {
      const gap = i === 0 && current !== '' ? 1 : 0;
      const w = displayWidth(unit);
      if (current !== '' && used + gap + w > width) {
        lines.push(current);
        current = unit;
        used = w;
      } else {
        current += (gap ? ' ' : '') + unit;
        used += gap + w;
      }
    });
  }
  if (current !== '') lines.push(current);
  return lines;
}
