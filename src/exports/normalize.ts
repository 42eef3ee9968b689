// Turns stored story HTML (sanitized by src/formats against our allowlist) into a tree that is
// valid XHTML for EPUB readers and epubcheck, and safe to write as a standalone page:
//  - elements HTML5 dropped are renamed (center → div, tt → span, strike → s, …);
//  - every link becomes absolute (relative ones are resolved against the work's URL);
//  - images become links to their URL, never fetched and never embedded;
//  - `<a name>` anchors become ids, and links to them follow;
//  - attributes outside XHTML's rules are dropped;
//  - content-model slips browsers forgive (a block inside a paragraph, a stray list item,
//    a ragged table) are repaired so the result validates.
import { el, isElement, textOf, type Element, type Node } from './tree.ts';

export interface NormalizeOptions {
  /** Absolute URL relative links are resolved against (the work's page). */
  base: string;
  /** Prefix for ids made from `<a name>`, unique per document part (e.g. "c3-"). */
  idPrefix: string;
}

const RENAMED: Record<string, { name: string; cls?: string }> = {
  center: { name: 'div', cls: 'center' },
  big: { name: 'span', cls: 'big' },
  tt: { name: 'span', cls: 'tt' },
  strike: { name: 's' },
  acronym: { name: 'abbr' },
  // Interactive disclosure widgets do nothing in most readers; their text is kept as blocks.
  details: { name: 'div', cls: 'details' },
  summary: { name: 'div', cls: 'details-summary' },
};

const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
const SPAN = /^[1-9]\d{0,2}$/;
const URL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

