import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImportFile, sanitizeHtml, type ParsedWork } from '../../src/formats/index.ts';
import { AO3_HTML, ao3Epub } from './ao3-fixture.ts';

/** Every preface field of the fixture, where it must land. */
function assertPreface(work: ParsedWork): void {
  assert.equal(work.title, 'The Tidewater Almanac');
  assert.deepEqual(work.authors, ['Wren_Ashdown']);
  assert.equal(work.rating, 'Teen And Up Audiences');
  assert.deepEqual(work.warnings, ['Graphic Depictions Of Violence', 'Major Character Death']);
  assert.deepEqual(work.categories, ['F/F', 'Gen']);
  assert.deepEqual(work.fandoms, ['Lighthouse Keepers (Original Work)']);
  assert.deepEqual(work.relationships, ['Mira Tallow/Jun Okafor']);
  assert.deepEqual(work.characters, ['Mira Tallow', 'Jun Okafor', 'The Harbourmaster']);
  assert.deepEqual(work.tags, ['Slow Burn', 'Storms & Shipwrecks', 'Found Family']);
  assert.equal(work.language, 'en');
  assert.deepEqual(work.series, { name: 'Keepers of the Northern Light', position: 2 });
  assert.equal(work.summary, 'Mira keeps the almanac of tides.\n\nThis year the sea keeps her.');
  assert.equal(work.notes, 'Written for a friend who loves foghorns.');
  assert.equal(work.endNotes, 'Thank you for reading about tides.');
  // Stats say 3/4 chapters: a work in progress.
  assert.equal(work.complete, false);
}

function assertChapters(work: ParsedWork): void {
  assert.deepEqual(work.chapters.map((c) => c.title), ['Low Water', '', "The Harbourmaster's Ledger"]);
  const [one, two, three] = work.chapters;
  assert.equal(one!.summary, 'The almanac is wrong for the first time.');
  assert.equal(one!.notes, 'Tide tables are invented; please do not sail by them.');
  assert.equal(one!.endNotes, 'Next time: a visitor with a lantern.');
  assert.equal(two!.summary, undefined);
  assert.equal(two!.notes, undefined);
  assert.equal(three!.notes, 'A quieter chapter.');
  assert.match(one!.html, /^<p>At dawn the harbour was a field of wet stones/);
  assert.match(two!.html, /“At the bottom,” said Mira/);
  assert.match(three!.html, /<em>the almanac, retired<\/em>/);
  for (const chapter of work.chapters) {
    assert.equal(sanitizeHtml(chapter.html), chapter.html);
    // Preface, notes and afterword text stay out of the chapter bodies.
    assert.doesNotMatch(chapter.html, /Chapter (Summary|Notes|End Notes)|Archive of Our Own|drop by|endnote/i);
  }
}

describe('AO3 downloads', () => {
  test('an AO3 HTML download fills every preface field', () => {
    assertPreface(parseImportFile(AO3_HTML, 'tidewater.html'));
  });

  test('an AO3 HTML download gives titled chapters with their summaries, notes and end notes', () => {
    assertChapters(parseImportFile(AO3_HTML, 'tidewater.html'));
  });

  test('an AO3 EPUB download reads the same as the HTML one', () => {
    const epub = parseImportFile(ao3Epub(), 'tidewater.epub');
    assertPreface(epub);
    assertChapters(epub);
    assert.deepEqual(epub, parseImportFile(AO3_HTML, 'tidewater.html'));
  });

  test('an AO3 EPUB whose converter renamed every class still reads the same', () => {
    assert.deepEqual(parseImportFile(ao3Epub({ renameClasses: true }), 'tidewater.epub'), parseImportFile(AO3_HTML, 'tidewater.html'));
  });

  test('a one-chapter AO3 download, with no chapter heading, is one untitled chapter', () => {
    const html = AO3_HTML.toString()
      .replace(/<div class="meta group">[\s\S]*?<\/div>\n\n<!--chapter content-->/g, '<!--chapter content-->')
      .replace(/<div class="meta" id="endnotes1">[\s\S]*?<\/div>\n/, '')
      .replace(/Chapters: 3\/4/, 'Chapters: 1/1');
    const work = parseImportFile(Buffer.from(html), 'one.html');
    assert.equal(work.complete, true);
    assert.deepEqual(work.chapters.map((c) => c.title), ['']);
    assert.match(work.chapters[0]!.html, /wet stones[\s\S]*borrowed coat[\s\S]*retired/);
  });

  test('a language AO3 names in its own script maps to a code', () => {
    const html = AO3_HTML.toString().replace('<dd>English</dd>', '<dd>中文-普通话 國語</dd>');
    assert.equal(parseImportFile(Buffer.from(html), 'zh.html').language, 'zh');
    const unknown = AO3_HTML.toString().replace('<dd>English</dd>', '<dd>Klingon</dd>');
    assert.equal(parseImportFile(Buffer.from(unknown), 'tlh.html').language, undefined);
  });

  test('an ordinary HTML story with a definition list is not taken for an AO3 download', () => {
    const html = '<html><head><title>Glossary</title></head><body><h1>Glossary</h1><dl><dt>Rating:</dt><dd>Teen</dd></dl><h2>Chapter 1</h2><p>Words of a story about ropes.</p></body></html>';
    const work = parseImportFile(Buffer.from(html), 'glossary.html');
    assert.equal(work.rating, undefined);
    assert.equal(work.chapters.length, 1);
  });
});
