// A minimal document tree for downloads: stored (already sanitized) HTML is parsed into it once,
// made valid for XHTML, and then written out as XHTML, HTML, plain text or Markdown.
import { Parser } from 'htmlparser2';

export interface Element {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
}
export type Node = string | Element;
export type Children = Node | null | undefined | false | readonly Children[];

/** Builds an element; null, false and nested arrays among the children are flattened away. */
export function el(name: string, attrs: Record<string, string | undefined | null> | null, ...children: Children[]): Element {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== undefined && v !== null) clean[k] = v;
  const out: Node[] = [];
  const add = (c: Children) => {
    if (c === null || c === undefined || c === false || c === '') return;
    if (typeof c === 'string' || !Array.isArray(c)) out.push(c as Node);
    else c.forEach(add);
  };
  children.forEach(add);
  return { name, attrs: clean, children: out };
}

export const isElement = (n: Node): n is Element => typeof n !== 'string';

/** Parses an HTML fragment; entities are decoded, comments dropped. */
export function parseFragment(html: string): Node[] {
  const root: Element = { name: '#root', attrs: {}, children: [] };
  const stack: Element[] = [root];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const e: Element = { name, attrs: { ...attribs }, children: [] };
        stack[stack.length - 1]!.children.push(e);
        stack.push(e);
      },
      onclosetag(name) {
        for (let i = stack.length - 1; i > 0; i--) {
          if (stack[i]!.name === name) {
            stack.length = i;
            return;
          }
        }
      },
      ontext(data) {
        const siblings = stack[stack.length - 1]!.children;
        const last = siblings.length - 1;
        if (last >= 0 && typeof siblings[last] === 'string') siblings[last] += data;
        else siblings.push(data);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return root.children;
}

/** The text of a tree, whitespace as written. */
export function textOf(nodes: Node[]): string {
  let s = '';
  for (const n of nodes) s += typeof n === 'string' ? n : textOf(n.children);
  return s;
}

// ------------------------------------------------------------------ serializing

// Characters XML 1.0 cannot hold or HTML forbids as text: C0/C1 controls (but tab, LF, CR),
// lone surrogates and noncharacters. They can reach stored text from pasted documents.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}|\p{Noncharacter_Code_Point}/gu;

export const cleanText = (s: string): string => s.replace(FORBIDDEN, '').replace(/\r\n?/g, '\n');

export const escapeText = (s: string): string =>
  cleanText(s).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

export const escapeAttr = (s: string): string =>
  cleanText(s).replace(/[&<>"\n\t]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;', '\t': '&#9;' })[c]!);

// A line break after these end tags keeps files readable; none of them can sit where the
// break would be text (inside <pre> or a paragraph).
const BLOCK = new Set([
  'html', 'head', 'title', 'meta', 'link', 'style', 'body', 'section', 'header', 'footer', 'main', 'nav', 'div', 'p',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'table', 'thead', 'tbody',
  'tfoot', 'tr', 'hr', 'figure', 'figcaption', 'caption', 'colgroup', 'col',
]);

const VOID = new Set(['br', 'hr', 'img', 'col', 'wbr', 'meta', 'link', 'area', 'base', 'input', 'source', 'track', 'embed']);

/**
 * Writes nodes as markup that is both well-formed XML and valid HTML: void elements self-close,
 * others always get an end tag. `xml: true` is for XML vocabularies other than (X)HTML (package
 * files): every empty element self-closes and none is void.
 */
export function serialize(nodes: Node[], options: { xml?: boolean } = {}): string {
  const out: string[] = [];
  const write = (list: Node[]) => {
    for (const n of list) {
      if (typeof n === 'string') {
        out.push(escapeText(n));
        continue;
      }
      let open = '<' + n.name;
      for (const [k, v] of Object.entries(n.attrs)) open += ` ${k}="${escapeAttr(v)}"`;
      // In other XML vocabularies whitespace between elements never matters.
      const after = options.xml || BLOCK.has(n.name) ? '\n' : '';
      if (options.xml ? n.children.length === 0 : VOID.has(n.name)) {
        out.push(open + '/>' + after);
        continue;
      }
      out.push(open + '>');
      // Our own style sheet is raw text in HTML; it never holds markup characters.
      if (n.name === 'style') out.push(textOf(n.children).replace(/[<>&]/g, ''));
      else write(n.children);
      out.push(`</${n.name}>` + after);
    }
  };
  write(nodes);
  return out.join('');
}
