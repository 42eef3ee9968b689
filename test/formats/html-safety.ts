// An independent check of sanitizer output: parse what came out and list everything that is not
// allowed, rather than comparing with anyone's expected string.
import { Parser } from 'htmlparser2';
import { ALLOWED_ATTRIBUTES, ALLOWED_SCHEMES, ALLOWED_TAGS, IMG_SCHEMES, sanitizeHtml } from '../../src/formats/index.ts';

const TAGS = new Set(ALLOWED_TAGS);
// eslint-disable-next-line no-control-regex
const IGNORED_IN_URL = /[\u0000-\u0020\u007f-\u009f]+/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/;

/** The scheme a browser would see, or null for a relative URL. Values arrive entity-decoded. */
function schemeOf(url: string): string | null {
  const cleaned = url.replace(IGNORED_IN_URL, '').toLowerCase();
  return SCHEME.exec(cleaned)?.[1] ?? null;
}

function attributeProblem(tag: string, name: string, value: string): string | null {
  if (name.startsWith('on')) return `event handler ${tag}[${name}]`;
  const allowed = [...(ALLOWED_ATTRIBUTES[tag] ?? []), ...(ALLOWED_ATTRIBUTES['*'] ?? [])];
  if (!allowed.includes(name)) return `attribute ${tag}[${name}]`;
  if (name === 'href' || name === 'src') {
    const scheme = schemeOf(value);
    const schemes = tag === 'img' ? IMG_SCHEMES : ALLOWED_SCHEMES;
    if (scheme !== null && !schemes.includes(scheme)) return `scheme ${scheme}: in ${tag}[${name}]`;
  }
  return null;
}

/** Every reason `html` would be unsafe to show; empty when it is clean and stable. */
export function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  const parser = new Parser(
    {
      onopentag(tag, attribs) {
        if (!TAGS.has(tag)) problems.push(`element <${tag}>`);
        for (const [name, value] of Object.entries(attribs)) {
          const problem = attributeProblem(tag, name, value);
          if (problem) problems.push(problem);
        }
      },
      oncomment() { problems.push('comment'); },
      onprocessinginstruction(name) { problems.push(`directive <${name}>`); },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  if (sanitizeHtml(html) !== html) problems.push('changes when sanitized again');
  return problems;
}
