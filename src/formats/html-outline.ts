// One pass over an HTML document noting where its parts are (by source offset), so chapters can
// be cut from the original markup rather than rebuilt from a parsed tree.
import { Parser } from 'htmlparser2';

export interface Span {
  /** Offset of the opening tag's `<`. */
  start: number;
  /** Offset just past the closing tag's `>`. */
  end: number;
  text: string;
}

export interface HtmlOutline {
  title: string;
  lang?: string;
  authors: string[];
  description?: string;
  /** Where the story markup lies: inside <body> when there is one. */
  body: { start: number; end: number };
  firstH1?: Span;
  h2s: Span[];
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

export function outlineHtml(html: string): HtmlOutline {
  const outline: HtmlOutline = { title: '', authors: [], body: { start: 0, end: html.length }, h2s: [] };
  let titleText: string[] | null = null;
  let open: { name: string; start: number; text: string[] } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'html' && attribs.lang) outline.lang ??= attribs.lang.trim();
        if (name === 'body') outline.body.start = parser.endIndex + 1;
        if (name === 'title' && !outline.title) titleText = [];
        if (name === 'meta' && attribs.content) {
          const kind = (attribs.name ?? '').toLowerCase();
          if (kind === 'author') outline.authors.push(...attribs.content.split(',').map(collapse).filter(Boolean));
          if (kind === 'description') outline.description ??= attribs.content.trim();
        }
        if (open === null && ((name === 'h1' && !outline.firstH1) || name === 'h2')) {
          open = { name, start: parser.startIndex, text: [] };
        }
      },
      ontext(text) {
        titleText?.push(text);
        open?.text.push(text);
      },
      onclosetag(name, isImplied) {
        if (name === 'title' && titleText) {
          outline.title = collapse(titleText.join(''));
          titleText = null;
        }
        if (name === 'body') outline.body.end = isImplied ? html.length : parser.startIndex;
        if (open && name === open.name) {
          // An implied close happens at the tag that forced it, which is not part of the heading.
          const span = { start: open.start, end: isImplied ? parser.startIndex : parser.endIndex + 1, text: collapse(open.text.join('')) };
          if (open.name === 'h1') outline.firstH1 = span;
          else outline.h2s.push(span);
          open = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return outline;
}
