// The pure parts of downloads: file names and Content-Disposition, the XHTML normalizer, the ZIP
// writer, line wrapping and the cache. No database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asciiFallback, contentDisposition, encodeRfc5987, fileStem, safeNamePart } from '../../src/exports/file-name.ts';
import { normalizeHtml } from '../../src/exports/normalize.ts';
import { parseFragment, serialize } from '../../src/exports/tree.ts';
import { crc32, zip } from '../../src/exports/zip.ts';
import { displayWidth, wrapLine } from '../../src/exports/flow.ts';
import { ExportCache } from '../../src/exports/cache.ts';
import { uuidV5, workIdentifier } from '../../src/exports/document.ts';
import { unzip } from './support.ts';

describe('download file names', () => {
  it('makes titles safe: no separators or controls, trimmed, at most 100 characters', () => {
    assert.equal(safeNamePart('  ../../etc/passwd  '), 'etc passwd');
    assert.equal(safeNamePart('a\\b/c:d*e?f"g<h>i|j'), 'a b c d e f g h i j');
    assert.equal(safeNamePart('tab\there\nnew\u0000line\u009f'), 'tab here new line');
    assert.equal(safeNamePart('evil\u202Efdp.exe'), 'evilfdp.exe', 'no direction overrides');
    assert.equal(safeNamePart('...dots...'), 'dots');
    assert.equal(fileStem(3, 'The Keeper', ['mira']), 'The Keeper - mira');
    assert.equal(fileStem(3, '///', ['mira']), 'work-3 - mira');
    assert.equal(fileStem(3, '', []), 'work-3');
    assert.equal(fileStem(3, 'CON', []), 'CON_');
    const long = fileStem(9, 'A very long title '.repeat(20), ['Anonymous']);
    assert.ok(long.length <= 100, `${long.length}`);
    assert.ok(long.endsWith(' - Anonymous'), 'the author survives a long title');
    const emoji = fileStem(9, '🌊'.repeat(80), ['x']);
    assert.ok(emoji.length <= 100 && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(emoji), 'never half a character');
  });

  it('sends RFC 6266 Content-Disposition with an ASCII fallback and a UTF-8 name', () => {
    assert.equal(contentDisposition('The Keeper - mira.epub', 1), `attachment; filename="The Keeper - mira.epub"; filename*=UTF-8''The%20Keeper%20-%20mira.epub`);
    assert.equal(contentDisposition('Café au lait - zoë.txt', 2), `attachment; filename="Cafe au lait - zoe.txt"; filename*=UTF-8''Caf%C3%A9%20au%20lait%20-%20zo%C3%AB.txt`);
    assert.equal(contentDisposition('雨夜的茶馆 - 林.epub', 7), `attachment; filename="work-7.epub"; filename*=UTF-8''${encodeURIComponent('雨夜的茶馆 - 林')}.epub`);
    assert.equal(encodeRfc5987(`it's (a) *test*!`), 'it%27s%20%28a%29%20%2Atest%2A!');
    assert.equal(asciiFallback('50% "off"', 1, 'md'), '50_ _off_.md');
    assert.match(contentDisposition('x.md', 1), /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!#$&+.^_`|~-]+$/);
  });
});

describe('story HTML to XHTML', () => {
  const xhtml = (html: string) => serialize(normalizeHtml(parseFragment(html), { base: 'https://archive.example.org/works/5/chapters/1', idPrefix: 'c1-' }));

  it('self-closes void elements and escapes text and attributes', () => {
    assert.equal(xhtml('<p>a<br>b &amp; &lt;c&gt; "d"</p><hr>'), '<p>a<br/>b &amp; &lt;c&gt; "d"</p>\n<hr/>\n');
    assert.equal(xhtml('<p title="&quot;x&quot; &amp; y">t</p>'), '<p title="&quot;x&quot; &amp; y">t</p>\n');
  });

  it('renames elements HTML5 dropped and drops attributes XHTML does not allow', () => {
    assert.equal(xhtml('<center>c</center>'), '<div class="center">c</div>\n');
    assert.equal(xhtml('<p><tt>t</tt><big>b</big><strike>s</strike><acronym>A</acronym></p>'), '<p><span class="tt">t</span><span class="big">b</span><s>s</s><abbr>A</abbr></p>\n');
    assert.equal(xhtml('<p dir="RTL" lang="ar" onclick="x" style="color:red" data-x="1">t</p>'), '<p dir="rtl" lang="ar">t</p>\n');
    assert.equal(xhtml('<table><tr><td colspan="2" rowspan="0" align="right">x</td></tr></table>'), '<table><tr><td colspan="2" class="align-right">x</td></tr>\n</table>\n');
  });

  it('turns images into links, never nesting links, and resolves relative URLs', () => {
    assert.equal(xhtml('<img src="https://i.example.org/a.png" alt="A">'), '<a class="image-link" href="https://i.example.org/a.png">[Image: A]</a>');
    assert.equal(xhtml('<a href="/x"><img src="https://i.example.org/a.png" alt="A"></a>'), '<a href="https://archive.example.org/x">[Image: A]</a>');
    assert.equal(xhtml('<a href="https://a.example/"><a href="https://b.example/">inner</a></a>'), '<a href="https://a.example/">inner</a>');
    assert.equal(xhtml('<a href="2">next</a>'), '<a href="https://archive.example.org/works/5/chapters/2">next</a>');
    assert.equal(xhtml('<a href="javascript:alert(1)">x</a>'), '<a>x</a>');
    // Strict RFC 3986 URIs: WHATWG serialization would leave [ ] | ^ as they are.
    assert.equal(xhtml('<a href="[a]b|c^d">x</a>'), '<a href="https://archive.example.org/works/5/chapters/%5Ba%5Db%7Cc%5Ed">x</a>');
    assert.equal(xhtml('<a href="https://user:secret@example.org/p?q=[1]#top#2">x</a>'), '<a href="https://example.org/p?q=%5B1%5D#top%232">x</a>');
    assert.equal(xhtml('<a href="https://[::1]:8080/%7E ok/é">x</a>'), '<a href="https://[::1]:8080/%7E%20ok/%C3%A9">x</a>');
    assert.equal(xhtml('<a href="mailto:keeper@example.org?subject=Hello there">x</a>'), '<a href="mailto:keeper@example.org?subject=Hello%20there">x</a>');
  });

  it('keeps in-chapter footnote anchors as prefixed ids', () => {
    assert.equal(xhtml('<a href="#n 1">1</a><a name="n 1">1.</a><a name="n 1">again</a><a href="#gone">x</a>'), '<a href="#c1-n_1">1</a><a id="c1-n_1">1.</a><a>again</a><a>x</a>');
  });

  it('repairs content models: blocks in phrasing, stray list items, bad lists and tables', () => {
    assert.equal(xhtml('<em><p>x</p></em>'), '<div class="em"><p>x</p>\n</div>\n');
    assert.equal(xhtml('<li>x</li>'), '<div class="li">x</div>\n');
    assert.equal(xhtml('<ul>loose<li>x</li></ul>'), '<ul><li>loose</li>\n<li>x</li>\n</ul>\n');
    assert.equal(xhtml('<dl><dd>x</dd></dl>'), '<div class="dl"><div class="dd">x</div>\n</div>\n');
    assert.equal(xhtml('<dl><dt>t</dt><dd>d</dd></dl>'), '<dl><dt>t</dt>\n<dd>d</dd>\n</dl>\n');
    assert.equal(xhtml('<table><td>x</td></table>'), '<div class="table"><div class="td">x</div>\n</div>\n');
    assert.equal(xhtml('<table>text<tr><td><ul><li>kept</li></ul></td></tr></table>'), '<div class="table">text<div class="tr"><div class="td"><ul><li>kept</li>\n</ul>\n</div>\n</div>\n</div>\n');
    assert.equal(xhtml('<table><tbody><tr><td>a</td></tr></tbody><tr><td>b</td></tr></table>').startsWith('<div class="table">'), true, 'tbody and bare rows do not mix');
    assert.equal(xhtml('<ruby>字<rt>zi</rt></ruby>'), '<ruby>字<rt>zi</rt></ruby>');
    assert.equal(xhtml('<rt>stray</rt>'), '<span class="rt">stray</span>');
    assert.equal(xhtml('<details><summary>S</summary>x</details>'), '<div class="details"><div class="details-summary">S</div>\nx</div>\n');
  });

  it('drops characters XML cannot hold', () => {
    assert.equal(xhtml('<p>a\u0000\u0001b\u000bc\uFFFE\uD800d\u0085e</p>'), '<p>abcde</p>\n');
    assert.equal(xhtml('<p>emoji 🌊 stays</p>'), '<p>emoji 🌊 stays</p>\n');
  });
});

describe('ZIP writer', () => {
  it('writes entries readers can read back, stored or deflated, and the same bytes every time', () => {
    const big = 'the harbour at dusk '.repeat(500);
    const entries = [
      { name: 'mimetype', data: 'application/epub+zip', store: true },
      { name: 'a/b.txt', data: big },
      { name: 'ünïcode.txt', data: Buffer.from([1, 2, 3]) },
      { name: 'empty', data: '' },
    ];
    const date = new Date('2024-05-02T11:12:14Z');
    const archive = zip(entries, date);
    assert.deepEqual(archive, zip(entries, date));
    const items = unzip(archive);
    assert.deepEqual(items.map((i) => i.name), ['mimetype', 'a/b.txt', 'ünïcode.txt', 'empty']);
    assert.equal(items[0]!.method, 0);
    assert.equal(items[1]!.method, 8);
    assert.equal(items[1]!.data.toString(), big);
    assert.deepEqual([...items[2]!.data], [1, 2, 3]);
    assert.equal(items[3]!.data.length, 0);
    assert.equal(archive.readUInt16LE(items[1]!.localOffset + 6), 0, 'an ASCII name has no UTF-8 flag');
    assert.equal(archive.readUInt16LE(items[2]!.localOffset + 6), 0x0800, 'a UTF-8 name says so');
  });

  it('computes CRC-32 as zlib does', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
  });
});

