import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImportFile, sanitizeHtml } from '../../src/formats/index.ts';
import { buildDocument } from '../../src/exports/document.ts';
import { renderEpub } from '../../src/exports/epub.ts';
import type { WorkView } from '../../src/works/present.ts';
import type { ChapterView } from '../../src/chapters/service.ts';
import { buildEpub, type BookOptions } from './epub-builder.ts';

const p = (...lines: string[]) => lines.map((l) => `<p>${l}</p>`).join('\n');

const EPUB3: BookOptions = {
  version: 3,
  title: 'The Quiet Quay',
  creators: ['Wren Ash', 'Tobin Lark'],
  language: 'en-GB',
  description: 'Two keepers, one lamp, a long winter.',
  subjects: ['Lighthouses', 'Winter'],
  files: [
    { href: 'cover.xhtml', body: '<div><img src="images/cover.jpg" alt="Cover"/></div>', guide: 'cover' },
    { href: 'ch2.xhtml', label: 'Chapter 2: Ice', body: `<h2>Chapter 2: Ice</h2>${p('The bay froze from the edges inward.')}` },
    { href: 'ch1.xhtml', label: 'Chapter 1: The Quay', body: `<section epub:type="chapter"><h1>Chapter 1: The Quay</h1>${p('Mira counted the boats&nbsp;twice &amp; then once more.', '&#8220;Nine,&#8221; she said.')}<p><img src="images/map.png" alt="A map of the bay"/></p></section>` },
    { href: 'extra.xhtml', label: 'Deleted scene', body: p('A scene the writer left out.'), linear: false },
  ],
  spineOrder: ['cover.xhtml', 'ch1.xhtml', 'ch2.xhtml', 'extra.xhtml'],
};

const EPUB2: BookOptions = {
  version: 2,
  title: 'Salt Roads',
  creators: ['Jun Okafor'],
  language: 'fr',
  metadata: '<meta name="calibre:series" content="Coastal Tales"/><meta name="calibre:series_index" content="3"/>',
  files: [
    { href: 'title.xhtml', body: '<h1>Salt Roads</h1><p>by Jun Okafor</p>', guide: 'title-page' },
    { href: 'part1.xhtml', label: 'Prologue', body: `<h3>Prologue</h3>${p('The road ran along the dunes.')}` },
    { href: 'part1b.xhtml', body: p('It kept running after the map ended.') },
    { href: 'part2.xhtml', label: 'Crossing', body: `<h2>A different heading</h2>${p('They crossed at low tide.')}` },
  ],
};

