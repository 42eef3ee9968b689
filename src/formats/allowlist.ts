// What story HTML may contain. Close to AO3's list so work imported from there keeps its markup,
// minus `style` (CSS can overlay the page) and `id` (ids can clobber DOM globals).

export const ALLOWED_TAGS: readonly string[] = [
  'a', 'abbr', 'acronym', 'address', 'b', 'big', 'blockquote', 'br', 'caption', 'center', 'cite',
  'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption',
  'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'ol', 'p',
  'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'summary',
  'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'tt', 'u', 'ul', 'var',
];

/** Per-tag attributes; `*` applies to every allowed tag. `rel` on links is always overwritten. */
export const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  '*': ['dir', 'lang', 'title'],
  a: ['href', 'name', 'rel'],
  img: ['src', 'alt', 'width', 'height', 'align'],
  td: ['colspan', 'rowspan', 'align'],
  th: ['colspan', 'rowspan', 'align'],
};

/** Schemes allowed in `href` (relative URLs are allowed too). */
export const ALLOWED_SCHEMES: readonly string[] = ['http', 'https', 'mailto'];

/** Images load without a click, so they may only come from absolute web URLs. */
export const IMG_SCHEMES: readonly string[] = ['http', 'https'];

/**
 * Disallowed elements whose content is not readable story text (code, styles, fallback content
 * browsers never show), so the content goes with the tag.
 */
export const DISCARDED_WITH_CONTENT: readonly string[] = [
  'script', 'style', 'textarea', 'option', 'select', 'xmp', 'noscript', 'noembed', 'noframes',
  'iframe', 'template', 'title', 'svg', 'math',
];
