// An AO3-shaped download written by hand (a tame synthetic story), as one HTML file and as an
// EPUB cut the way AO3's converter cuts it: the preface first, a file per chapter, the afterword.
import { readFileSync } from 'node:fs';
import { buildEpub, type SpineFile } from './epub-builder.ts';

export const AO3_HTML = readFileSync(new URL('fixtures/ao3-tidewater-almanac.html', import.meta.url));

const source = AO3_HTML.toString('utf8');
const between = (start: string, end: string): string => source.slice(source.indexOf(start), source.indexOf(end));

// The chapter parts of the fixture, each with the wrapper it sits in, as the converter keeps them.
const chapterParts = between('<div class="meta group">', '<div id="afterword">')
  .replace(/<\/div>\s*$/, '')
  .split(/(?=<div class="meta group">)/);

/** The same work as an EPUB; HTML entities become characters, as XHTML needs. */
export function ao3Epub(options: { renameClasses?: boolean } = {}): Buffer {
  // Converters may replace every class with their own ("calibre3"); the ids and labels remain.
  const classes = (html: string) => (options.renameClasses ? html.replace(/class="[^"]*"/g, 'class="calibre3"') : html);
  const toXhtml = (html: string) => classes(html).replace(/&ldquo;/g, '“').replace(/&rdquo;/g, '”').replace(/<br\/?>/g, '<br/>').replace(/<(meta|link)([^>]*?)\/?>/g, '<$1$2/>');
  const files: SpineFile[] = [
    { href: 'preface.xhtml', label: 'Preface', body: toXhtml(between('<div id="preface">', '<div id="chapters"')) },
    ...chapterParts.map((part, i) => ({
      href: `chapter${i + 1}.xhtml`,
      label: /<h2 class="heading">([^<]*)<\/h2>/.exec(part)?.[1] ?? `Chapter ${i + 1}`,
      body: `<div id="chapters" class="userstuff">${toXhtml(part)}</div>`,
    })),
    { href: 'afterword.xhtml', label: 'Afterword', body: toXhtml(between('<div id="afterword">', '</body>')) },
  ];
  return buildEpub({
    version: 2,
    title: 'The Tidewater Almanac',
    creators: ['Wren_Ashdown'],
    language: 'en',
    description: '<p>Mira keeps the almanac of tides.</p>',
    subjects: ['Fanworks', 'Teen And Up Audiences', 'Slow Burn'],
    metadata: '<meta name="calibre:series" content="Keepers of the Northern Light"/><meta name="calibre:series_index" content="2"/>',
    files,
  });
}