describe('EPUB identifiers', () => {
  it('are version 5 UUIDs of the site and work, stable across downloads', () => {
    // RFC 4122 appendix B's example name in the DNS namespace.
    assert.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
    assert.equal(workIdentifier('https://a.example', 5), workIdentifier('https://a.example/', 5));
    assert.notEqual(workIdentifier('https://a.example', 5), workIdentifier('https://b.example', 5));
  });
});

describe('plain-text wrapping', () => {
  it('wraps at spaces, keeps long words whole, and counts wide characters as two columns', () => {
    const words = 'the keeper climbed the stairs of the old lighthouse with a lantern and a flask of tea';
    assert.ok(wrapLine(words, 30).every((l) => l.length <= 30));
    assert.equal(wrapLine(words, 30).join(' '), words);
    assert.deepEqual(wrapLine(`see ${'x'.repeat(40)} here`, 20), ['see', 'x'.repeat(40), 'here']);
    assert.equal(displayWidth('雨下了'), 6);
    assert.equal(displayWidth('é'), 1);
    const cjk = '雨下了一整夜。茶馆的老板在窗边点亮了一盏灯，把桌子擦得干干净净。「今天还有桂花茶吗？」她问。';
    const lines = wrapLine(cjk, 20);
    assert.equal(lines.join(''), cjk);
    assert.ok(lines.every((l) => displayWidth(l) <= 20));
    assert.ok(lines.every((l, i) => i === 0 || !/^[。，、？！」]/.test(l)), lines.join('|'));
    assert.ok(lines.every((l, i) => i === lines.length - 1 || !/「$/.test(l)), 'an opening bracket never ends a line');
  });
});

