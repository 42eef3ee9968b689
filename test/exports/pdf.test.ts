// PDF downloads: page sizes, title page, contents with page numbers, bookmarks, text in order,
// scripts beyond Latin, and the same privacy rules as every other format (anonymous, restricted).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext, workForm, workIdFrom } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import { signup } from '../../src/accounts/service.ts';
import type { Context } from '../../src/context.ts';
import type { ChapterView } from '../../src/chapters/service.ts';
import { updateChapter } from '../../src/chapters/service.ts';
import { parseChapterFields } from '../../src/works/input.ts';
import type { WorkView } from '../../src/works/present.ts';
import { buildDocument } from '../../src/exports/document.ts';
import { renderPdf } from '../../src/exports/pdf.ts';
import { cjkFont } from '../../src/exports/pdf-fonts.ts';
import { exportCache, exportWork } from '../../src/exports/service.ts';
import { ARABIC_STORY, CHINESE_STORY, postWork } from './support.ts';
import { containsName, infoEntry, inflated, linkTargets, outlineTitles, pageSizes, pdfPages } from './pdf-read.ts';

const A5 = [419.53, 595.28];
const LETTER = [612, 792];

function view(overrides: Partial<WorkView> = {}): WorkView {
  return {
    id: 41, title: 'The Long Watch', summaryHtml: '<p>Three nights at the <em>lighthouse</em>.</p>', notesHtml: '<p>For the harbour crew.</p>', endNotesHtml: '<p>Thanks for reading.</p>',
    rating: 'Teen And Up Audiences', warnings: ['No Archive Warnings Apply'], categories: ['Gen'], fandoms: ['Original Work'], relationships: ['Mira & Tobin'],
    characters: ['Mira', 'Tobin'], freeforms: ['Storms', 'Found Family'], language: 'en', words: 4321, postedChapters: 3, expectedChapters: 3, complete: true,
    restricted: false, anonymous: false, draft: false, authors: [{ pseud: 'keeperwrites', login: 'keeperwrites' }] as WorkView['authors'],
    publishedAt: '2024-05-01T00:00:00.000Z', updatedAt: '2024-05-02T00:00:00.000Z', viewerIsCreator: false, ...overrides,
  };
}

const filler = (label: string, n: number) => Array.from({ length: n }, (_, i) => `<p>${label} paragraph ${i + 1}: the lamp turned over the water and the boats rocked against their ropes.</p>`).join('\n');

const RICH = `<p>OPENING-LINE with <em>italic words</em>, <strong>bold words</strong>, <u>underlined</u> and <s>struck</s> text.</p>
<blockquote><p>QUOTED-LETTER from the mainland.</p></blockquote>
<ul><li>FIRST-ITEM</li><li>SECOND-ITEM</li></ul>
<ol><li>NUMBERED-ITEM</li></ol>
<hr>
<p>AFTER-BREAK, see <a href="https://example.org/charts">the charts</a> and <img src="https://example.org/gull.png" alt="a gull on the wall">.</p>
${filler('Middle', 40)}
<p>CLOSING-LINE of the first night.</p>`;

function chapters(): ChapterView[] {
  const base = { summaryHtml: '', notesHtml: '', endNotesHtml: '', words: 0, draft: false, publishedAt: null };
  return [
    { ...base, id: 1, number: 1, title: 'Dusk', html: RICH, summaryHtml: '<p>The first night.</p>' },
    { ...base, id: 2, number: 2, title: 'Midnight', html: `<p>SECOND-CHAPTER-TEXT begins.</p>${filler('Night', 30)}` },
    { ...base, id: 3, number: 3, title: 'Dawn', html: '<p>THIRD-CHAPTER-TEXT ends it.</p>', endNotesHtml: '<p>Chapter three end note.</p>' },
  ];
}

const SITE = { siteName: 'Quire', siteUrl: 'https://archive.example.org', siteKey: 'https://archive.example.org' };
const render = (paper: 'a5' | 'letter', work = view(), list = chapters(), extra: { standardFonts?: boolean } = {}) => renderPdf(buildDocument(work, list, SITE), { paper, ...extra });

