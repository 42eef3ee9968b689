// Real, messy plain-text novels (BOMs, CRLF, Latin-1, tables of contents, licence text) from
// ../shared: the importer should read each one into something a person would recognise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { countWordsInHtml, parseImportFile } from '../../src/formats/index.ts';
import { missingSharedMessage, sharedPath } from './shared-data.ts';

const TEXTS = 'data/texts/gutenberg/';
const dir = sharedPath(TEXTS);
const files = dir ? readdirSync(dir).filter((name) => name.endsWith('.txt')).sort() : [];

test('every Gutenberg novel imports as a titled work with a novel-sized word count', { skip: dir ? false : missingSharedMessage(TEXTS) }, () => {
  assert.ok(files.length > 0, `no .txt files in ${dir}`);
  for (const name of files) {
    const bytes = readFileSync(dir + name);
    const work = parseImportFile(bytes, name);
    const words = work.chapters.reduce((sum, chapter) => sum + countWordsInHtml(chapter.html), 0);
    const roughWords = bytes.length / 6;
    assert.ok(work.title.trim().length > 0, `${name}: empty title`);
    assert.ok(work.chapters.length >= 1, `${name}: no chapters`);
    assert.ok(work.chapters.every((chapter) => chapter.html.length > 0), `${name}: an empty chapter`);
    assert.ok(words > 20_000 && words > roughWords * 0.6 && words < roughWords * 1.6, `${name}: ${words} words from ${bytes.length} bytes`);
    assert.ok(work.chapters.every((chapter) => !/[\u0080-\u009f\ufffd]/.test(chapter.html)), `${name}: mis-decoded characters`);
  }
});
