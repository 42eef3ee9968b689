import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ImportFormatError, parseText } from '../../src/formats/index.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const titles = (source: string) => parseText(source).chapters.map((chapter) => chapter.title);

describe('parseText header block', () => {
  test('reads every header field of a full story', () => {
    assert.deepEqual(parseText(fixture('harbour-light.txt')), {
      title: 'Harbour Light',
      authors: ['Wren Ash'],
      fandoms: ['Harbour Tales', 'The Tidewater Chronicles'],
      rating: 'Teen And Up Audiences',
      relationships: ['Mira/Tobin', 'Mira & Old Pell'],
      characters: ['Mira', 'Tobin', 'Old Pell'],
      warnings: ['No Archive Warnings Apply'],
      categories: ['F/M'],
      tags: ['Lighthouses', 'Slow Burn', 'Hurt/Comfort', 'Found Family'],
      summary: 'Mira keeps the harbour light burning through the winter storms.\nTobin keeps coming back.',
      notes: 'Written for the winter exchange.',
      language: 'English',
      complete: false,
      chapters: [
        {
          title: 'The Keeper',
          html: '<p>Mira climbed the hundred steps every evening.<br />Her lamp swung in her hand.</p>\n'
            + '<p>The wick caught on the third try.</p>\n<hr />\n<p>Down in the village, Tobin counted the boats.</p>',
        },
        { title: 'The Storm', html: '<p>The wind came in from the west.</p>\n<hr />\n<p>By morning the harbour was quiet again.</p>' },
      ],
    });
  });

  test('accepts header keys in any case and under their other names', () => {
    const work = parseText('TITLE: Tide\nby: Wren Ash, Sam Reed\nPAIRING: Mira/Tobin\nFreeform: fluff\nRated: PG-13\n\nStory.');
    assert.equal(work.title, 'Tide');
    assert.deepEqual(work.authors, ['Wren Ash', 'Sam Reed']);
    assert.deepEqual(work.relationships, ['Mira/Tobin']);
    assert.deepEqual(work.tags, ['fluff']);
    assert.equal(work.rating, 'PG-13');
  });

  test('ignores unknown keys inside a header block without ending it', () => {
    const work = parseText('Title: Tide\nBeta: Sam\nRating: Mature\n\nStory.');
    assert.equal(work.rating, 'Mature');
    assert.equal(work.chapters[0].html, '<p>Story.</p>');
  });

  test('lets a summary run on over unindented lines, but not a rating', () => {
    const work = parseText('Title: Tide\nSummary: Mira keeps the light.\nTobin keeps coming back.\nRating: Teen\nMira climbed.\n\nShe slept.');
    assert.equal(work.summary, 'Mira keeps the light.\nTobin keeps coming back.');
    assert.equal(work.rating, 'Teen');
    assert.equal(work.chapters[0].html, '<p>Mira climbed.</p>\n<p>She slept.</p>');
  });

  test('ends the header at a separator line', () => {
    const work = parseText('Title: Tide\nRating: General\n-----\nStory begins.');
    assert.equal(work.chapters[0].html, '<p>Story begins.</p>');
  });

  test('does not take an opening line with a colon for a header', () => {
    const work = parseText('Tide\n\nMidnight: the hour the lamp went out.');
    assert.equal(work.title, 'Tide');
    assert.equal(work.chapters[0].html, '<p>Midnight: the hour the lamp went out.</p>');
  });
});

describe('parseText without a header', () => {
  test('takes the first non-blank line as the title and removes it from the body', () => {
    const work = parseText('\n\n  The Quiet Harbour  \n\nMira waited.\n');
    assert.equal(work.title, 'The Quiet Harbour');
    assert.deepEqual(work.chapters, [{ title: '', html: '<p>Mira waited.</p>' }]);
    assert.deepEqual(work.authors, []);
  });

  test('reads a "by" line under the title as the author', () => {
    const work = parseText('The Quiet Harbour\nby Wren Ash\n\nMira waited.');
    assert.deepEqual(work.authors, ['Wren Ash']);
    assert.equal(work.chapters[0].html, '<p>Mira waited.</p>');
  });

  test('does not take an opening sentence starting with "By" for a byline', () => {
    const work = parseText('The Quiet Harbour\nBy the time she woke, the lamp was out.');
    assert.deepEqual(work.authors, []);
    assert.equal(work.chapters[0].html, '<p>By the time she woke, the lamp was out.</p>');
  });

  test('keeps a long opening paragraph in the story and uses the fallback title', () => {
    const opening = 'Mira climbed the hundred steps of the lighthouse every evening, '.repeat(4);
    const work = parseText(`${opening}\n\nThen she slept.`, { fallbackTitle: 'harbour' });
    assert.equal(work.title, 'harbour');
    assert.equal(work.chapters[0].html.split('<p>').length - 1, 2);
  });

  test('names a work by its opening words when nothing else is usable', () => {
    const opening = 'Mira climbed the hundred steps of the lighthouse every evening, '.repeat(4);
    assert.equal(parseText(opening).title, 'Mira climbed the hundred steps of the lighthouse…');
  });

  test('rejects text with a title and no story', () => {
    assert.throws(() => parseText('Just A Title\n\n* * *\n'), ImportFormatError);
    assert.throws(() => parseText('   \n\n'), ImportFormatError);
  });
});

