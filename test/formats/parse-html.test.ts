import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ImportFormatError, parseHtml } from '../../src/formats/index.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const squash = (html: string) => html.replace(/\s+/g, ' ').trim();

describe('parseHtml', () => {
  test('reads title, meta tags, notes and chapters of a full document', () => {
    const work = parseHtml(fixture('harbour-light.html'));
    assert.equal(work.title, 'Harbour Light');
    assert.deepEqual(work.authors, ['Wren Ash']);
    assert.equal(work.summary, 'Mira keeps the harbour light burning.');
    assert.equal(work.language, 'en');
    assert.equal(work.notes, 'A gift for the winter exchange.');
    assert.equal(work.complete, true);
    assert.deepEqual(work.chapters.map((chapter) => chapter.title), ['The Keeper', 'The Storm']);
    assert.equal(squash(work.chapters[0].html), '<p>Mira climbed the hundred steps <em>every</em> evening.</p> <p>Her lamp swung in her hand.</p>');
    assert.equal(squash(work.chapters[1].html),
      '<p>The wind came in from the <a rel="nofollow">west</a>.</p> <p>By morning the harbour was quiet again.</p>');
  });

  test('takes the title from the first <h1> when there is no <title>', () => {
    const work = parseHtml('<h1>Tide</h1><p>Mira waited.</p>');
    assert.equal(work.title, 'Tide');
    assert.deepEqual(work.chapters, [{ title: '', html: '<p>Mira waited.</p>' }]);
  });

  test('prefers the <h1> when the <title> wraps it in site and author names', () => {
    const work = parseHtml('<title>Tide - Wren Ash - Harbour Tales [Story Archive]</title><h1>Tide</h1><p>Mira waited.</p>');
    assert.equal(work.title, 'Tide');
    assert.equal(work.chapters[0].html, '<p>Mira waited.</p>');
  });

  test('keeps a first <h1> that differs from the <title>', () => {
    const work = parseHtml('<title>Tide</title><h1>Prelude</h1><p>Mira waited.</p>');
    assert.equal(work.chapters[0].html, '<h1>Prelude</h1><p>Mira waited.</p>');
  });

  test('makes one chapter per <h2> and names untitled ones by number', () => {
    const work = parseHtml('<title>Tide</title><h2>Chapter 1</h2><p>A.</p><h2></h2><p>B.</p><h2>Dawn</h2><p>C.</p>');
    assert.deepEqual(work.chapters.map((chapter) => chapter.title), ['Chapter 1', 'Chapter 2', 'Dawn']);
  });

  test('marks a story ending in To be continued as incomplete, however the line is wrapped', () => {
    const work = parseHtml('<title>Tide</title><p>Mira waited.</p><div><p><em>To be continued…</em></p></div>');
    assert.equal(work.complete, false);
    assert.equal(work.chapters[0].html, '<p>Mira waited.</p>');
  });

  test('drops head content, scripts and styles from chapters', () => {
    const work = parseHtml('<html><head><title>Tide</title><style>p{}</style></head><body><p>Mira<script>x()</script>.</p></body></html>');
    assert.equal(work.chapters[0].html, '<p>Mira.</p>');
  });

  test('rejects a document with no story text', () => {
    assert.throws(() => parseHtml('<title>Tide</title><h2>Chapter 1</h2>'), ImportFormatError);
  });
});
