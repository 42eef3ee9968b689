// EPUB downloads: structure, metadata and visibility, and epubcheck with no errors and no
// warnings for a plain work, CJK, right-to-left, 120 chapters, images and links, an anonymous
// work and markup browsers forgive but XHTML does not.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser } from '../support/builders.ts';
import type { Context } from '../../src/context.ts';
import { exportWork } from '../../src/exports/service.ts';
import { buildDocument } from '../../src/exports/document.ts';
import { renderEpub } from '../../src/exports/epub.ts';
import { sanitizeHtml } from '../../src/formats/index.ts';
import type { WorkView } from '../../src/works/present.ts';
import type { ChapterView } from '../../src/chapters/service.ts';
import { missingSharedMessage, sharedPath } from '../formats/shared-data.ts';
import { ARABIC_STORY, CHINESE_STORY, entryText, epubcheckAll, postWork, prose, unzip, xssPayloads, type EpubcheckResult, type ZipItem } from './support.ts';

const CORPUS = 'corpora/xss/';
const corpus = sharedPath(CORPUS);

const xhtmlFiles = (items: ZipItem[]) => items.filter((i) => i.name.endsWith('.xhtml'));

forEachDialect('EPUB downloads', ({ get, dialect }) => {
  let ctx: Context;
  let writer: Awaited<ReturnType<typeof makeUser>>;
  // Every book made below is checked by epubcheck in the last test, all in one run.
  const books: { label: string; body: Buffer }[] = [];
  const checkLater = (body: Buffer, label: string): void => {
    books.push({ label, body });
  };
  before(async () => {
    ctx = testContext(get(), { baseUrl: 'https://archive.example.org' });
    writer = await makeUser(ctx);
  });

  it('packages a plain work as valid EPUB 3 with its details, navigation and NCX', async () => {
    const id = await postWork(
      ctx,
      writer,
      {
        title: 'The Lighthouse Keeper',
        rating: 'Teen And Up Audiences',
        categories: ['Gen'],
        fandoms: 'Original Work',
        relationships: 'Mira & Tobin',
        characters: 'Mira, Tobin',
        freeforms: 'Fluff, Found Family',
        summary: 'Two keepers and one storm.',
        notes: 'Written for a friend.',
        end_notes: 'Thank you for reading.',
        complete: 'on',
      },
      [
        { title: 'The Storm', body: `${prose(300, 1)}\n\n* * *\n\n${prose(200, 2)}`, summary: 'The wind rises.', notes: 'Chapter one notes.', end_notes: 'See you next time.' },
        { title: 'The Calm', body: prose(400, 3) },
      ],
    );
    const file = await exportWork(ctx, null, id, 'epub');
    assert.equal(file.contentType, 'application/epub+zip');
    assert.equal(file.fileName, `The Lighthouse Keeper - ${writer.login}.epub`);
    checkLater(file.body, 'plain');

    const items = unzip(file.body);
    assert.equal(items[0]!.name, 'mimetype', 'mimetype comes first');
    assert.equal(items[0]!.method, 0, 'mimetype is stored, not compressed');
    assert.equal(items[0]!.localExtra, 0, 'mimetype has no extra field');
    assert.equal(items[0]!.data.toString(), 'application/epub+zip');
    assert.equal(file.body.subarray(30, 38).toString(), 'mimetype', 'readers can sniff the type at a fixed offset');
    assert.match(entryText(items, 'META-INF/container.xml'), /full-path="EPUB\/package\.opf"/);

    const opf = entryText(items, 'EPUB/package.opf');
    assert.match(opf, /<dc:identifier id="book-id">urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/dc:identifier>/);
    assert.match(opf, /<dc:title id="title">The Lighthouse Keeper<\/dc:title>/);
    assert.match(opf, new RegExp(`<dc:creator id="creator-1">${writer.login}</dc:creator>`));
    assert.match(opf, /<dc:language>en<\/dc:language>/);
    assert.match(opf, /<meta property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/meta>/);
    for (const tag of ['Teen And Up Audiences', 'Gen', 'Original Work', 'Mira &amp; Tobin', 'Mira', 'Tobin', 'Fluff', 'Found Family']) {
      assert.match(opf, new RegExp(`<dc:subject>${tag}</dc:subject>`), tag);
    }
    assert.match(opf, /<dc:description>Two keepers and one storm\.<\/dc:description>/);
    assert.match(opf, /<spine toc="ncx"/);

    // The identifier depends on the site and the work only: a second download names the same book.
    const again = entryText(unzip((await exportWork(ctx, writer, id, 'epub')).body), 'EPUB/package.opf');
    assert.equal(/urn:uuid:[^<]+/.exec(again)![0], /urn:uuid:[^<]+/.exec(opf)![0]);

    const title = entryText(items, 'EPUB/title.xhtml');
    for (const label of ['Rating:', 'Archive Warnings:', 'Categories:', 'Fandoms:', 'Relationships:', 'Characters:', 'Additional Tags:', 'Words:', 'Chapters:', 'Language:', 'Published:']) {
      assert.ok(title.includes(`<dt>${label}</dt>`), label);
    }
    assert.match(title, /Two keepers and one storm\./);
    assert.match(title, /Written for a friend\./);
    assert.match(title, /<dd>900<\/dd>/, 'word count');
    assert.match(title, /<dd>2\/2<\/dd>/, 'chapters');
    assert.ok(title.includes(`href="https://archive.example.org/works/${id}"`), 'the work URL from BASE_URL');
    assert.match(title, /href="https:\/\/archive\.example\.org\/tags\/Found%20Family\/works"/);

    const nav = entryText(items, 'EPUB/nav.xhtml');
    assert.match(nav, /<nav epub:type="toc" id="toc">/);
    assert.match(nav, /<a href="chapter-001\.xhtml">Chapter 1: The Storm<\/a>/);
    assert.match(nav, /<a href="chapter-002\.xhtml">Chapter 2: The Calm<\/a>/);
    assert.match(nav, /<a href="end-notes\.xhtml">End notes<\/a>/);
    const ncx = entryText(items, 'EPUB/toc.ncx');
    assert.ok(ncx.includes(`<meta name="dtb:uid" content="${/urn:uuid:[^<]+/.exec(opf)![0]}"/>`), 'the NCX names the same book');
    assert.deepEqual([...ncx.matchAll(/playOrder="(\d+)"/g)].map((m) => Number(m[1])), [1, 2, 3, 4]);

    const one = entryText(items, 'EPUB/chapter-001.xhtml');
    assert.match(one, /<h1 class="chapter-title">Chapter 1: The Storm<\/h1>/);
    assert.match(one, /The wind rises\.[^]*Chapter one notes\.[^]*<hr\/>[^]*See you next time\./);
    assert.match(entryText(items, 'EPUB/end-notes.xhtml'), /Thank you for reading\./);
    assert.match(entryText(items, 'EPUB/style.css'), /line-height/);
  });

  it('keeps CJK text and the work language', async () => {
    const id = await postWork(ctx, writer, { title: '雨夜的茶馆', language: 'zh', summary: '一个关于雨和茶的小故事。' }, [{ title: '桂花茶', body: CHINESE_STORY }]);
    const file = await exportWork(ctx, null, id, 'epub');
    checkLater(file.body, 'cjk');
    assert.equal(file.fileName, `雨夜的茶馆 - ${writer.login}.epub`);
    const items = unzip(file.body);
    assert.match(entryText(items, 'EPUB/package.opf'), /<dc:language>zh<\/dc:language>/);
    const chapter = entryText(items, 'EPUB/chapter-001.xhtml');
    assert.match(chapter, /lang="zh" xml:lang="zh"/);
    assert.match(chapter, /「今天还有桂花茶吗？」她问。/);
  });

  it('sets right-to-left direction for Arabic on every document and the spine', async () => {
    const id = await postWork(ctx, writer, { title: 'منارة الميناء', language: 'ar', summary: 'قصة قصيرة عن البحر.' }, [
      { title: 'الصباح', body: ARABIC_STORY },
      { title: 'الظهر', body: ARABIC_STORY },
    ]);
    const file = await exportWork(ctx, null, id, 'epub');
    checkLater(file.body, 'rtl');
    const items = unzip(file.body);
    assert.match(entryText(items, 'EPUB/package.opf'), /page-progression-direction="rtl"/);
    for (const item of xhtmlFiles(items)) {
      const text = item.data.toString();
      assert.match(text, /<html [^>]*lang="ar" xml:lang="ar" dir="rtl">/, item.name);
      assert.match(text, /<body dir="rtl">/, item.name);
    }
    assert.match(entryText(items, 'EPUB/chapter-002.xhtml'), /سيصل القارب قريبًا/);
  });

  it('handles 120 chapters: one file each, all in the spine, the nav and the NCX in order', async () => {
    const chapters = Array.from({ length: 120 }, (_, i) => ({ title: `Night ${i + 1}`, body: prose(150, i) }));
    const id = await postWork(ctx, writer, { title: 'A Hundred and Twenty Nights', complete: 'on' }, chapters);
    const file = await exportWork(ctx, null, id, 'epub');
    checkLater(file.body, 'many-chapters');
    const items = unzip(file.body);
    const chapterFiles = items.filter((i) => /^EPUB\/chapter-\d{3}\.xhtml$/.test(i.name)).map((i) => i.name);
    assert.equal(chapterFiles.length, 120);
    assert.equal(chapterFiles[119], 'EPUB/chapter-120.xhtml');
    const opf = entryText(items, 'EPUB/package.opf');
    assert.deepEqual(
      [...opf.matchAll(/<itemref idref="chapter-(\d+)"\/>/g)].map((m) => Number(m[1])),
      Array.from({ length: 120 }, (_, i) => i + 1),
    );
    const nav = entryText(items, 'EPUB/nav.xhtml');
    assert.match(nav, /<a href="chapter-120\.xhtml">Chapter 120: Night 120<\/a>/);
    const ncx = entryText(items, 'EPUB/toc.ncx');
    assert.equal([...ncx.matchAll(/<navPoint /g)].length, 121, 'title page and 120 chapters');
    assert.match(entryText(items, 'EPUB/chapter-120.xhtml'), /Chapter 120: Night 120/);
  });

  it('turns images into links to their address and makes every link absolute, fetching nothing', async () => {
    const body = [
      '<p>A photo: <img src="https://images.example.org/gull.png" alt="A gull on the harbour wall"></p>',
      '<p><img src="https://images.example.org/untitled.jpg"></p>',
      '<p><a href="https://example.org/map"><img src="https://images.example.org/map.png" alt="Map"></a></p>',
      '<p>See <a href="/works/1">an older work</a>, <a href="2">the next part</a>, ',
      '<a href="https://example.org/a?b=1&amp;c=2">an external page</a> and <a href="mailto:keeper@example.org">write to me</a>.</p>',
      '<p>A footnote<a href="#fn1">1</a> and a broken <a href="#nowhere">link</a>.</p>',
      '<p><a name="fn1">1.</a> The footnote itself.</p>',
    ].join('\n');
    const id = await postWork(ctx, writer, { title: 'Pictures and Links' }, [{ format: 'html', body }]);
    const file = await exportWork(ctx, null, id, 'epub');
    checkLater(file.body, 'images-links');
    const items = unzip(file.body);
    for (const item of xhtmlFiles(items)) assert.doesNotMatch(item.data.toString(), /<img\b/, item.name);
    assert.ok(!items.some((i) => /\.(png|jpe?g|gif|webp)$/.test(i.name)), 'no image files are embedded');
    assert.doesNotMatch(entryText(items, 'EPUB/package.opf'), /remote-resources/);
    const chapter = entryText(items, 'EPUB/chapter-001.xhtml');
    assert.match(chapter, /<a class="image-link" href="https:\/\/images\.example\.org\/gull\.png">\[Image: A gull on the harbour wall\]<\/a>/);
    assert.match(chapter, /<a class="image-link" href="https:\/\/images\.example\.org\/untitled\.jpg">\[Image\]<\/a>/);
    assert.match(chapter, /<a href="https:\/\/example\.org\/map">\[Image: Map\]<\/a>/, 'an image inside a link keeps the outer link');
    assert.match(chapter, /<a href="https:\/\/archive\.example\.org\/works\/1">an older work<\/a>/);
    assert.ok(chapter.includes(`<a href="https://archive.example.org/works/${id}/chapters/2">the next part</a>`), chapter);
    assert.match(chapter, /<a href="https:\/\/example\.org\/a\?b=1&amp;c=2">/);
    assert.match(chapter, /<a href="mailto:keeper@example\.org">/);
    assert.match(chapter, /<a href="#c1-fn1">1<\/a>/);
    assert.match(chapter, /<a id="c1-fn1">1\.<\/a>/);
    assert.match(chapter, /a broken <a>link<\/a>/);
  });

  it('names an anonymous work "Anonymous" and never its creator, except to the creator', async () => {
    const id = await postWork(ctx, writer, { title: 'A Quiet Gift', anonymous: 'on', summary: 'Given without a name.' }, [{ body: prose(200, 5) }]);
    const reader = await makeUser(ctx);
    for (const viewer of [null, reader]) {
      const file = await exportWork(ctx, viewer, id, 'epub');
      assert.equal(file.fileName, 'A Quiet Gift - Anonymous.epub');
      if (viewer === null) checkLater(file.body, 'anonymous');
      const items = unzip(file.body);
      for (const item of items) assert.ok(!item.data.toString('utf8').toLowerCase().includes(writer.login.toLowerCase()), `${item.name} names the creator`);
      assert.match(entryText(items, 'EPUB/package.opf'), /<dc:creator id="creator-1">Anonymous<\/dc:creator>/);
      assert.match(entryText(items, 'EPUB/toc.ncx'), /<docAuthor>\s*<text>Anonymous<\/text>/);
      assert.match(entryText(items, 'EPUB/title.xhtml'), /by <span class="author">Anonymous<\/span>/);
    }
    const own = await exportWork(ctx, writer, id, 'epub');
    assert.equal(own.fileName, `A Quiet Gift - ${writer.login}.epub`);
    assert.match(entryText(unzip(own.body), 'EPUB/package.opf'), new RegExp(`<dc:creator id="creator-1">${writer.login}</dc:creator>`));
  });

  it('repairs markup browsers forgive but XHTML does not', async () => {
    const body = [
      '<em><p>Italic paragraphs</p><p>wrapped in one em.</p></em>',
      '<p>A <span><div>block in a span</div></span> inside a paragraph.</p>',
      '<li>A stray list item.</li>',
      '<ul>Loose text in a list<li>and an item</li></ul>',
      '<dl><dd>A description without a term.</dd></dl>',
      '<dl><dt>Term</dt><dd>Description</dd></dl>',
      '<table><td>A cell without a row</td></table>',
      '<table>Loose text<tr><td><ul><li>A list in a broken table</li></ul></td></tr></table>',
      '<table><caption>Tides</caption><thead><tr><th align="left">Time</th><th>Height</th></tr></thead><tbody><tr><td>06:00</td><td colspan="x">1.2 m</td></tr></tbody></table>',
      '<details><summary>Spoiler</summary>The cat did it.</details>',
      '<center>Centred text</center> <big>Big</big> <tt>typewriter</tt> <strike>struck</strike> <acronym title="Royal National Lifeboat Institution">RNLI</acronym>',
      '<p lang="en_GB" dir="sideways" title="t">Odd attributes.</p>',
      '<ruby>灯<rp>(</rp><rt>とう</rt><rp>)</rp></ruby><rt>stray annotation</rt>',
      '<figure><p>Lines of a poem</p><figcaption>A caption</figcaption></figure>',
      '<h2><div>A block in a heading</div></h2>',
      '<pre>  keep   this   spacing\n  and this line</pre>',
      '<p>Control characters \u0001\u0008 and noncharacters \uFFFE are dropped.</p>',
    ].join('\n');
    const id = await postWork(ctx, writer, { title: 'Untidy Markup' }, [{ format: 'html', body }]);
    const file = await exportWork(ctx, null, id, 'epub');
    checkLater(file.body, 'repaired-markup');
    const chapter = entryText(unzip(file.body), 'EPUB/chapter-001.xhtml');
    assert.match(chapter, /<div class="em"><p>Italic paragraphs<\/p>/);
    assert.match(chapter, /<div class="center">Centred text<\/div>/);
    assert.match(chapter, /<abbr title="Royal National Lifeboat Institution">RNLI<\/abbr>/);
    assert.match(chapter, /<th class="align-left">Time<\/th>/);
    assert.ok(chapter.includes('<pre>  keep   this   spacing\n  and this line</pre>'), 'pre keeps its spacing');
    assert.ok(!['\u0001', '\u0008', '\uFFFE'].some((c) => chapter.includes(c)), 'no control characters or noncharacters');
    assert.doesNotMatch(chapter, /en_GB|sideways/);
  });

  it('leaves draft chapters out for readers and keeps drafts and restricted works from those who may not read them', async () => {
    const id = await postWork(ctx, writer, { title: 'Half Written' }, [
      { title: 'Done', body: 'POSTED-CHAPTER-TEXT here.' },
      { title: 'Not yet', body: 'DRAFT-CHAPTER-TEXT here.', draft: true },
    ]);
    const guestBook = unzip((await exportWork(ctx, null, id, 'epub')).body);
    assert.ok(!guestBook.some((i) => i.data.toString().includes('DRAFT-CHAPTER-TEXT')));
    assert.ok(!guestBook.some((i) => i.name === 'EPUB/chapter-002.xhtml'));
    const ownBook = unzip((await exportWork(ctx, writer, id, 'epub')).body);
    assert.match(entryText(ownBook, 'EPUB/chapter-002.xhtml'), /DRAFT-CHAPTER-TEXT/);
    checkLater((await exportWork(ctx, writer, id, 'epub')).body, 'with-draft-chapter');

    const draft = await postWork(ctx, writer, { title: 'Secret Draft', draft: 'on' }, [{ body: 'DRAFT-WORK' }]);
    await assert.rejects(exportWork(ctx, null, draft, 'epub'), { code: 'not_found' });
    await assert.rejects(exportWork(ctx, await makeUser(ctx), draft, 'epub'), { code: 'not_found' });
    assert.ok((await exportWork(ctx, writer, draft, 'epub')).body.length > 0);

    const restricted = await postWork(ctx, writer, { title: 'Members Only', restricted: 'on' }, [{ body: 'MEMBERS' }]);
    await assert.rejects(exportWork(ctx, null, restricted, 'epub'), { code: 'login_required' });
    assert.ok((await exportWork(ctx, await makeUser(ctx), restricted, 'epub')).body.length > 0);
  });

  // Rendering only, no database: once is enough.
  it('turns every payload of the shared XSS corpora into valid XHTML', { skip: dialect !== 'sqlite' ? 'rendering only: checked on sqlite' : corpus ? false : missingSharedMessage(CORPUS) }, () => {
    const payloads = xssPayloads(corpus!);
    assert.ok(payloads.length > 1500, `read only ${payloads.length} payloads`);
    const chapters: ChapterView[] = [];
    for (let i = 0; i < payloads.length; i += 40) {
      const html = `<p>Payloads from ${i + 1}</p>\n` + payloads.slice(i, i + 40).map((p) => sanitizeHtml(p)).join('\n');
      chapters.push({ id: i, number: chapters.length + 1, title: `Payloads ${i + 1}`, summaryHtml: '', notesHtml: html, endNotesHtml: '', html, words: 0, draft: false, publishedAt: null });
    }
    const view: WorkView = {
      id: 1, title: 'Hostile markup', summaryHtml: sanitizeHtml(payloads.slice(0, 40).join('')), notesHtml: '', endNotesHtml: '', rating: 'Not Rated',
      warnings: [], categories: [], fandoms: ['Original Work'], relationships: [], characters: [], freeforms: [], language: 'en', words: 0,
      postedChapters: chapters.length, expectedChapters: null, complete: false, restricted: false, anonymous: true, draft: false, authors: null,
      publishedAt: '2024-05-01T00:00:00.000Z', updatedAt: '2024-05-02T00:00:00.000Z', viewerIsCreator: false,
    };
    const epub = renderEpub(buildDocument(view, chapters, { siteName: 'Quire', siteUrl: 'https://archive.example.org', siteKey: 'https://archive.example.org' }));
    for (const item of xhtmlFiles(unzip(epub))) {
      // Payload text survives as text (escaped); no tag may carry anything active.
      for (const [tag] of item.data.toString().matchAll(/<[^>]*>/g)) {
        assert.doesNotMatch(tag, /^<\/?(script|iframe|svg|math|img|object|embed|form|input|style)\b|\son[a-z]+=|\s(href|src)="\s*(javascript|data|vbscript):/i, `${item.name}: ${tag}`);
      }
    }
    checkLater(epub, 'xss-corpus');
    console.log(`# xss corpus: ${payloads.length} payloads in ${chapters.length} chapters`);
  });

  it('every book above passes epubcheck with no errors and no warnings', { timeout: 600_000 }, async () => {
    assert.ok(books.length >= 8, `${books.length} books`);
    const results = await epubcheckAll(books);
    if (!results) return;
    for (const { label } of books) {
      const r: EpubcheckResult = results.get(label)!;
      assert.deepEqual(
        { fatals: r.fatals, errors: r.errors, warnings: r.warnings },
        { fatals: 0, errors: 0, warnings: 0 },
        `${label}: epubcheck found problems:\n${r.problems.join('\n') || r.output}`,
      );
    }
    console.log(`# epubcheck: ${books.length} books (${books.map((b) => b.label).join(', ')}): 0 fatals, 0 errors, 0 warnings`);
  });
});
