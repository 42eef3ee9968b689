// Files built to hurt the importer: ZIP bombs, archives that lie or climb out of themselves, XML
// entity attacks, junk and misnamed files. Each must end in a clear ImportFormatError.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ImportFormatError, parseImportFile } from '../../src/formats/index.ts';
import { readZip } from '../../src/formats/zip-read.ts';
import { ZIP_LIMITS } from '../../src/formats/import-limits.ts';
import { zip, type ZipEntry } from '../../src/exports/zip.ts';
import { epubEntries, xhtml, type BookOptions } from './epub-builder.ts';
import { deflated, rawZip, zeroBomb } from './raw-zip.ts';
import { missingSharedMessage, sharedPath } from './shared-data.ts';

const BOOK: BookOptions = { version: 3, title: 'Small Boat', creators: ['Wren Ash'], language: 'en', files: [{ href: 'c1.xhtml', label: 'One', body: '<p>A small boat on a calm sea.</p>' }] };
const DATE = new Date('2024-01-01T00:00:00Z');
const honest = (entries: ZipEntry[] = epubEntries(BOOK)) => zip(entries, DATE);
const PAYLOADS = 'corpora/xss/payloadsallthethings/';
const payloads = sharedPath(PAYLOADS);

/** Asserts that importing fails with an ImportFormatError whose message matches. */
function refuses(bytes: Buffer, name: string, message: RegExp): void {
  assert.throws(() => parseImportFile(bytes, name), (e: unknown) => {
    assert.ok(e instanceof ImportFormatError, `expected ImportFormatError, got ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

/** The book with one entry's text replaced. */
function withEntry(name: string, data: string, book = BOOK): Buffer {
  return honest(epubEntries(book).map((e) => (e.name === name ? { ...e, data } : e)));
}

/** Decodes percent escapes until nothing changes, as a path-handling layer might. */
function fullyDecoded(name: string): string {
  let current = name;
  for (let next = ''; next !== current; current = next || current) next = current.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return current;
}

describe('ZIP bombs and lying archives', () => {
  test('a 200 MB chapter of zeros packed into 200 KB is refused without being unpacked', () => {
    const bomb = zeroBomb(200);
    // The header tells the truth about the size: refused from the directory alone.
    const truthful = rawZip([deflated('mimetype', 'application/epub+zip'), { name: 'OEBPS/c1.xhtml', packed: bomb, size: 200 * 1024 * 1024 }]);
    refuses(truthful, 'bomb.epub', /unpacks to more than 20 MB/);
    // The header lies (1 KB): refused while inflating, at the cap.
    const lying = rawZip([deflated('mimetype', 'application/epub+zip'), { name: 'META-INF/container.xml', packed: bomb, size: 1024 }]);
    refuses(lying, 'bomb.epub', /compressed more than 100 to 1/);
    assert.throws(() => readZip(lying, { ...ZIP_LIMITS, ratio: 10_000 }).read('META-INF/container.xml'), /unpacks to more than 20 MB/);
  });

  test('a small entry inflating more than 100 to 1 is refused as a bomb', () => {
    const entries = epubEntries(BOOK).map((e) => deflated(e.name, e.data));
    const i = entries.findIndex((e) => e.name === 'META-INF/container.xml');
    entries[i] = { ...entries[i]!, packed: zeroBomb(8), size: 10 };
    refuses(rawZip(entries), 'bomb.epub', /compressed more than 100 to 1/);
  });

  test('an entry whose size or checksum does not match its header is refused', () => {
    const entries = epubEntries(BOOK).map((e) => deflated(e.name, e.data));
    const i = entries.findIndex((e) => e.name === 'META-INF/container.xml');
    refuses(rawZip(entries.map((e, j) => (j === i ? { ...e, size: e.size + 1 } : e))), 'x.epub', /not the size its header says/);
    refuses(rawZip(entries.map((e, j) => (j === i ? { ...e, crc: (e.crc ?? 0) ^ 1 } : e))), 'x.epub', /fails its checksum/);
  });

  test('too many entries, duplicates, encryption, ZIP64 and unknown methods are each refused by name', () => {
    const many = Array.from({ length: 3001 }, (_, i) => ({ name: `OEBPS/n${i}.txt`, data: 'x' }));
    refuses(honest([...epubEntries(BOOK), ...many]), 'many.epub', /entries; at most 3,000/);
    const entries = epubEntries(BOOK).map((e) => deflated(e.name, e.data));
    refuses(rawZip([...entries, entries[1]!]), 'dup.epub', /two entries named "META-INF\/container.xml"/);
    refuses(rawZip(entries.map((e, i) => (i === 2 ? { ...e, flags: 0x0801 } : e))), 'locked.epub', /encrypted/);
    refuses(rawZip(entries.map((e, i) => (i === 2 ? { ...e, method: 12 } : e))), 'bzip.epub', /compression method .*method 12/);
    const zip64Extra = Buffer.from([0x01, 0x00, 0x00, 0x00]);
    refuses(rawZip(entries.map((e, i) => (i === 2 ? { ...e, extra: zip64Extra } : e))), 'big.epub', /ZIP64/);
  });

  test('entry names that climb out of the archive are refused, from the shared traversal list', { skip: payloads ? false : missingSharedMessage(PAYLOADS) }, () => {
    const names = readFileSync(`${payloads}directory_traversal.txt`, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
    let refused = 0;
    for (const name of names) {
      try {
        parseImportFile(honest([...epubEntries(BOOK), { name, data: 'root:x:0:0' }]), 'trip.epub');
        // Only names with nothing that climbs, even once decoded, may pass (".htaccess", "././x").
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(fullyDecoded(name), /\.\.|^[/\\]|\\|^[a-z]:|[\u0000-\u001f]/i, `accepted ${JSON.stringify(name)}`);
      } catch (e) {
        assert.ok(e instanceof ImportFormatError && /entry whose name/.test(e.message), `${JSON.stringify(name)}: ${String(e)}`);
        refused++;
      }
    }
    console.log(`# traversal names: ${refused} of ${names.length} refused`);
    assert.ok(refused > 120, `only ${refused} refused`);
  });

  test('traversal spelled plainly, with backslashes, drive letters or percent escapes is refused', () => {
    for (const name of ['../evil.xhtml', 'OEBPS/../../evil', '/etc/passwd', 'C:/boot.ini', 'a\\..\\b', '%2e%2e%2fetc', '%252e%252e/x', 'a/\u0000b']) {
      refuses(honest([...epubEntries(BOOK), { name, data: 'x' }]), 'trip.epub', /entry whose name/);
    }
  });
});

