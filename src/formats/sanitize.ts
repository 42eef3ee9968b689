// The one place user HTML becomes safe to show. Everything that renders a story body goes through here.
import sanitize from 'sanitize-html';
import {
  ALLOWED_ATTRIBUTES, ALLOWED_SCHEMES, ALLOWED_TAGS, DISCARDED_WITH_CONTENT, IMG_SCHEMES,
} from './allowlist.ts';
import { MAX_NESTING, nestingDepth, stripTags } from './nesting.ts';

export { ALLOWED_ATTRIBUTES, ALLOWED_SCHEMES, ALLOWED_TAGS, IMG_SCHEMES } from './allowlist.ts';

// Browsers drop C0 controls and spaces inside URLs, so `java\tscript:` must be read as `javascript:`.
// eslint-disable-next-line no-control-regex
const IGNORED_IN_URL = /[\u0000-\u0020]+/g;
const WEB_URL = /^(?:https?:)?[/\\]{2}/i;

/** An image with a relative src would request a page of our own site with the reader's cookies. */
function isAbsoluteWebUrl(value: string): boolean {
  return WEB_URL.test(value.replace(IGNORED_IN_URL, ''));
}

const OPTIONS: sanitize.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: Object.fromEntries(
    Object.entries(ALLOWED_ATTRIBUTES).map(([tag, names]) => [tag, [...names]]),
  ),
  allowedSchemes: [...ALLOWED_SCHEMES],
  allowedSchemesByTag: { img: [...IMG_SCHEMES] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  nonTextTags: [...DISCARDED_WITH_CONTENT],
  // Stories link out to strangers' sites; nofollow keeps the archive from lending them rank.
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow' } }),
    img: (tagName, attribs) => ({
      tagName,
      attribs: Object.fromEntries(Object.entries(attribs).filter(([name, value]) => name !== 'src' || isAbsoluteWebUrl(value))),
    }),
  },
  parser: { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
};

// Dropping a tag can change how the rest parses (`<p><mi><table>` becomes `<p><table>`, which
// htmlparser2 then reads as two siblings), so one pass is not always a fixed point. A second pass
// settles every case we have found; the extra passes are a margin.
const MAX_PASSES = 4;

/** Returns HTML holding only allowlisted tags, attributes and URL schemes. Idempotent. */
export function sanitizeHtml(html: string): string {
  let current = sanitize(nestingDepth(html) > MAX_NESTING ? stripTags(html) : html, OPTIONS);
  for (let pass = 1; pass < MAX_PASSES; pass++) {
    const next = sanitize(current, OPTIONS);
    if (next === current) break;
    current = next;
  }
  return current;
}
