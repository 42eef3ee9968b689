// Turns an EPUB's spine documents into chapters: front matter (cover, title page, contents) left
// out, titles from the table of contents or the chapter's own heading, files that continue the
// previous chapter (tools split long chapters) joined back to it.
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import type { EpubToc } from './epub-toc.ts';
import { chapterHeading } from './line-kinds.ts';
import type { ParsedChapter } from './parsed-work.ts';
import { isPrefaceList, paragraphText, readPrefaceList, type PrefaceDetails } from './preface-list.ts';
import { sanitizeHtml } from './sanitize.ts';
import { htmlText } from './wordcount.ts';

export interface SpineDocument {
  path: string;
  /** epub:type values on the body and its top-level sections, plus guide and landmark types. */
  types: Set<string>;
  /** The body's markup, entities as written. */
  html: string;
}

export interface EpubStory {
  chapters: ParsedChapter[];
  endNotes?: string;
  /** A details list found on the title page (Quire's own EPUBs carry one). */
  details?: PrefaceDetails;
}

const FRONT_MATTER = ['cover', 'titlepage', 'title-page', 'toc', 'nav'];
const HEADING = /^h[1-4]$/;
const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
const hasContent = (html: string): boolean => htmlText(html).trim() !== '' || /<img\b/i.test(html);

/** The first heading when nothing but whitespace comes before it: the chapter's own heading. */
function leadingHeading(nodes: ReturnType<typeof parseDocument>['children']): Element | null {
  for (const node of nodes) {
    if (DomUtils.isTag(node)) {
      if (HEADING.test(node.name)) return node;
      if (DomUtils.textContent(node).trim() !== '' || node.name === 'img') return leadingHeading(node.children);
    } else if (DomUtils.isText(node) && node.data.trim() !== '') return null;
  }
  return null;
}

const titleFrom = (label: string): string => chapterHeading(label)?.title ?? label;

export function assembleChapters(docs: SpineDocument[], toc: EpubToc): EpubStory {
  const story: EpubStory = { chapters: [] };
  for (const doc of docs) {
    if (FRONT_MATTER.some((t) => doc.types.has(t))) {
      const dl = DomUtils.findOne((el) => el.name === 'dl' && isPrefaceList(el), parseDocument(doc.html).children);
      if (dl && !story.details) story.details = readPrefaceList(dl);
      continue;
    }
    const dom = parseDocument(doc.html, { lowerCaseTags: true, lowerCaseAttributeNames: true });
    const label = toc.labels.get(doc.path);
    const heading = leadingHeading(dom.children);
    const headingText = heading ? collapse(DomUtils.textContent(heading)) : '';
    if (heading && (!label || collapse(label).toLowerCase() === headingText.toLowerCase())) DomUtils.removeElement(heading);
    const html = sanitizeHtml(DomUtils.getOuterHTML(dom.children, { encodeEntities: 'utf8' })).trim();
    if (!hasContent(html)) continue;
    const previous = story.chapters.at(-1);
    if (!label && !heading && toc.labels.size > 0 && previous) {
      previous.html = `${previous.html}\n${html}`;
      continue;
    }
    const title = label ? titleFrom(collapse(label)) : headingText ? titleFrom(headingText) : '';
    // A closing "End notes" file (Quire's own EPUBs write one) holds the work's end notes.
    if ((doc.types.has('afterword') || doc.types.has('backmatter')) && /^end ?notes$/i.test(title)) {
      story.endNotes = paragraphText(html);
      continue;
    }
    story.chapters.push({ title, html });
  }
  return story;
}