describe('EPUB import', () => {
  test('reads EPUB 3 metadata: title, creators, language, description as summary, subjects as tags', () => {
    const work = parseImportFile(buildEpub(EPUB3), 'quay.epub');
    assert.equal(work.title, 'The Quiet Quay');
    assert.deepEqual(work.authors, ['Wren Ash', 'Tobin Lark']);
    assert.equal(work.language, 'en-GB');
    assert.equal(work.summary, 'Two keepers, one lamp, a long winter.');
    assert.deepEqual(work.tags, ['Lighthouses', 'Winter']);
    assert.equal(work.complete, true);
  });

  test('takes chapters in spine order, leaving out the cover, the nav document and linear="no" items', () => {
    const work = parseImportFile(buildEpub(EPUB3), 'quay.epub');
    assert.deepEqual(work.chapters.map((c) => c.title), ['The Quay', 'Ice']);
    assert.ok(!work.chapters.some((c) => c.html.includes('A scene the writer left out')));
    assert.ok(!work.chapters.some((c) => c.html.includes('Contents')));
  });

  test('drops a heading that repeats the table of contents label and decodes entities', () => {
    const [first] = parseImportFile(buildEpub(EPUB3), 'quay.epub').chapters;
    assert.doesNotMatch(first!.html, /<h1/);
    assert.match(first!.html, /Mira counted the boats\u00a0twice &amp; then once more\./);
    assert.match(first!.html, /“Nine,” she said\./);
    assert.equal(sanitizeHtml(first!.html), first!.html);
  });

  test('keeps no image address that points into the archive (nothing is fetched or stored)', () => {
    const work = parseImportFile(buildEpub(EPUB3), 'quay.epub');
    for (const chapter of work.chapters) assert.doesNotMatch(chapter.html, /images\//);
  });

  test('reads EPUB 2 titles from the NCX, skips the title page, and joins files the TOC leaves out to the chapter before', () => {
    const work = parseImportFile(buildEpub(EPUB2), 'salt.epub');
    assert.deepEqual(work.chapters.map((c) => c.title), ['Prologue', 'Crossing']);
    assert.match(work.chapters[0]!.html, /along the dunes\.<\/p>\n<p>It kept running/);
    // The label and the heading differ, so the heading is part of the text.
    assert.match(work.chapters[1]!.html, /<h2>A different heading<\/h2>/);
    assert.equal(work.language, 'fr');
    assert.deepEqual(work.series, { name: 'Coastal Tales', position: 3 });
  });

  test('titles chapters from their first heading when there is no table of contents', () => {
    const files = EPUB2.files.slice(1).map((f) => ({ ...f, label: undefined }));
    const work = parseImportFile(buildEpub({ ...EPUB2, files }), 'salt.epub');
    assert.deepEqual(work.chapters.map((c) => c.title), ['Prologue', '', 'A different heading']);
  });

  test('round-trips an EPUB written by Quire’s own exporter', () => {
    const chapters: ChapterView[] = [1, 2, 3].map((n) => ({
      id: n, number: n, title: n === 2 ? '' : `Part the ${['first', 'second', 'third'][n - 1]}`, summaryHtml: '', notesHtml: '', endNotesHtml: '',
      html: `<p>Paragraph ${n} of a calm story about <em>boats</em>.</p><p>Another line for chapter ${n}.</p>`, words: 12, draft: false, publishedAt: '2024-05-01T00:00:00.000Z',
    }));
    const view: WorkView = {
      id: 7, title: 'Round Trip Harbour', summaryHtml: '<p>A work that leaves and comes back.</p>', notesHtml: '', endNotesHtml: '<p>Thanks for sailing.</p>',
      rating: 'Teen And Up Audiences', warnings: ['No Archive Warnings Apply'], categories: ['Gen'], fandoms: ['Original Work'], relationships: [],
      characters: ['Mira Tallow'], freeforms: ['Boats', 'Calm'], language: 'de', words: 36, postedChapters: 3, expectedChapters: 4, complete: false,
      restricted: false, anonymous: false, draft: false, authors: [{ pseud: 'Wren', login: 'wren' }],
      publishedAt: '2024-05-01T00:00:00.000Z', updatedAt: '2024-05-02T00:00:00.000Z', viewerIsCreator: false,
    };
    const epub = renderEpub(buildDocument(view, chapters, { siteName: 'Quire', siteUrl: 'https://archive.example.org', siteKey: 'https://archive.example.org' }));
    const work = parseImportFile(epub, 'round-trip.epub');
    assert.equal(work.title, 'Round Trip Harbour');
    assert.deepEqual(work.authors, ['Wren']);
    assert.equal(work.language, 'de');
    assert.equal(work.summary, 'A work that leaves and comes back.');
    assert.equal(work.endNotes, 'Thanks for sailing.');
    assert.equal(work.rating, 'Teen And Up Audiences');
    assert.deepEqual(work.warnings, ['No Archive Warnings Apply']);
    assert.deepEqual(work.categories, ['Gen']);
    assert.deepEqual(work.fandoms, ['Original Work']);
    assert.deepEqual(work.characters, ['Mira Tallow']);
    assert.deepEqual(work.tags, ['Boats', 'Calm']);
    assert.equal(work.complete, false);
    assert.deepEqual(work.chapters.map((c) => c.title), ['Part the first', 'Chapter 2', 'Part the third']);
    chapters.forEach((c, i) => {
      assert.match(work.chapters[i]!.html, new RegExp(`Paragraph ${c.number} of a calm story about <em>boats</em>\\.`));
      assert.match(work.chapters[i]!.html, new RegExp(`Another line for chapter ${c.number}\\.`));
    });
  });
});