describe('parseText closing lines', () => {
  test('marks a story ending in TBC or To be continued as incomplete and removes the line', () => {
    for (const marker of ['TBC', 'tbc.', 'To be continued', 'To Be Continued...', '~TBC~', '(to be continued)']) {
      const work = parseText(`Tide\n\nMira waited.\n\n${marker}\n`);
      assert.equal(work.complete, false, marker);
      assert.equal(work.chapters[0].html, '<p>Mira waited.</p>', marker);
    }
  });

  test('marks a story ending in The End or Fin as complete and removes the line', () => {
    for (const marker of ['END', 'The End', 'THE END.', 'Fin', '~fin~', '-fin-', '*The End*']) {
      const work = parseText(`Tide\n\nMira waited.\n\n${marker}`);
      assert.equal(work.complete, true, marker);
      assert.equal(work.chapters[0].html, '<p>Mira waited.</p>', marker);
    }
  });

  test('counts a story with no closing line as complete', () => {
    assert.equal(parseText('Tide\n\nMira waited.').complete, true);
  });

  test('keeps a short note after the closing line as end notes', () => {
    const work = parseText('Tide\n\nMira waited.\n\nTo be continued\n\nThank you for reading!');
    assert.equal(work.complete, false);
    assert.equal(work.endNotes, 'Thank you for reading!');
    assert.equal(work.chapters[0].html, '<p>Mira waited.</p>');
  });

  test('leaves a closing word in the middle of the story alone', () => {
    const story = ['Tide', '', 'Fin', '', 'Mira waited.', '', 'Tobin came.', '', 'The boats returned.', '', 'Dawn.'].join('\n');
    assert.match(parseText(story).chapters[0].html, /<p>Fin<\/p>/);
  });

  test('drops a scene break left before the closing line', () => {
    assert.equal(parseText('Tide\n\nMira waited.\n\n* * *\n\nThe End').chapters[0].html, '<p>Mira waited.</p>');
  });
});

describe('parseText chapters', () => {
  test('starts a chapter at each heading line and titles it', () => {
    const story = 'Tide\n\nChapter 1\n\nA.\n\nChapter Two: The Alley\n\nB.\n\nCHAPTER III\n\nC.\n\nPart 4\n\nD.\n\nPart Five - Home\n\nE.';
    assert.deepEqual(titles(story), ['Chapter 1', 'The Alley', 'Chapter III', 'Part 4', 'Home']);
  });

  test('reads prologues and epilogues as chapters', () => {
    assert.deepEqual(titles('Tide\n\nPrologue\n\nA.\n\nChapter 1: Dusk\n\nB.\n\nEpilogue: After\n\nC.'), ['Prologue', 'Dusk', 'After']);
  });

  test('does not split at sentences that start like headings', () => {
    assert.deepEqual(titles('Tide\n\nPart of me wanted to stay.\n\nChapter one was the hardest to write.'), ['']);
  });

  test('keeps a short preface before the first heading as notes', () => {
    const work = parseText('Tide\n\nFor my sister.\n\nChapter 1\n\nA.');
    assert.equal(work.notes, 'For my sister.');
    assert.deepEqual(work.chapters.map((chapter) => chapter.title), ['Chapter 1']);
  });

  test('adds a preface note after the header notes', () => {
    const work = parseText('Title: Tide\nNotes: Unbeta-ed.\n\nFor my sister.\n\nChapter 1\n\nA.');
    assert.equal(work.notes, 'Unbeta-ed.\n\nFor my sister.');
  });

  test('makes substantial text before the first heading its own first chapter', () => {
    const work = parseText('Tide\n\nOne.\nTwo.\nThree.\n\nChapter 1\n\nA.');
    assert.deepEqual(work.chapters.map((chapter) => chapter.title), ['', 'Chapter 1']);
    assert.equal(work.notes, undefined);
  });

  test('drops scene breaks at the start and end of each chapter', () => {
    const work = parseText('Tide\n\nChapter 1\n\n* * *\n\nA.\n\no0o\n\nChapter 2\n\n~~~\n\nB.\n\n***');
    assert.deepEqual(work.chapters.map((chapter) => chapter.html), ['<p>A.</p>', '<p>B.</p>']);
  });

  test('drops headings with no text under them, such as a table of contents', () => {
    assert.deepEqual(titles('Tide\n\nChapter 1: Dusk\nChapter 2: Dawn\n\nChapter 1: Dusk\n\nA.\n\nChapter 2: Dawn\n\nB.'), ['Dusk', 'Dawn']);
  });

  test('reads CRLF and CR files like LF files', () => {
    const lf = fixture('harbour-light.txt');
    assert.deepEqual(parseText(lf.replace(/\n/g, '\r\n')), parseText(lf));
    assert.deepEqual(parseText(lf.replace(/\n/g, '\r')), parseText(lf));
  });
});
