// Text and attribute values for XML 1.0 documents (Atom, OPDS, OpenSearch). Escaping alone is
// not enough: a control character or a lone surrogate in a title makes the whole document
// unreadable to a strict parser, so those characters are dropped rather than escaped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlText(value: string | number): string {
  return String(value).replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** `<name attr="…">text</name>`, or a self-closed element without text; undefined attributes are left out. */
export function element(name: string, attrs: Record<string, string | number | undefined>, text?: string): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlText(v!)}"`)
    .join('');
  return text === undefined ? `<${name}${a}/>` : `<${name}${a}>${xmlText(text)}</${name}>`;
}