describe('PDF writer', () => {
  let a5: Buffer;
  before(async () => {
    a5 = await render('a5');
  });

  it('writes a whole PDF file on A5 pages by default and on Letter pages when asked', async () => {
    const letter = await render('letter');
    for (const [pdf, size] of [[a5, A5], [letter, LETTER]] as const) {
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF\s*$/);
      const sizes = pageSizes(pdf);
      assert.ok(sizes.length >= 5, `${sizes.length} pages`);
      for (const s of sizes) assert.deepEqual(s, size);
    }
  });

  it('has one bookmark per chapter, a title page with the work details, and contents with page numbers', async () => {
    assert.deepEqual(outlineTitles(a5), ['Chapter 1: Dusk', 'Chapter 2: Midnight', 'Chapter 3: Dawn']);
    assert.equal(infoEntry(a5, 'Title'), 'The Long Watch');
    assert.equal(infoEntry(a5, 'Author'), 'keeperwrites');
    const pages = await pdfPages(a5);
    if (!pages) return;
    const title = pages[0]!;
    for (const line of [
      'The Long Watch', 'by keeperwrites', 'Rating: Teen And Up Audiences', 'Archive Warnings: No Archive Warnings Apply', 'Fandoms: Original Work',
      'Relationships: Mira & Tobin', 'Characters: Mira, Tobin', 'Additional Tags: Storms, Found Family', 'Language: English', 'Words: 4,321',
      'Chapters: 3/3', 'URL: https://archive.example.org/works/41', 'Three nights at the lighthouse.', 'For the harbour crew.',
    ]) assert.ok(title.includes(line), `title page lacks "${line}":\n${title}`);

    assert.match(pages[1]!, /^Contents/m);
    // Each chapter starts a page, and the contents give that page's number.
    for (const heading of ['Chapter 1: Dusk', 'Chapter 2: Midnight', 'Chapter 3: Dawn', 'End notes']) {
      const index = pages.findIndex((p) => p.trimStart().startsWith(heading));
      assert.ok(index > 1, `no page starts with ${heading}`);
      assert.match(pages[1]!, new RegExp(`${heading}\\s+${index + 1}\\b`), `contents entry for ${heading}`);
      assert.match(pages[index]!, new RegExp(`\\b${index + 1}\\s*$`), 'the page carries its number at the foot');
    }
  });

  it('runs a long contents list over several pages, every row with its chapter\'s page', async () => {
    const many = Array.from({ length: 110 }, (_, i) => ({ ...chapters()[2]!, id: i + 1, number: i + 1, title: `Tide ${i + 1}`, endNotesHtml: '', html: `<p>TIDE-${i + 1} rose.</p>` }));
    const pdf = await render('a5', view({ postedChapters: 110, expectedChapters: 110, endNotesHtml: '' }), many);
    assert.equal(outlineTitles(pdf).length, 110);
    const pages = await pdfPages(pdf);
    if (!pages) return;
    const contents = pages.slice(1, pages.findIndex((p) => p.includes('TIDE-1 rose'))).join('\n');
    assert.ok(pages.findIndex((p) => p.includes('TIDE-1 rose')) > 3, 'contents take more than one page');
    for (const n of [1, 37, 110]) {
      const page = pages.findIndex((p) => p.includes(`TIDE-${n} rose`));
      assert.match(contents, new RegExp(`Chapter ${n}: Tide ${n}\\s+${page + 1}\\b`));
    }
  });

  it('keeps the story text in reading order, with quotes, lists, scene breaks and live links', async () => {
    const pages = await pdfPages(a5);
    assert.ok(linkTargets(a5).includes('https://example.org/charts'));
    assert.ok(linkTargets(a5).includes('https://example.org/gull.png'), 'an image is a link to its address, never fetched');
    if (!pages) return;
    const text = pages.join('\n').replace(/\s+/g, ' ');
    const order = ['OPENING-LINE with italic words, bold words, underlined and struck text.', 'QUOTED-LETTER', 'FIRST-ITEM', 'SECOND-ITEM', '1. NUMBERED-ITEM', '* * *', 'AFTER-BREAK, see the charts and [Image: a gull on the wall].', 'Middle paragraph 40', 'CLOSING-LINE', 'SECOND-CHAPTER-TEXT', 'Night paragraph 30', 'THIRD-CHAPTER-TEXT', 'Chapter three end note.', 'Thanks for reading.'];
    let at = 0;
    for (const piece of order) {
      const found = text.indexOf(piece, at);
      assert.ok(found >= 0, `"${piece}" missing or out of order after …${text.slice(Math.max(0, at - 80), at)}`);
      at = found + piece.length;
    }
  });

  it('draws Chinese and Arabic stories without failing, and falls back to "?" with the standard fonts', async () => {
    const story = (language: string, title: string, body: string) => ({
      work: view({ title, language, summaryHtml: '', notesHtml: '', endNotesHtml: '' }),
      list: [{ ...chapters()[2]!, title, endNotesHtml: '', html: body.split('\n\n').map((p) => (p === '* * *' ? '<hr>' : `<p>${p}</p>`)).join('') }],
    });
    const zh = story('zh', '雨夜的茶馆', CHINESE_STORY);
    const ar = story('ar', 'البحر', ARABIC_STORY);
    const pdfs = [await render('a5', zh.work, zh.list), await render('letter', ar.work, ar.list), await render('a5', zh.work, zh.list, { standardFonts: true })];
    for (const pdf of pdfs) assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF\s*$/);
    assert.deepEqual(outlineTitles(pdfs[0]!), ['雨夜的茶馆']);
    assert.equal(infoEntry(pdfs[1]!, 'Title'), 'البحر');
    const [chinese, , standard] = await Promise.all(pdfs.map(pdfPages));
    if (!chinese || !standard) return;
    // Chinese is only drawn (and extractable) where a CJK font is installed.
    if (cjkFont('zh')) assert.match(chinese.join(''), /雨下了一整夜/);
    else console.log('# SKIPPED: Chinese text check (no CJK font installed; apt-get install fonts-noto-cjk)');
    const fallback = standard.join('\n');
    assert.ok(fallback.includes('???'), 'characters outside WinAnsi become ?');
    assert.ok(fallback.includes('Rating: Teen And Up Audiences'));
  });
});

