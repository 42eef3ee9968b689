// Random splices of known mutation-XSS seeds and tag fragments, checked the same way as the corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { sanitizeHtml } from '../../src/formats/index.ts';
import { unsafeParts } from './html-safety.ts';
import { sharedPath } from './shared-data.ts';

// Pieces that change how a parser reads what follows them.
const FRAGMENTS = [
  '<', '>', '/>', '</', '"', "'", '`', '=', ' ', '\t', '\n', '\u0000', '&', ';', '&#', '&#x6a;', '&Tab;',
  '&colon;', '<!--', '-->', '<![CDATA[', ']]>', '<?', '<!doctype html>', '<p>', '</p>', '<a href=',
  '<a href="', '<img src=', 'javascript:', 'jav\tascript:', 'data:text/html,', 'vbscript:', ' onerror=',
  ' onclick="', 'alert(1)', '<script>', '</script>', '<style>', '</style>', '<svg>', '</svg>', '<math>',
  '<mi>', '<mglyph>', '<textarea>', '</textarea>', '<noscript>', '</noscript>', '<title>', '<xmp>',
  '<iframe>', '<template>', '<form>', '<select>', '<table>', '<td>', '<b>', '<em>', 'text',
];

const seedsFile = sharedPath('corpora/xss/dompurify-fuzz-seeds.json');
const SEEDS: string[] = seedsFile ? (JSON.parse(readFileSync(seedsFile, 'utf8')) as string[]) : [];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: SEEDS.length > 0 ? 2 : 0, arbitrary: SEEDS.length > 0 ? fc.constantFrom(...SEEDS) : fc.constant('') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const splice = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

test('random splices of XSS seeds never sanitize to unsafe or unstable HTML', () => {
  fc.assert(
    fc.property(splice, (input) => {
      const output = sanitizeHtml(input);
      assert.deepEqual(unsafeParts(output), [], `input ${JSON.stringify(input)} gave ${JSON.stringify(output)}`);
    }),
    { numRuns: 2000 },
  );
});