describe('XML entity attacks', () => {
  const BILLION = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<container>&lol2;</container>';

  test('billion laughs in the container, the package, the NCX or a chapter is refused', () => {
    for (const name of ['META-INF/container.xml', 'OEBPS/content.opf', 'OEBPS/nav.xhtml', 'OEBPS/c1.xhtml']) {
      refuses(withEntry(name, BILLION), 'laughs.epub', /declares XML entities/);
    }
    // EPUB 2 books are read through their NCX (an EPUB 3 one's NCX is never opened).
    refuses(withEntry('OEBPS/toc.ncx', BILLION, { ...BOOK, version: 2 }), 'laughs.epub', /declares XML entities/);
    refuses(Buffer.from(BILLION), 'laughs.html', /declares XML entities/);
  });

  test('the shared billion laughs and XXE files are refused wherever they are put', { skip: payloads ? false : missingSharedMessage(PAYLOADS) }, () => {
    const attacks = [
      readFileSync(`${payloads}billion_laughs.xml`, 'utf8'),
      ...readFileSync(`${payloads}xxe_xml-attacks.txt`, 'utf8').split(/\r?\n/).filter((l) => /<!(ENTITY|DOCTYPE)/i.test(l)),
    ];
    for (const attack of attacks) {
      refuses(withEntry('OEBPS/c1.xhtml', attack), 'xxe.epub', /entities|document type/);
      refuses(withEntry('OEBPS/content.opf', attack), 'xxe.epub', /entities|document type/);
      refuses(Buffer.from(attack), 'xxe.html', /entities|document type/);
    }
    console.log(`# entity attacks: ${attacks.length} refused in chapters, packages and HTML files`);
    assert.ok(attacks.length >= 20);
  });

  test('an outside DTD is refused but the standard XHTML and NCX doctypes are read', () => {
    const outside = xhtml('x', '<p>x</p>', '<!DOCTYPE html SYSTEM "http://attacker.example/evil.dtd">');
    refuses(withEntry('OEBPS/c1.xhtml', outside), 'dtd.epub', /outside document type/);
    const standard = xhtml('x', '<p>Standard doctype.</p>', '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">');
    assert.match(parseImportFile(withEntry('OEBPS/c1.xhtml', standard), 'ok.epub').chapters[0]!.html, /Standard doctype/);
  });

  test('XML nested thousands deep is refused before it is parsed', () => {
    refuses(withEntry('OEBPS/c1.xhtml', xhtml('x', '<div>'.repeat(5000) + 'x' + '</div>'.repeat(5000))), 'deep.epub', /nested too deeply/);
  });
});

describe('junk and misnamed files', () => {
  const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));

  test('binary junk is refused as text, as HTML and as an EPUB', () => {
    refuses(noise, 'junk.txt', /does not look like text/);
    refuses(noise, 'junk.html', /does not look like text/);
    refuses(noise, 'junk.epub', /not a ZIP archive/);
  });

  test('an EPUB named .txt or .html says it is an archive; a ZIP that is not an EPUB says so', () => {
    refuses(honest(), 'story.txt', /is a ZIP archive/);
    refuses(honest(), 'story.html', /is a ZIP archive/);
    refuses(zip([{ name: 'notes.txt', data: 'hello' }], DATE), 'notes.epub', /no META-INF\/container\.xml/);
    refuses(zip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' }], DATE), 'doc.epub', /not an EPUB/);
    refuses(Buffer.from('%PDF-1.7\n...'), 'story.md', /is a PDF/);
  });

  test('files over the size limit and EPUBs with too many chapters are refused', () => {
    refuses(Buffer.alloc(20 * 1024 * 1024 + 1, 'a'), 'huge.txt', /larger than 20 MB/);
    const files = Array.from({ length: 1001 }, (_, i) => ({ href: `c${i}.xhtml`, label: `Chapter ${i + 1}`, body: `<p>Line ${i}.</p>` }));
    refuses(honest(epubEntries({ ...BOOK, files })), 'long.epub', /1,001 chapters; at most 1,000/);
  });
});
