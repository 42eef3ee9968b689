// htmlparser2 (under sanitize-html) keeps open elements in an array it unshifts into and scans,
// so parsing is quadratic in nesting depth: 100,000 unclosed <b> tags (300 KB) take about 15 s.
// No story nests that deep, so depth is measured first by replaying htmlparser2's open-element
// bookkeeping over its own linear tokenizer. The replay must match the parser exactly: an element
// the parser has closed but the replay keeps would let a later end tag unwind the replay's stack
// while the parser's keeps growing. test/formats/nesting.test.ts checks it against the parser.
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

export const MAX_NESTING = 256;

const VOID = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
const FOREIGN = new Set(['math', 'svg']);
const HTML_INSIDE_FOREIGN = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

// Opening the tags on the left closes an open element on the right while it is the current one.
const FORM_CONTROLS = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const IMPLIES_CLOSE = new Map<string, Set<string>>();
const rule = (openers: string[], closed: string[]) => openers.forEach((tag) => IMPLIES_CLOSE.set(tag, new Set(closed)));
rule(['tr'], ['tr', 'th', 'td']);
rule(['th'], ['th']);
rule(['td'], ['thead', 'th', 'td']);
rule(['body'], ['head', 'link', 'script']);
rule(['li'], ['li']);
rule(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section',
  'table', 'ul'], ['p']);
rule(['select', 'input', 'output', 'button', 'datalist', 'textarea'], FORM_CONTROLS);
rule(['option'], ['option']);
rule(['optgroup'], ['optgroup', 'option']);
rule(['dd', 'dt'], ['dd', 'dt']);
rule(['rt', 'rp'], ['rt', 'rp']);
rule(['tbody', 'tfoot'], ['thead', 'tbody']);

const noop = () => {};

/** The deepest nesting of open elements htmlparser2 builds for `html`. */
export function nestingDepth(html: string): number {
  const stack: string[] = [];
  const openCount = new Map<string, number>();
  const foreign: boolean[] = [false];
  let current = '';
  let deepest = 0;
  const push = (name: string) => {
    stack.push(name);
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
    deepest = Math.max(deepest, stack.length, foreign.length);
  };
  const pop = () => {
    const name = stack.pop()!;
    openCount.set(name, openCount.get(name)! - 1);
  };
  const open = (name: string) => {
    current = name;
    const closes = IMPLIES_CLOSE.get(name);
    while (closes && stack.length > 0 && closes.has(stack[stack.length - 1])) pop();
    if (VOID.has(name)) return;
    if (FOREIGN.has(name)) foreign.push(true);
    else if (HTML_INSIDE_FOREIGN.has(name)) foreign.push(false);
    push(name);
  };
  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      open(html.slice(start, end).toLowerCase());
    },
    onselfclosingtag() {
      if (foreign[foreign.length - 1] && stack[stack.length - 1] === current) pop();
    },
    onclosetag(start, end) {
      const name = html.slice(start, end).toLowerCase();
      if (FOREIGN.has(name) || HTML_INSIDE_FOREIGN.has(name)) foreign.pop();
      if (VOID.has(name)) return;
      if ((openCount.get(name) ?? 0) > 0) {
        while (stack[stack.length - 1] !== name) pop();
        pop();
      } else if (name === 'p') {
        open('p'); // a stray </p> is read as <p></p>
        pop();
      }
    },
    onattribdata: noop, onattribentity: noop, onattribend: noop, onattribname: noop, oncdata: noop,
    oncomment: noop, ondeclaration: noop, onend: noop, onopentagend: noop, onprocessinginstruction: noop,
    ontext: noop, ontextentity: noop,
  };
  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
  return deepest;
}

/** The text of `html` with every tag removed; the fallback for markup nested past MAX_NESTING. */
export function stripTags(html: string): string {
  return html.replace(/<[^>]*>?/g, '');
}
