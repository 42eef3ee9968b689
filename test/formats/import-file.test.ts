import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ImportFormatError, parseImportFile, sanitizeHtml } from '../../src/formats/index.ts';

const STORY = 'Title: Tide\nAuthor: Wren Ash\n\nMira said, “Wait for the light.”\n\nTobin waited.\n';
const fixtureBytes = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

describe('parseImportFile decoding', () => {
  const expected = parseImportFile(Buffer.from(STORY, 'utf8'), 'tide.txt');

  test('reads UTF-8 with and without a byte order mark', () => {
    assert.equal(expected.chapters[0].html, '<p>Mira said, “Wait for the light.”</p>\n<p>Tobin waited.</p>');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(STORY, 'utf8')]);
    assert.deepEqual(parseImportFile(withBom, 'tide.txt'), expected);
  });

  test('reads UTF-16 little- and big-endian files that start with a byte order mark', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(STORY, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(STORY)]);
    assert.deepEqual(parseImportFile(le, 'tide.txt'), expected);
    assert.deepEqual(parseImportFile(be, 'tide.txt'), expected);
  });

  test('reads Windows-1252 files with curly quotes', () => {
    const cp1252 = Buffer.from(STORY.replace('“', '\u0001').replace('”', '\u0002'), 'latin1');
    cp1252[cp1252.indexOf(0x01)] = 0x93;
    cp1252[cp1252.indexOf(0x02)] = 0x94;
    assert.deepEqual(parseImportFile(cp1252, 'tide.txt'), expected);
  });

  test('reads Windows-1252 accents, dashes and the euro sign', () => {
    const bytes = Buffer.from([...Buffer.from('Caf'), 0xe9, 0x20, 0x96, 0x20, 0x80, 0x35, 0x20, 0x85, ...Buffer.from('\n\nStory.')]);
    assert.equal(parseImportFile(bytes, 'x.txt').title, 'Café – €5 …');
  });

  test('reads CRLF files like LF files', () => {
    assert.deepEqual(parseImportFile(Buffer.from(STORY.replace(/\n/g, '\r\n')), 'tide.txt'), expected);
  });

  test('accepts a plain Uint8Array', () => {
    assert.deepEqual(parseImportFile(new TextEncoder().encode(STORY), 'tide.txt'), expected);
  });

  test('rejects binary files', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    assert.throws(() => parseImportFile(png, 'cover.txt'), ImportFormatError);
    const noise = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256 || 1));
    assert.throws(() => parseImportFile(noise, 'noise.md'), /does not look like text/);
  });
});

describe('parseImportFile formats', () => {
  test('chooses the parser from the extension, in any case', () => {
    const text = fixtureBytes('harbour-light.txt');
    const markdown = fixtureBytes('harbour-light.md');
    const html = fixtureBytes('harbour-light.html');
    assert.equal(parseImportFile(text, 'Harbour.TXT').rating, 'Teen And Up Audiences');
    assert.equal(parseImportFile(text, 'harbour.text').chapters.length, 2);
    assert.match(parseImportFile(markdown, 'harbour.md').chapters[0].html, /<em>every<\/em>/);
    assert.match(parseImportFile(markdown, 'dir/harbour.Markdown').chapters[0].html, /<strong>Tobin<\/strong>/);
    assert.equal(parseImportFile(html, 'harbour.htm').summary, 'Mira keeps the harbour light burning.');
    assert.equal(parseImportFile(html, 'harbour.html').title, 'Harbour Light');
  });

  test('titles a work after its file name when the file names none', () => {
    const long = 'Mira climbed the hundred steps of the lighthouse every single evening without fail. '.repeat(3);
    assert.equal(parseImportFile(Buffer.from(long), 'harbour_light-draft.txt').title, 'harbour light draft');
  });

  test('rejects unknown extensions with a message naming the accepted ones', () => {
    assert.throws(() => parseImportFile(Buffer.from('x'), 'story.docx'), {
      name: 'ImportFormatError',
      message: 'Quire cannot import ".docx" files. Upload a .txt, .md, .html or .epub file.',
    });
    assert.throws(() => parseImportFile(Buffer.from('x'), 'README'), /files without an extension/);
    assert.throws(() => parseImportFile(Buffer.from('x'), 'story.constructor'), ImportFormatError);
  });

  test('rejects empty files', () => {
    assert.throws(() => parseImportFile(Buffer.alloc(0), 'empty.txt'), ImportFormatError);
  });

  test('gives chapter HTML that sanitizing leaves unchanged', () => {
    for (const name of ['harbour-light.txt', 'harbour-light.md', 'harbour-light.html']) {
      for (const chapter of parseImportFile(fixtureBytes(name), name).chapters) {
        assert.equal(sanitizeHtml(chapter.html), chapter.html, name);
      }
    }
  });
});
