// XML from uploaded files (EPUB container, package, NCX, XHTML, and HTML downloads). htmlparser2
// never expands DTD entities or fetches anything, but a document that declares entities or
// points at an outside DTD is an attack (billion laughs, XXE), not a story: refuse it by name.
import { DomUtils, parseDocument } from 'htmlparser2';
import type { AnyNode, Document, Element } from 'domhandler';
import { ImportFormatError } from './import-error.ts';
import { MAX_NESTING } from './nesting.ts';

export type { AnyNode, Document, Element };

const DOCTYPE = /<!DOCTYPE\b([^>[]*)(\[)?/gi;
const IDS = /\b(PUBLIC|SYSTEM)\s*(?:"([^"]*)"|'([^']*)')(?:\s*(?:"([^"]*)"|'([^']*)'))?/i;

// The DTDs of XHTML, HTML 4, NCX and OEB, and HTML5's legacy-compat form: declared by every
// EPUB toolchain, never fetched by us, and defining no entities of their own beyond HTML's.
const STANDARD_SYSTEM_IDS = /^(https?:\/\/www\.w3\.org\/|http:\/\/www\.daisy\.org\/z3986\/2005\/ncx-2005-1\.dtd$|http:\/\/openebook\.org\/dtds\/|about:legacy-compat$)/i;
const STANDARD_PUBLIC_IDS = /^(-\/\/W3C\/\/DTD (X?HTML|XHTML Basic) [^/]*\/\/EN|-\/\/IETF\/\/DTD HTML[^/]*\/\/EN|-\/\/NISO\/\/DTD ncx 2005-1\/\/EN|\+\/\/ISBN 0-9673008-1-9\/\/DTD OEB 1\.0\.1 (Package|Document)\/\/EN)$/i;

/** Throws ImportFormatError if `source` declares entities or refers to a non-standard DTD. */
export function assertSafeMarkup(source: string, what: string): void {
  if (/<!ENTITY/i.test(source)) throw new ImportFormatError(`${what} declares XML entities (a "billion laughs" or external-entity attack); Quire refuses such files.`);
  for (const match of source.matchAll(DOCTYPE)) {
    if (match[2]) throw new ImportFormatError(`${what} carries its own document type definition; Quire refuses such files.`);
    const ids = IDS.exec(match[1]!);
    if (!ids) continue;
    const [, kind, first1, first2, second1, second2] = ids;
    const first = first1 ?? first2 ?? '';
    const publicId = kind!.toUpperCase() === 'PUBLIC' ? first : undefined;
    const systemId = publicId === undefined ? first : second1 ?? second2;
    const standard = (publicId === undefined || STANDARD_PUBLIC_IDS.test(publicId.trim())) && (systemId === undefined || STANDARD_SYSTEM_IDS.test(systemId.trim()));
    if (!standard) throw new ImportFormatError(`${what} refers to an outside document type ("${(systemId ?? publicId ?? '').slice(0, 80)}"); Quire refuses such files.`);
  }
}

const TAG = /<(\/?)([A-Za-z][^\s/>]*)(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>/g;

// EPUB 2 spines sometimes hold HTML rather than XHTML, where these never close.
const VOID = /^(area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)$/i;

// htmlparser2's open-element bookkeeping is quadratic in depth (see nesting.ts); XML closes every
// element explicitly, so counting tags is enough to refuse a deep file before parsing it.
function xmlDepth(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (const [, closing, name, selfClosing] of source.matchAll(TAG)) {
    if (closing) depth = Math.max(0, depth - 1);
    else if (!selfClosing && !VOID.test(name!)) deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

/**
 * Parses XML after the safety check. Entities are left as written: the five XML ones are decoded
 * by `text()`, and body markup keeps `&nbsp;` and friends for the HTML sanitizer to decode.
 */
export function parseXml(source: string, what: string): Document {
  assertSafeMarkup(source, what);
  if (xmlDepth(source) > MAX_NESTING) throw new ImportFormatError(`${what} is nested too deeply to import.`);
  return parseDocument(source.replace(/^\uFEFF/, ''), { xmlMode: true, decodeEntities: false });
}

/** The part of a qualified name after the prefix: `dc:title` → `title`. */
export const localName = (name: string): string => name.slice(name.indexOf(':') + 1).toLowerCase();

export function elementsNamed(root: AnyNode | AnyNode[], name: string): Element[] {
  return DomUtils.findAll((el) => localName(el.name) === name, Array.isArray(root) ? root : [root]);
}

export const firstNamed = (root: AnyNode | AnyNode[], name: string): Element | undefined => elementsNamed(root, name)[0];

/** An attribute by local name, so `opf:role` and `role` are the same. */
export function attr(el: Element, name: string): string | undefined {
  for (const [key, value] of Object.entries(el.attribs)) if (localName(key) === name) return value;
  return undefined;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric references; anything else stays as written. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return XML_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** Text content with entities decoded and whitespace collapsed. */
export const text = (node: AnyNode | AnyNode[] | undefined): string =>
  node ? decodeXmlText(DomUtils.textContent(node)).replace(/\s+/g, ' ').trim() : '';