// What RFC 3986 allows unescaped in a path, query or fragment (WHATWG URL serialization leaves
// "[", "]", "|", "^" and more as they are, and EPUB readers and epubcheck want strict URIs).
const URI_CHARACTER = /%[0-9A-Fa-f]{2}|[A-Za-z0-9\-._~:/?@!$&'()*+,;=]/y;

function strictUriPart(part: string): string {
  let out = '';
  for (let i = 0; i < part.length; ) {
    URI_CHARACTER.lastIndex = i;
    const m = URI_CHARACTER.exec(part);
    if (m) {
      out += m[0];
      i += m[0].length;
    } else {
      const ch = String.fromCodePoint(part.codePointAt(i)!);
      out += encodeURIComponent(/\p{Cs}/u.test(ch) ? '\uFFFD' : ch);
      i += ch.length;
    }
  }
  return out;
}

function absoluteUrl(raw: string, base: string): string | undefined {
  // Browsers drop controls and spaces at the ends of URLs; so do we.
  const value = raw.trim();
  if (value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  if (!URL_SCHEMES.has(url.protocol)) return undefined;
  // Credentials in a link are never meant for readers; the origin leaves them out.
  const head = url.protocol === 'mailto:' ? 'mailto:' : url.origin;
  const hash = url.hash ? `#${strictUriPart(url.hash.slice(1)).replace(/#/g, '%23')}` : '';
  return head + strictUriPart(url.pathname) + strictUriPart(url.search.slice(0, 1)) + strictUriPart(url.search.slice(1)) + hash;
}

const idFrom = (prefix: string, name: string): string => prefix + name.replace(/[^A-Za-z0-9_-]/g, '_');

function collectAnchorNames(nodes: Node[], into: Set<string>): Set<string> {
  for (const n of nodes) {
    if (!isElement(n)) continue;
    if (n.name === 'a' && n.attrs.name) into.add(n.attrs.name);
    collectAnchorNames(n.children, into);
  }
  return into;
}

function commonAttrs(attrs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const dir = attrs.dir?.toLowerCase();
  if (dir === 'ltr' || dir === 'rtl' || dir === 'auto') out.dir = dir;
  if (attrs.lang && LANGUAGE_TAG.test(attrs.lang)) out.lang = attrs.lang;
  if (attrs.title) out.title = attrs.title;
  return out;
}

function addClass(attrs: Record<string, string>, cls: string | undefined): Record<string, string> {
  if (!cls) return attrs;
  return { ...attrs, class: attrs.class ? `${attrs.class} ${cls}` : cls };
}

/** First pass, top-down: names, attributes, links, images. */
function rewrite(nodes: Node[], opts: NormalizeOptions, names: Set<string>, usedIds: Set<string>, inLink: boolean): Node[] {
  const out: Node[] = [];
  for (const n of nodes) {
    if (!isElement(n)) {
      out.push(n);
      continue;
    }
    if (n.name === 'img') {
      const alt = (n.attrs.alt ?? '').trim();
      const label = alt ? `[Image: ${alt}]` : '[Image]';
      const src = n.attrs.src ? absoluteUrl(n.attrs.src, opts.base) : undefined;
      if (src && !inLink) out.push(el('a', { class: 'image-link', href: src }, label));
      else if (src || alt) out.push(label);
      continue;
    }
    if (n.name === 'a') {
      // Links cannot nest: an inner link keeps only its text.
      if (inLink) {
        out.push(...rewrite(n.children, opts, names, usedIds, true));
        continue;
      }
      const attrs = commonAttrs(n.attrs);
      const anchor = n.attrs.name;
      if (anchor) {
        const id = idFrom(opts.idPrefix, anchor);
        if (!usedIds.has(id)) {
          usedIds.add(id);
          attrs.id = id;
        }
      }
      const href = n.attrs.href?.trim();
      if (href?.startsWith('#')) {
        const target = decodeURIComponentSafe(href.slice(1));
        if (names.has(target)) attrs.href = '#' + idFrom(opts.idPrefix, target);
      } else if (href) {
        const url = absoluteUrl(href, opts.base);
        if (url) attrs.href = url;
      }
      out.push({ name: 'a', attrs, children: rewrite(n.children, opts, names, usedIds, true) });
      continue;
    }
    const renamed = RENAMED[n.name];
    let attrs = commonAttrs(n.attrs);
    if (n.name === 'td' || n.name === 'th') {
      if (n.attrs.colspan && SPAN.test(n.attrs.colspan)) attrs.colspan = n.attrs.colspan;
      if (n.attrs.rowspan && SPAN.test(n.attrs.rowspan)) attrs.rowspan = n.attrs.rowspan;
      const align = n.attrs.align?.toLowerCase();
      if (align === 'left' || align === 'center' || align === 'right' || align === 'justify') attrs = addClass(attrs, `align-${align}`);
    }
    attrs = addClass(attrs, renamed?.cls);
    out.push({ name: renamed?.name ?? n.name, attrs, children: rewrite(n.children, opts, names, usedIds, inLink) });
  }
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ------------------------------------------------------------------ content models

/** Elements that may hold phrasing content only. */
const PHRASING_ONLY = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'span', 'em', 'strong', 'b', 'i', 'u', 's', 'small',
  'sub', 'sup', 'code', 'kbd', 'samp', 'var', 'q', 'cite', 'dfn', 'abbr', 'ruby', 'rt', 'rp',
]);
/** Elements that are flow content but not phrasing content. */
const FLOW_ONLY = new Set([
  'address', 'blockquote', 'div', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'hr', 'ol', 'ul', 'li', 'p', 'pre',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
]);
/** Elements whose content model is their parent's. */
const TRANSPARENT = new Set(['a', 'ins', 'del']);

export function isFlow(n: Node): boolean {
  if (!isElement(n)) return false;
  if (FLOW_ONLY.has(n.name)) return true;
  return TRANSPARENT.has(n.name) && n.children.some(isFlow);
}

const isBlank = (n: Node): boolean => typeof n === 'string' && n.trim() === '';

/** A structural element out of its place becomes a plain block (or goes, for column groups). */
function demote(n: Node): Node[] {
  if (!isElement(n)) return [n];
  switch (n.name) {
    case 'col':
    case 'colgroup':
      return [];
    case 'rt':
    case 'rp':
      return [{ name: 'span', attrs: addClass(n.attrs, n.name), children: n.children }];
    case 'li':
    case 'dt':
    case 'dd':
    case 'tr':
    case 'td':
    case 'th':
    case 'thead':
    case 'tbody':
    case 'tfoot':
    case 'caption':
    case 'figcaption': {
      const { colspan: _c, rowspan: _r, ...attrs } = n.attrs;
      return [{ name: 'div', attrs: addClass(attrs, n.name), children: n.children }];
    }
    default:
      return [n];
  }
}

/** Runs of anything but `li` inside a list are wrapped in one. */
function fixList(e: Element): Element {
  const children: Node[] = [];
  let loose: Node[] = [];
  const flush = () => {
    if (loose.some((n) => !isBlank(n))) children.push({ name: 'li', attrs: {}, children: loose });
    loose = [];
  };
  for (const n of e.children) {
    if (isElement(n) && n.name === 'li') {
      flush();
      children.push(n);
    } else loose.push(n);
  }
  flush();
  return { ...e, children };
}

/** A description list must be groups of dt+ then dd+; anything else becomes plain blocks. */
function fixDl(e: Element): Element {
  const kids = e.children.filter((n) => !isBlank(n));
  const names = kids.map((n) => (isElement(n) ? n.name : '#text'));
  // Only dt and dd, starting with a dt and ending with a dd, is exactly (dt+ dd+)+.
  const valid = names.length === 0 || (names.every((n) => n === 'dt' || n === 'dd') && names[0] === 'dt' && names[names.length - 1] === 'dd');
  if (valid) return e;
  return { name: 'div', attrs: addClass(e.attrs, 'dl'), children: e.children.flatMap(demote) };
}

/** caption?, colgroup*, thead?, (tbody* | tr+), tfoot? — or the table is laid out as blocks. */
const TABLE_RANK: Record<string, number> = { caption: 0, colgroup: 1, thead: 2, tbody: 3, tr: 3, tfoot: 4 };
const SINGLE = new Set(['caption', 'thead', 'tfoot']);
const isCell = (n: Node): boolean => isBlank(n) || (isElement(n) && (n.name === 'td' || n.name === 'th'));
const only = (e: Element, name: string): boolean => e.children.every((n) => isBlank(n) || (isElement(n) && n.name === name));

function validTable(e: Element): boolean {
  let rank = 0;
  const seen = new Set<string>();
  for (const n of e.children) {
    if (isBlank(n)) continue;
    if (!isElement(n) || TABLE_RANK[n.name] === undefined) return false;
    const r = TABLE_RANK[n.name]!;
    if (r < rank || (SINGLE.has(n.name) && seen.has(n.name))) return false;
    if ((n.name === 'tr' && seen.has('tbody')) || (n.name === 'tbody' && seen.has('tr'))) return false;
    seen.add(n.name);
    rank = r;
    if (n.name === 'tr' && !n.children.every(isCell)) return false;
    if (n.name === 'colgroup' && !only(n, 'col')) return false;
    if (n.name === 'thead' || n.name === 'tbody' || n.name === 'tfoot') {
      if (!only(n, 'tr')) return false;
      if (!n.children.every((row) => !isElement(row) || row.children.every(isCell))) return false;
    }
  }
  return true;
}

function fixTable(e: Element): Element {
  if (validTable(e)) return e;
  return { name: 'div', attrs: addClass(e.attrs, 'table'), children: flattenTable(e.children) };
}

const TABLE_PARTS = new Set(['caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th']);

/** A table's own parts become blocks; what the cells hold (lists, nested tables) stays as it is. */
function flattenTable(nodes: Node[]): Node[] {
  return nodes.flatMap((n) => (isElement(n) && TABLE_PARTS.has(n.name) ? demote({ ...n, children: flattenTable(n.children) }) : [n]));
}

const CONTEXT: Record<string, readonly string[]> = {
  li: ['ul', 'ol'],
  dt: ['dl'],
  dd: ['dl'],
  tr: ['table', 'thead', 'tbody', 'tfoot'],
  td: ['tr'],
  th: ['tr'],
  thead: ['table'],
  tbody: ['table'],
  tfoot: ['table'],
  caption: ['table'],
  colgroup: ['table'],
  col: ['colgroup'],
  rt: ['ruby'],
  rp: ['ruby'],
  figcaption: ['figure'],
};

/** Second pass, bottom-up: every element ends up where its content model allows it. */
function repair(nodes: Node[], parent: string): Node[] {
  const out: Node[] = [];
  for (const n of nodes) {
    if (!isElement(n)) {
      out.push(n);
      continue;
    }
    let e: Element = { ...n, children: repair(n.children, n.name) };
    if (e.name === 'ul' || e.name === 'ol') e = fixList(e);
    else if (e.name === 'dl') e = fixDl(e);
    else if (e.name === 'table') e = fixTable(e);
    else if (e.name === 'figure') {
      const kids = e.children.filter((c) => !isBlank(c));
      e = { ...e, children: e.children.flatMap((c) => (isElement(c) && c.name === 'figcaption' && c !== kids[0] && c !== kids[kids.length - 1] ? demote(c) : [c])) };
    }
    // A phrasing-only element holding a block becomes a block itself (a <p> holding a <div>, an
    // <em> holding a list), keeping its old name as a class so the style sheet can still show it.
    if (PHRASING_ONLY.has(e.name) && e.children.some(isFlow)) {
      e = { name: 'div', attrs: addClass(e.attrs, e.name), children: e.children.flatMap(demoteInlineStructure) };
    }
    const context = CONTEXT[e.name];
    if (context && !context.includes(parent)) out.push(...demote(e));
    else out.push(e);
  }
  return out;
}

/** rt/rp lose their ruby when it becomes a block. */
const demoteInlineStructure = (n: Node): Node[] => (isElement(n) && (n.name === 'rt' || n.name === 'rp') ? demote(n) : [n]);

/** Stored story HTML → a tree valid as XHTML content. */
export function normalizeHtml(nodes: Node[], opts: NormalizeOptions): Node[] {
  const names = collectAnchorNames(nodes, new Set());
  return repair(rewrite(nodes, opts, names, new Set(), false), '#root');
}

/** True when the tree holds any visible text. */
export const hasContent = (nodes: Node[]): boolean => textOf(nodes).trim() !== '';
