// The chapters of an AO3 download. The parts are found by their headings and label paragraphs
// ("Chapter 2: …", "Chapter Notes", "End Notes") rather than by class names alone, because the
// EPUB converter AO3 uses may rename classes; whatever is not a part is chapter text.
import { DomUtils } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';
import { paragraphText } from './preface-list.ts';

export interface DraftChapter {
  title: string;
  parts: string[];
  summary?: string;
  notes?: string;
  endNotes?: string;
}

export const classes = (el: Element): Set<string> => new Set((el.attribs.class ?? '').split(/\s+/).filter(Boolean));
export const textOf = (node: AnyNode | AnyNode[]): string => DomUtils.textContent(node).replace(/\s+/g, ' ').trim();
const inner = (el: Element): string => DomUtils.getInnerHTML(el, { encodeEntities: 'utf8' });
const outer = (node: AnyNode): string => DomUtils.getOuterHTML(node, { encodeEntities: 'utf8' });

const LABELS = new Set(['summary', 'notes', 'chapter summary', 'chapter notes', 'chapter end notes', 'end notes']);
const labelOf = (el: Element): string | undefined => {
  const label = el.name === 'p' ? textOf(el).replace(/:$/, '').toLowerCase() : '';
  return LABELS.has(label) && DomUtils.nextElementSibling(el)?.name === 'blockquote' ? label : undefined;
};

/** Label paragraphs ("Summary", "Notes") inside `root`, each with the quote that follows it. */
export function labelledQuotes(root: Element): Map<string, string> {
  const found = new Map<string, string>();
  for (const p of DomUtils.findAll((el) => labelOf(el) !== undefined, root.children)) {
    if (!found.has(labelOf(p)!)) found.set(labelOf(p)!, paragraphText(inner(DomUtils.nextElementSibling(p)!)));
  }
  return found;
}

const isChapterHeading = (el: Element): boolean => el.name === 'h2' && (classes(el).has('heading') || /^Chapter\s+\d+\b/i.test(textOf(el)));
const isSectionHeading = (el: Element): boolean => el.name === 'h2' && /^(preface|afterword)$/i.test(textOf(el));
// The "see the end notes" links and the archive's own messages are AO3's, not the story's.
const isArchiveText = (el: Element): boolean => classes(el).has('endnote-link') || classes(el).has('message') || /^(See the end of the (chapter|work) for|Please drop by the archive|Posted originally on the)/i.test(textOf(el));
const isMarker = (el: Element): boolean => isChapterHeading(el) || isSectionHeading(el) || labelOf(el) !== undefined || isArchiveText(el);

/** "Chapter 3: The Storm" → "The Storm"; "Chapter 3" → "" (Quire numbers chapters itself). */
function chapterTitle(heading: string): string {
  const match = /^Chapter\s+\d+\s*(?::\s*(.*))?$/i.exec(heading);
  return match ? (match[1] ?? '').trim() : heading;
}

/** Reads every chapter, and the work's end notes, outside `preface`. */
export function readAo3Chapters(nodes: AnyNode[], preface: Element | null): { chapters: DraftChapter[]; endNotes?: string } {
  const chapters: DraftChapter[] = [];
  let endNotes: string | undefined;
  let afterword = false;
  const current = (): DraftChapter => chapters.at(-1) ?? (chapters.push({ title: '', parts: [] }), chapters[0]!);
  const visit = (list: AnyNode[]): void => {
    for (const node of list) {
      if (!DomUtils.isTag(node)) {
        if (!afterword && DomUtils.isText(node) && node.data.trim() !== '') current().parts.push(outer(node));
        continue;
      }
      if (node === preface || node.attribs.id === 'preface' || isArchiveText(node) || DomUtils.prevElementSibling(node) && labelOf(DomUtils.prevElementSibling(node)!)) continue;
      const label = labelOf(node);
      if (node.attribs.id === 'afterword' || (isSectionHeading(node) && /afterword/i.test(textOf(node)))) afterword = true;
      if (isSectionHeading(node)) continue;
      if (isChapterHeading(node)) chapters.push({ title: chapterTitle(textOf(node)), parts: [] });
      else if (label) {
        const text = paragraphText(inner(DomUtils.nextElementSibling(node)!)) || undefined;
        if (label === 'end notes') endNotes = text;
        else if (label === 'chapter summary') current().summary = text;
        else if (label === 'chapter notes') current().notes = text;
        else if (label === 'chapter end notes') current().endNotes = text;
      } else if (DomUtils.findOne(isMarker, node.children) || node.attribs.id === 'afterword') visit(node.children);
      // A div here is the chapter's wrapper (AO3's `userstuff`), not the writer's own markup.
      else if (!afterword) current().parts.push(node.name === 'div' ? inner(node) : outer(node));
    }
  };
  visit(nodes);
  return { chapters, endNotes };
}
