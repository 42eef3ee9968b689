import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ALLOWED_ATTRIBUTES, ALLOWED_SCHEMES, ALLOWED_TAGS, sanitizeHtml } from '../../src/formats/index.ts';
import { unsafeParts } from './html-safety.ts';

describe('sanitizeHtml', () => {
  test('keeps paragraphs and emphasis', () => {
    const html = '<p>The <em>lantern</em> was <strong>lit</strong>.</p><p>Tobin <i>waited</i><br />alone.</p>';
    assert.equal(sanitizeHtml(html), html);
  });

  test('keeps headings, lists, quotes, tables and ruby', () => {
    const html = '<h2>Dusk</h2><ul><li>one</li></ul><blockquote><p>said</p></blockquote>'
      + '<table><tbody><tr><td colspan="2" rowspan="1" align="center">cell</td></tr></tbody></table>'
      + '<ruby>灯<rp>(</rp><rt>ひ</rt><rp>)</rp></ruby>';
    assert.equal(sanitizeHtml(html), html);
  });

  test('drops script and style content entirely', () => {
    assert.equal(sanitizeHtml('<p>a<script>alert("x")</script>b</p><style>p{color:red}</style>'), '<p>ab</p>');
  });

  test('drops textarea, noscript, iframe and title content', () => {
    assert.equal(sanitizeHtml('x<textarea>t</textarea><noscript>n</noscript><iframe>i</iframe><title>t</title>y'), 'xy');
  });

  test('keeps the text of tags it does not allow', () => {
    assert.equal(sanitizeHtml('<font color="red">warm</font> <form><button>press</button></form>'), 'warm press');
  });

  test('drops svg, math, object, embed, base, meta and link elements', () => {
    const out = sanitizeHtml('<svg><circle/></svg><math><mi>x</mi></math><object data="a"></object><embed src="b">'
      + '<base href="http://evil.example/"><meta http-equiv="refresh" content="0"><link rel="stylesheet" href="c">ok');
    assert.equal(out, 'ok');
  });

  test('forces rel=nofollow on links', () => {
    assert.equal(sanitizeHtml('<a href="https://example.org/" rel="noopener" target="_blank">site</a>'),
      '<a href="https://example.org/" rel="nofollow">site</a>');
  });

  test('keeps http, https, mailto and relative links', () => {
    for (const href of ['http://example.org/', 'https://example.org/a?b=1', 'mailto:wren@example.org', '/works/2', '#ch3', 'chapter-2.html']) {
      assert.match(sanitizeHtml(`<a href="${href}">x</a>`), new RegExp(`href="${href.replace(/[?.]/g, '\\$&')}"`), href);
    }
  });

  test('removes javascript, data and vbscript links however they are disguised', () => {
    const hrefs = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)',
      'java&#x09;script:alert(1)', 'jav&#x0A;ascript:alert(1)', '&#106;avascript:alert(1)', 'javascript&colon;alert(1)',
      '\u0001javascript:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:msgbox(1)', 'file:///etc/passwd'];
    for (const href of hrefs) assert.equal(sanitizeHtml(`<a href="${href}">x</a>`), '<a rel="nofollow">x</a>', href);
  });

  test('keeps images from web URLs with their alt text and size', () => {
    const html = '<img src="https://img.example.org/lantern.png" alt="a lantern" width="200" height="100" align="left" />';
    assert.equal(sanitizeHtml(html), html);
  });

  test('drops image sources that are relative or not http(s)', () => {
    for (const src of ['/account/logout', 'lantern.png', 'data:image/png;base64,AAAA', 'javascript:alert(1)', 'mailto:a@b.c']) {
      assert.equal(sanitizeHtml(`<img src="${src}" alt="x">`), '<img alt="x" />', src);
    }
  });

  test('strips event handlers, style, id and class', () => {
    assert.equal(sanitizeHtml('<p onclick="x()" style="position:fixed" id="login" class="modal" onmouseover=y>hi</p>'), '<p>hi</p>');
  });

  test('keeps dir, lang and title on any allowed tag', () => {
    const html = '<p dir="rtl" lang="ar" title="greeting">مرحبا</p>';
    assert.equal(sanitizeHtml(html), html);
  });

  test('escapes stray angle brackets and ampersands in text', () => {
    assert.equal(sanitizeHtml('1 < 2 & 3 > 2'), '1 &lt; 2 &amp; 3 &gt; 2');
  });

  test('gives output that does not change when sanitized again', () => {
    for (const html of ['<p><mi><table>', '<p><x><table>x</table>', '<a href="x"><a href="y">z</a></a>', '<ul><p>1<li>2</ul>']) {
      const once = sanitizeHtml(html);
      assert.equal(sanitizeHtml(once), once, html);
    }
  });

  test('allowlists follow AO3 without style, id, forms or embeds', () => {
    assert.equal(ALLOWED_TAGS.length, 63);
    for (const tag of ['script', 'style', 'iframe', 'svg', 'math', 'form', 'object', 'embed', 'base', 'meta', 'link']) {
      assert.ok(!ALLOWED_TAGS.includes(tag), tag);
    }
    assert.ok(Object.values(ALLOWED_ATTRIBUTES).every((names) => !names.includes('style') && !names.includes('id')));
    assert.deepEqual([...ALLOWED_SCHEMES], ['http', 'https', 'mailto']);
  });
});

describe('the output safety check used by the corpus tests', () => {
  test('passes clean, stable HTML', () => {
    assert.deepEqual(unsafeParts('<p>ok <a href="/w/1" rel="nofollow">link</a></p>'), []);
  });

  test('flags elements, handlers, attributes and schemes outside the allowlist', () => {
    assert.deepEqual(unsafeParts('<script></script>'), ['element <script>', 'changes when sanitized again']);
    assert.deepEqual(unsafeParts('<p onclick="x">a</p>'), ['event handler p[onclick]', 'changes when sanitized again']);
    assert.deepEqual(unsafeParts('<p style="x">a</p>'), ['attribute p[style]', 'changes when sanitized again']);
    assert.match(unsafeParts('<a href="jav&#x09;ascript:x" rel="nofollow">a</a>')[0], /scheme javascript/);
    assert.match(unsafeParts('<img src="data:image/png,x" />')[0], /scheme data/);
  });

  test('flags output that changes when sanitized again', () => {
    assert.deepEqual(unsafeParts('<a href="/x">no rel</a>'), ['changes when sanitized again']);
  });
});
