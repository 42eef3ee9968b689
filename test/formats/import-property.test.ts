// Whatever an uploader sends, the importers either return a well-formed work or say why not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ImportFormatError, parseHtml, parseMarkdown, parseText, sanitizeHtml, type ParsedWork } from '../../src/formats/index.ts';

// Lines that steer the parsers: headers, headings, breaks, closing lines, markup.
const LINES = [
  '', '', 'Title: Tide', 'Author: Wren Ash', 'Tags: a,', '  b', 'Summary: x', '---', '* * *', 'o0o', '~~~', '```',
  'Chapter 1', 'Chapter Two: Dusk', 'Part III', '## Chapter 4', '# Tide', 'by Wren Ash', 'The End', 'TBC',
  'Mira waited.', 'Tobin *ran* home.', '<p>para</p>', '<h1>Tide</h1>', '<h2>Chapter 5</h2>', '<title>T</title>',
  '<div>', '</div>', '<script>x()</script>', '<a href="javascript:x">y</a>', '  indented', '\t',
];
const document = fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 12 })), { maxLength: 25 })
  .chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => lines.join(eol)));

function wellFormed(work: ParsedWork): void {
  assert.ok(work.title.trim() !== '', 'empty title');
  assert.ok(work.chapters.length >= 1, 'no chapters');
  for (const chapter of work.chapters) {
    assert.ok(chapter.html.trim() !== '', 'empty chapter');
    assert.equal(sanitizeHtml(chapter.html), chapter.html, 'unsanitized chapter');
  }
}

for (const [name, parse] of [['parseText', parseText], ['parseMarkdown', parseMarkdown], ['parseHtml', parseHtml]] as const) {
  test(`${name} returns a titled work with sanitized chapters or throws ImportFormatError`, () => {
    fc.assert(
      fc.property(document, (source) => {
        try {
          wellFormed(parse(source));
        } catch (error) {
          if (!(error instanceof ImportFormatError)) throw error;
        }
      }),
      { numRuns: 400 },
    );
  });
}
