import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { MAX_NESTING, nestingDepth } from '../../src/formats/nesting.ts';
import { ImportFormatError, countWordsInHtml, parseHtml, renderBody, sanitizeHtml } from '../../src/formats/index.ts';

const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input',
  'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** The depth of htmlparser2's own open-element stack; void elements never stay on it. */
function parserDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  const parser = new Parser({
    onopentagname(name) { if (!VOID.has(name)) deepest = Math.max(deepest, ++depth); },
    onclosetag(name) { if (!VOID.has(name)) depth--; },
  });
  parser.write(html);
  parser.end();
  return deepest;
}

// Pieces that open, close, imply closing or hide tags in HTML content.
const HTML_PIECES = ['<b>', '</b>', '<B>', '</B>', '<i>', '</i>', '<p>', '</p>', '<P>', '<div>', '</div>', '<li>', '</li>',
  '<td>', '<tr>', '<th>', '<thead>', '</thead>', '<tbody>', '<tfoot>', '<table>', '<br>', '</br>', '<hr>', '<b/>',
  '<x a=">" ', '"', '>', '<', '</', '<!', '<?', '<!--', '-->', '<script>', '</script>', '<style>', '</style>',
  '<textarea>', '</textarea>', '<xmp>', '<dd>', '<dt>', '<select>', '</select>', '<input>', '<option>', '</option>',
  '<optgroup>', '<ruby>', '<rt>', '<rp>', '<body>', '<head>', '<link>', 'text'];
// SVG and MathML, where the parser also tracks a foreign-content stack.
const FOREIGN_PIECES = ['<svg>', '</svg>', '<math>', '</math>', '<mi>', '</mi>', '<mi/>', '<g/>', '<desc/>', '<title>', '</title>'];
const doc = (pieces: string[]) => fc.array(fc.constantFrom(...pieces), { maxLength: 50 }).map((parts) => parts.join(''));

describe('nestingDepth', () => {
  test('matches the parser on everyday markup', () => {
    for (const html of ['<p>a<p>b', '<ul><li>a<li>b</ul>', '<b><i>x</b></i>', '<div><p>x<div>y</div></div>',
      '<table><tr><td>1<td>2<tr><td>3</table>', '<b title="</b>">x', '</p></p>', '<script><b><b></script>']) {
      assert.equal(nestingDepth(html), parserDepth(html), html);
    }
  });

  test('replays the parser exactly on HTML content', () => {
    fc.assert(fc.property(doc(HTML_PIECES), (html) => {
      assert.equal(nestingDepth(html), parserDepth(html), html);
    }), { numRuns: 3000 });
  });

  test('never reports less depth than the parser builds, SVG and MathML included', () => {
    fc.assert(fc.property(doc([...HTML_PIECES, ...FOREIGN_PIECES]), (html) => {
      assert.ok(nestingDepth(html) >= parserDepth(html), html);
    }), { numRuns: 3000 });
  });
});

describe('deeply nested input', () => {
  const deep = `${'<b>'.repeat(MAX_NESTING + 1)}lantern`;

  test('sanitizes markup nested past the limit to its text', () => {
    assert.equal(sanitizeHtml(deep), 'lantern');
    assert.equal(sanitizeHtml('<b>'.repeat(100_000)), '');
  });

  test('keeps ordinary nesting', () => {
    const html = `${'<div>'.repeat(40)}<p>x</p>${'</div>'.repeat(40)}`;
    assert.equal(sanitizeHtml(html), html);
  });

  test('still counts the words', () => {
    assert.equal(countWordsInHtml(deep), 1);
  });

  test('rejects such an HTML import', () => {
    assert.throws(() => parseHtml(`<title>Tide</title>${deep}`), ImportFormatError);
  });

  test('renders Markdown quoted thousands of levels deep as text instead of overflowing the stack', () => {
    assert.equal(renderBody('markdown', `${'>'.repeat(5000)} lantern`), `<p>${'&gt;'.repeat(5000)} lantern</p>`);
    assert.match(renderBody('markdown', `${'> '.repeat(60)}lantern`), /lantern/);
  });
});
