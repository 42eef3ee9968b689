import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseMarkdown } from '../../src/formats/index.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

describe('parseMarkdown', () => {
  test('reads title, byline, notes and chapters of a full story', () => {
    const work = parseMarkdown(fixture('harbour-light.md'));
    assert.equal(work.title, 'Harbour Light');
    assert.deepEqual(work.authors, ['Wren Ash']);
    assert.equal(work.notes, 'A gift for the winter exchange.');
    assert.equal(work.complete, true);
    assert.deepEqual(work.chapters, [
      {
        title: 'The Keeper',
        html: '<p>Mira climbed the hundred steps <em>every</em> evening.\nHer lamp swung in her hand.</p>\n<hr />\n'
          + '<p>Down in the village, <strong>Tobin</strong> counted the boats.</p>',
      },
      { title: 'The Storm', html: '<p>The wind came in from the west.</p>\n<hr />\n<p>By morning the harbour was quiet again.</p>' },
    ]);
  });

  test('takes the first line as the title when there is no # heading', () => {
    const work = parseMarkdown('**Harbour Light**\n\nMira waited.');
    assert.equal(work.title, 'Harbour Light');
    assert.equal(work.chapters[0].html, '<p>Mira waited.</p>');
  });

  test('accepts the plain-text header block and front matter', () => {
    const header = parseMarkdown('Title: Tide\nRating: Teen\n\nMira *waited*.');
    assert.equal(header.title, 'Tide');
    assert.equal(header.rating, 'Teen');
    const front = parseMarkdown('---\ntitle: "Tide"\ntags:\n  - fluff\n  - slow burn\n---\n\n# Tide\n\nMira waited.');
    assert.equal(front.title, 'Tide');
    assert.deepEqual(front.tags, ['fluff', 'slow burn']);
    assert.equal(front.chapters[0].html, '<p>Mira waited.</p>');
  });

  test('splits chapters only at headings that read as chapters', () => {
    const work = parseMarkdown('# Tide\n\n## Chapter 1\n\nA.\n\n### A letter\n\nB.\n\n## Part Two: Home\n\nC.');
    assert.deepEqual(work.chapters.map((chapter) => chapter.title), ['Chapter 1', 'Home']);
    assert.match(work.chapters[0].html, /<h3>A letter<\/h3>/);
  });

  test('does not split at a heading inside a code block', () => {
    const work = parseMarkdown('# Tide\n\n## Chapter 1\n\n```\n## Chapter 2\n```\n\nA.');
    assert.equal(work.chapters.length, 1);
  });

  test('marks a story ending in *TBC* as incomplete', () => {
    const work = parseMarkdown('# Tide\n\nMira waited.\n\n*To be continued...*');
    assert.equal(work.complete, false);
    assert.equal(work.chapters[0].html, '<p>Mira waited.</p>');
  });

  test('sanitizes raw HTML inside the markdown', () => {
    const work = parseMarkdown('# Tide\n\nMira <span onclick="x()">waited</span>.\n\n<iframe src="https://evil.example"></iframe>');
    assert.equal(work.chapters[0].html, '<p>Mira <span>waited</span>.</p>');
  });
});