forEachDialect('PDF downloads', ({ get }) => {
  let ctx: Context;
  let app: FastifyInstance;
  let writer: { id: number; role: 'user' | 'admin' };
  before(async () => {
    ctx = testContext(get());
    app = await buildServer(ctx);
    const u = await signup(ctx, { login: 'hiddenhand', email: 'hiddenhand@example.org', password: 'a long enough password' });
    writer = { id: u.id, role: u.role as 'user' | 'admin' };
  });
  after(() => app.close());

  it('names an anonymous work Anonymous in the file name, the document info and the text, and its creator nowhere in the bytes', async () => {
    const id = await postWork(ctx, writer, { title: 'Nameless Gift', anonymous: 'on', summary: 'A gift.' }, [{ title: 'Gift', body: 'GIFT-TEXT under the lamp.' }]);
    const file = await exportWork(ctx, null, id, 'pdf');
    assert.equal(file.fileName, 'Nameless Gift - Anonymous.pdf');
    assert.equal(file.contentType, 'application/pdf');
    assert.equal(infoEntry(file.body, 'Author'), 'Anonymous');
    const bytes = inflated(file.body);
    assert.ok(bytes.length > file.body.length, 'the streams were inflated');
    for (const name of ['hiddenhand', 'Hiddenhand']) assert.ok(!containsName(bytes, name), `${name} is in the file`);
    const pages = await pdfPages(file.body);
    if (!pages) return;
    assert.match(pages[0]!, /by Anonymous/);
    assert.match(pages.join('\n'), /GIFT-TEXT under the lamp\./);
    assert.doesNotMatch(pages.join('\n'), /hiddenhand/i);
    // Its creator still sees their own name, and the search above would have found it.
    const own = await exportWork(ctx, writer, id, 'pdf');
    assert.equal(infoEntry(own.body, 'Author'), 'hiddenhand');
    assert.ok(containsName(inflated(own.body), 'hiddenhand'));
  });

  it('caches each paper size per work version and rebuilds when a chapter changes', async () => {
    const id = await postWork(ctx, writer, { title: 'Changing Tide' }, [{ title: 'Ebb', body: 'FIRST-VERSION of the tide.' }]);
    const cache = exportCache(ctx);
    const first = await exportWork(ctx, null, id, 'pdf');
    const misses = cache.misses;
    assert.equal((await exportWork(ctx, null, id, 'pdf')).body, first.body, 'served from the cache');
    const letter = await exportWork(ctx, null, id, 'pdf', { paper: 'letter' });
    assert.equal(cache.misses, misses + 1, 'Letter is its own file');
    assert.deepEqual(pageSizes(letter.body)[0], LETTER);
    assert.deepEqual(pageSizes(first.body)[0], A5);

    const chapter = await ctx.db.selectFrom('chapters').select('id').where('work_id', '=', id).executeTakeFirstOrThrow();
    await updateChapter(ctx, writer, id, chapter.id, parseChapterFields({ title: 'Flow', format: 'text', body: 'SECOND-VERSION of the tide.' }));
    const second = await exportWork(ctx, null, id, 'pdf');
    assert.notDeepEqual(second.body, first.body);
    assert.deepEqual(outlineTitles(second.body), ['Flow']);
    const pages = await pdfPages(second.body);
    if (pages) {
      assert.match(pages.join('\n'), /SECOND-VERSION of the tide\./);
      assert.doesNotMatch(pages.join('\n'), /FIRST-VERSION/);
    }
  });

  it('serves PDFs on the page and API routes with the paper asked for, and keeps restricted works from guests', async () => {
    const author = new Client(app);
    await author.signup('pagewriter');
    const id = workIdFrom(await author.post('/works', workForm({ title: 'Harbour Lights', chapter_body: 'ROUTE-TEXT by the harbour.' })));
    const guest = new Client(app);
    const page = await guest.get(`/works/${id}`);
    assert.ok(page.body.includes(`href="/works/${id}/download/Harbour%20Lights%20-%20pagewriter.pdf"`));
    assert.ok(page.body.includes(`href="/works/${id}/download/Harbour%20Lights%20-%20pagewriter.pdf?paper=letter"`));

    const a5 = await app.inject({ method: 'GET', url: `/works/${id}/download/Harbour%20Lights%20-%20pagewriter.pdf` });
    assert.equal(a5.statusCode, 200);
    assert.equal(a5.headers['content-type'], 'application/pdf');
    assert.equal(a5.headers['content-disposition'], `attachment; filename="Harbour Lights - pagewriter.pdf"; filename*=UTF-8''Harbour%20Lights%20-%20pagewriter.pdf`);
    assert.deepEqual(pageSizes(a5.rawPayload)[0], A5);
    const letter = await app.inject({ method: 'GET', url: `/works/${id}/download/x.pdf?paper=letter` });
    assert.deepEqual(pageSizes(letter.rawPayload)[0], LETTER);
    const api = await app.inject({ method: 'GET', url: `/api/v1/works/${id}/download?format=pdf&paper=letter` });
    assert.equal(api.statusCode, 200);
    assert.deepEqual(pageSizes(api.rawPayload)[0], LETTER);

    const badPage = await guest.get(`/works/${id}/download/x.pdf?paper=b5`);
    assert.equal(badPage.status, 400);
    assert.match(badPage.body, /paper must be one of a5, letter/);
    for (const bad of ['b5', 'LETTER']) {
      const badApi = await guest.get(`/api/v1/works/${id}/download?format=pdf&paper=${bad}`);
      assert.equal(badApi.status, 400, bad);
      assert.equal(badApi.json().error.code, 'invalid');
    }

    const restricted = workIdFrom(await author.post('/works', workForm({ title: 'Members Only', restricted: 'on', chapter_body: 'RESTRICTED-TEXT' })));
    const denied = await guest.get(`/works/${restricted}/download/m.pdf`);
    assert.equal(denied.status, 303);
    assert.match(String(denied.headers.location), /^\/login\?return_to=/);
    assert.equal((await guest.get(`/api/v1/works/${restricted}/download?format=pdf`)).status, 404);
    const member = await author.get(`/api/v1/works/${restricted}/download?format=pdf`);
    assert.equal(member.status, 200);
  });
});