describe('export cache', () => {
  const file = (n: number) => ({ fileName: 'f', contentType: 't', body: Buffer.alloc(n) });

  it('is bounded by bytes and entries, drops least recently used first, and builds a key once', async () => {
    const cache = new ExportCache({ maxBytes: 1000, maxEntries: 3 });
    let builds = 0;
    const make = (n: number) => async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 5));
      return file(n);
    };
    await Promise.all([cache.get('a', 1, 'v1', make(100)), cache.get('a', 1, 'v1', make(100))]);
    assert.equal(builds, 1, 'concurrent requests share one build');
    await cache.get('b', 2, 'v1', make(100));
    await cache.get('c', 3, 'v1', make(100));
    await cache.get('a', 1, 'v1', make(100)); // a is now the most recent
    await cache.get('d', 4, 'v1', make(100));
    assert.equal(cache.size, 3);
    const before = builds;
    await cache.get('a', 1, 'v1', make(100));
    assert.equal(builds, before, 'a stayed');
    await cache.get('b', 2, 'v1', make(100));
    assert.equal(builds, before + 1, 'b was evicted');
    await cache.get('big', 5, 'v1', make(240));
    await cache.get('big2', 6, 'v1', make(240));
    assert.ok(cache.bytes <= 1000);
    await cache.get('huge', 7, 'v1', make(600));
    assert.ok(!(cache.size > 3) && cache.bytes <= 1000, 'a file over a quarter of the cache is not kept');
  });

  it('drops older versions of a work when a newer one is stored', async () => {
    const cache = new ExportCache({ maxBytes: 10_000, maxEntries: 100 });
    await cache.get('w1:epub:old', 1, '2024-01-01', async () => file(10));
    await cache.get('w1:txt:old', 1, '2024-01-01', async () => file(10));
    await cache.get('w2:epub', 2, '2024-01-01', async () => file(10));
    await cache.get('w1:epub:new', 1, '2024-02-01', async () => file(10));
    assert.equal(cache.size, 2);
    assert.equal(cache.bytes, 20);
  });
});
