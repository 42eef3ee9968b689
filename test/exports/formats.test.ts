// HTML, plain text and Markdown downloads through the service: content, escaping, anonymity,
// visibility, and the per-version cache.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser } from '../support/builders.ts';
import type { Context } from '../../src/context.ts';
import { exportCache, exportWork } from '../../src/exports/service.ts';
import { displayWidth } from '../../src/exports/flow.ts';
import { deleteChapter, reorderChapters, updateChapter } from '../../src/chapters/service.ts';
import { chapterOutline } from '../../src/chapters/repository.ts';
import { updateWork } from '../../src/works/service.ts';
import { parseChapterFields, parseWorkFields } from '../../src/works/input.ts';
import { ARABIC_STORY, CHINESE_STORY, postWork, prose } from './support.ts';

const TRICKY_TITLE = `<b>&"'`;

forEachDialect('HTML, text and Markdown downloads', ({ get }) => {
  let ctx: Context;
  let writer: Awaited<ReturnType<typeof makeUser>>;
  let workId: number;
  before(async () => {
    ctx = testContext(get(), { baseUrl: 'https://archive.example.org', siteName: 'Harbour Archive' });
    writer = await makeUser(ctx);
    workId = await postWork(
      ctx,
      writer,
      {
        title: 'The Lighthouse Keeper',
        characters: 'Mira, Tobin',
        freeforms: 'Fluff',
        summary: 'Two keepers and one storm.',
        notes: 'For a friend.',
        end_notes: 'Thanks for reading!',
      },
      [
        {
          title: 'The Storm',
          format: 'html',
          summary: 'Wind.',
          body: [
            '<p>The wind came <em>in</em> off the sea and <strong>Mira</strong> lit the lamp.</p>',
            '<hr>',
            '<p>Tobin said: *this is not emphasis* and <a href="https://example.org/tide">the tide table</a> agreed.<br>A new line.</p>',
            '<blockquote><p>Keep the light burning.</p></blockquote>',
            '<ul><li>rope</li><li>lamp oil</li></ul>',
            '<p><img src="https://images.example.org/gull.png" alt="a gull"></p>',
            `<p>${prose(120, 3)}</p>`,
          ].join('\n'),
        },
        { title: 'The Calm', body: 'Morning came.\n\n* * *\n\nThe sea was flat.' },
      ],
    );
  });

  it('writes one self-contained HTML file: styled, no outside resources, images as links', async () => {
    const file = await exportWork(ctx, null, workId, 'html');
    assert.equal(file.contentType, 'text/html; charset=utf-8');
    assert.equal(file.fileName, `The Lighthouse Keeper - ${writer.login}.html`);
    const html = file.body.toString();
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en" dir="ltr">/);
    assert.match(html, /<style>[^<]*line-height/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'/);
    assert.doesNotMatch(html, /<img|<script|<link|<iframe|\ssrc=|@import|url\(/i, 'nothing is loaded from anywhere');
    assert.match(html, /<a class="image-link" href="https:\/\/images\.example\.org\/gull\.png">\[Image: a gull\]<\/a>/);
    assert.match(html, /<h1 class="title">The Lighthouse Keeper<\/h1>/);
    assert.match(html, /<dt>Characters:<\/dt>\n<dd><a href="https:\/\/archive\.example\.org\/tags\/Mira\/works" class="tag">Mira<\/a>, <a [^>]*>Tobin<\/a><\/dd>/);
    assert.match(html, /<nav class="toc"[^]*<a href="#chapter-1">The Storm<\/a>[^]*<a href="#chapter-2">The Calm<\/a>/);
    assert.match(html, /<section class="chapter" id="chapter-2"><h2 class="chapter-title">Chapter 2: The Calm<\/h2>/);
    assert.match(html, /Two keepers and one storm\.[^]*For a friend\.[^]*Wind\.[^]*The wind came <em>in<\/em>[^]*Thanks for reading!/);
    assert.ok(html.includes(`<a href="https://archive.example.org/works/${workId}">https://archive.example.org/works/${workId}</a>`));
  });

  it('writes plain text: title block, details, chapters, * * * scene breaks, lines wrapped at 72 columns', async () => {
    const file = await exportWork(ctx, null, workId, 'txt');
    assert.equal(file.contentType, 'text/plain; charset=utf-8');
    const text = file.body.toString();
    const lines = text.split('\n');
    assert.deepEqual(lines.slice(0, 3), ['The Lighthouse Keeper', '=====================', `by ${writer.login}`]);
    for (const line of ['Rating: General Audiences', 'Archive Warnings: No Archive Warnings Apply', 'Fandoms: Original Work', 'Characters: Mira, Tobin', 'Additional Tags: Fluff', 'Language: English', 'Chapters: 2/?', `URL: https://archive.example.org/works/${workId}`]) {
      assert.ok(lines.includes(line), line);
    }
    assert.ok(lines.some((l) => /^Words: [\d,]+$/.test(l)));
    assert.match(text, /\nSummary\n-------\n\nTwo keepers and one storm\.\n/);
    assert.match(text, /\nChapter 1: The Storm\n--------------------\n/);
    assert.match(text, /The wind came _in_ off the sea and \*Mira\* lit the lamp\.\n\n\* \* \*\n\n/);
    assert.match(text, /the tide table\s<https:\/\/example\.org\/tide> agreed\.\nA new line\./);
    assert.match(text, /\n {4}Keep the light burning\.\n/);
    assert.match(text, /\n- rope\n- lamp oil\n/);
    assert.match(text, /\[Image: a gull\] <https:\/\/images\.example\.org\/gull\.png>/);
    assert.match(text, /Morning came\.\n\n\* \* \*\n\nThe sea was flat\./);
    assert.match(text, /\nEnd notes\n---------\n\nThanks for reading!\n/);
    assert.ok(lines.every((l) => displayWidth(l) <= 72 || !l.includes(' ')), lines.find((l) => displayWidth(l) > 72));
    assert.ok(text.endsWith('\n') && !text.includes('\r'));
  });

  it('writes Markdown that renders back to the story, with story text escaped', async () => {
    const file = await exportWork(ctx, null, workId, 'md');
    assert.equal(file.contentType, 'text/markdown; charset=utf-8');
    const md = file.body.toString();
    assert.match(md, /^# The Lighthouse Keeper\n\nby /);
    assert.match(md, /\n- \*\*Rating:\*\* General Audiences\n/);
    assert.match(md, /\n## Chapter 1: The Storm\n/);
    assert.match(md, /The wind came \*in\* off the sea and \*\*Mira\*\* lit the lamp\./);
    assert.match(md, /\\\*this is not emphasis\\\*/);
    assert.match(md, /\[the tide table\]\(<https:\/\/example\.org\/tide>\) agreed\.\\\nA new line\./);
    assert.match(md, /\n> Keep the light burning\.\n/);
    assert.match(md, /\[\\\[Image: a gull\\\]\]\(<https:\/\/images\.example\.org\/gull\.png>\)/);
    const rendered = new MarkdownIt().render(md);
    assert.match(rendered, /<em>in<\/em>/);
    assert.match(rendered, /\*this is not emphasis\*/);
    assert.match(rendered, /<a href="https:\/\/example\.org\/tide">the tide table<\/a> agreed\.<br>\nA new line\./);
    assert.match(rendered, /<hr>/);
    assert.match(rendered, /<blockquote>\n<p>Keep the light burning\.<\/p>/);
    assert.match(rendered, /<li>rope<\/li>\n<li>lamp oil<\/li>/);
  });

  it('escapes a title like <b>&"\' in every format and in the file name', async () => {
    const id = await postWork(ctx, writer, { title: TRICKY_TITLE, summary: '<p>A <i>summary</i> & more</p>' }, [{ body: 'Text with <tags> & "quotes".' }]);
    const html = (await exportWork(ctx, null, id, 'html')).body.toString();
    assert.match(html, /<h1 class="title">&lt;b&gt;&amp;"'<\/h1>/);
    assert.match(html, /<title>&lt;b&gt;&amp;"' - /);
    assert.doesNotMatch(html, /<b>&/);
    assert.match(html, /Text with &lt;tags&gt; &amp; "quotes"\./);

    const text = (await exportWork(ctx, null, id, 'txt')).body.toString();
    assert.equal(text.split('\n')[0], TRICKY_TITLE);
    assert.match(text, /Text with <tags> & "quotes"\./);

    const md = (await exportWork(ctx, null, id, 'md')).body.toString();
    assert.equal(md.split('\n')[0], `# \\<b>&"'`);
    const rendered = new MarkdownIt({ html: true }).render(md);
    assert.match(rendered, /<h1>&lt;b&gt;&amp;&quot;'<\/h1>/, 'even a renderer allowing raw HTML shows the title as text');
    assert.match(rendered, /Text with &lt;tags&gt; &amp; &quot;quotes&quot;\./);

    const file = await exportWork(ctx, null, id, 'epub');
    assert.equal(file.fileName, `b & ' - ${writer.login}.epub`);
  });

  it('shows an anonymous work as by Anonymous in every format and file name', async () => {
    const id = await postWork(ctx, writer, { title: 'Nameless Gift', anonymous: 'on' }, [{ body: prose(100, 9) }]);
    const reader = await makeUser(ctx);
    for (const format of ['html', 'txt', 'md'] as const) {
      for (const viewer of [null, reader]) {
        const file = await exportWork(ctx, viewer, id, format);
        assert.equal(file.fileName, `Nameless Gift - Anonymous.${format}`);
        const body = file.body.toString();
        assert.match(body, /by (<span class="author">)?Anonymous/, format);
        assert.ok(!body.toLowerCase().includes(writer.login.toLowerCase()), `${format} names the creator`);
      }
      const own = await exportWork(ctx, writer, id, format);
      assert.ok(own.body.toString().includes(writer.login), `${format}: the creator sees their own name`);
    }
  });

  it('keeps CJK and right-to-left text, wrapping CJK between characters', async () => {
    const zh = await postWork(ctx, writer, { title: '雨夜的茶馆', language: 'zh' }, [{ body: CHINESE_STORY }]);
    const text = (await exportWork(ctx, null, zh, 'txt')).body.toString();
    assert.ok(text.split('\n').every((l) => displayWidth(l) <= 72), 'wide characters count two columns');
    assert.match(text.replace(/\n/g, ''), /「今天还有桂花茶吗？」她问。/);
    assert.ok(!text.split('\n').some((l) => /^[。，、？！」]/.test(l)), 'no line starts with closing punctuation');
    const ar = await postWork(ctx, writer, { title: 'منارة الميناء', language: 'ar' }, [{ body: ARABIC_STORY }]);
    const html = (await exportWork(ctx, null, ar, 'html')).body.toString();
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.match(html, /سيصل القارب قريبًا/);
    assert.match((await exportWork(ctx, null, ar, 'md')).body.toString(), /^# منارة الميناء/);
  });

  it('holds to the reading rules: drafts, draft chapters and restricted works', async () => {
    const id = await postWork(ctx, writer, { title: 'Half Written', restricted: 'on' }, [
      { title: 'Done', body: 'POSTED-TEXT' },
      { title: 'Later', body: 'DRAFT-CHAPTER-TEXT', draft: true },
    ]);
    const reader = await makeUser(ctx);
    for (const format of ['html', 'txt', 'md'] as const) {
      await assert.rejects(exportWork(ctx, null, id, format), { code: 'login_required' });
      const seen = (await exportWork(ctx, reader, id, format)).body.toString();
      assert.match(seen, /POSTED-TEXT/);
      assert.doesNotMatch(seen, /DRAFT-CHAPTER-TEXT|Later/);
      assert.match((await exportWork(ctx, writer, id, format)).body.toString(), /DRAFT-CHAPTER-TEXT/);
    }
    const draft = await postWork(ctx, writer, { title: 'Unposted', draft: 'on' }, [{ body: 'DRAFT-WORK' }]);
    await assert.rejects(exportWork(ctx, reader, draft, 'txt'), { code: 'not_found' });
    await assert.rejects(exportWork(ctx, null, 999_999, 'txt'), { code: 'not_found' });
    await assert.rejects(exportWork(ctx, null, id, 'docx' as 'txt'), { code: 'invalid' });
  });

  it('serves a cached file until the work changes, and a new one after any change', async () => {
    const cache = exportCache(ctx);
    const id = await postWork(ctx, writer, { title: 'Changing Tides' }, [
      { title: 'One', body: 'FIRST-VERSION' },
      { title: 'Two', body: 'SECOND-CHAPTER' },
    ]);
    const read = async () => (await exportWork(ctx, null, id, 'txt')).body.toString();
    assert.match(await read(), /FIRST-VERSION/);
    const hits = cache.hits;
    assert.match(await read(), /FIRST-VERSION/);
    assert.equal(cache.hits, hits + 1, 'the second download comes from the cache');

    const [one, two] = await chapterOutline(ctx.db, id);
    await updateChapter(ctx, writer, id, one!.id, parseChapterFields({ title: 'One', format: 'text', body: 'EDITED-CHAPTER' }));
    assert.match(await read(), /EDITED-CHAPTER/);

    await reorderChapters(ctx, writer, id, [two!.id, one!.id]);
    assert.match(await read(), /SECOND-CHAPTER[^]*EDITED-CHAPTER/, 'a new order is a new file');

    await updateWork(ctx, writer, id, parseWorkFields({ title: 'Renamed Tides', rating: 'General Audiences', warnings: 'No Archive Warnings Apply', fandoms: 'Original Work' }));
    assert.match(await read(), /^Renamed Tides\n/);

    await deleteChapter(ctx, writer, id, two!.id);
    assert.doesNotMatch(await read(), /SECOND-CHAPTER/);
  });
});
