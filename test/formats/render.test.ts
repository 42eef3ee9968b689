import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderBody, sanitizeHtml } from '../../src/formats/index.ts';

describe('renderBody as text', () => {
  test('turns blank-line-separated paragraphs into <p> and single newlines into <br>', () => {
    assert.equal(renderBody('text', 'Mira lit the lamp.\nIt glowed.\n\nTobin watched.'),
      '<p>Mira lit the lamp.<br />It glowed.</p>\n<p>Tobin watched.</p>');
  });

  test('escapes markup typed as text', () => {
    assert.equal(renderBody('text', '<b>bold?</b> & "quotes"'), '<p>&lt;b&gt;bold?&lt;/b&gt; &amp; "quotes"</p>');
  });

  test('turns lines of marks into scene breaks', () => {
    for (const mark of ['*', '* * *', '***', '~', '~~~', '#', 'o0o', 'oOo', '-----', '___', '+++', '= = =', '<>', '.']) {
      assert.equal(renderBody('text', `Dusk.\n\n${mark}\n\nDawn.`), '<p>Dusk.</p>\n<hr />\n<p>Dawn.</p>', mark);
    }
  });

  test('treats a scene break line as a break even without blank lines around it', () => {
    assert.equal(renderBody('text', 'Dusk.\n* * *\nDawn.'), '<p>Dusk.</p>\n<hr />\n<p>Dawn.</p>');
  });

  test('drops scene breaks at the start and end and collapses repeated ones', () => {
    assert.equal(renderBody('text', '***\n\nDusk.\n\n~~~\n\no0o\n\nDawn.\n\n* * *\n'), '<p>Dusk.</p>\n<hr />\n<p>Dawn.</p>');
  });

  test('does not take a line of words for a scene break', () => {
    assert.equal(renderBody('text', 'Ooo.\n\nxxx'), '<p>Ooo.</p>\n<p>xxx</p>');
  });

  test('reads one long line per paragraph as separate paragraphs', () => {
    const long = (word: string) => `${word} `.repeat(30).trim();
    assert.equal(renderBody('text', [long('dusk'), long('night'), long('dawn')].join('\n')).split('<p>').length - 1, 3);
  });

  test('accepts CRLF and CR line endings', () => {
    assert.equal(renderBody('text', 'a\r\nb\r\n\r\nc'), renderBody('text', 'a\nb\n\nc'));
    assert.equal(renderBody('text', 'a\rb\r\rc'), renderBody('text', 'a\nb\n\nc'));
  });
});

describe('renderBody as markdown', () => {
  test('renders emphasis, lists and links with nofollow', () => {
    const html = renderBody('markdown', 'Mira *lit* it.\n\n- one\n- two\n\n[site](https://example.org)');
    assert.equal(html, '<p>Mira <em>lit</em> it.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n'
      + '<p><a href="https://example.org" rel="nofollow">site</a></p>');
  });

  test('does not trust raw HTML or javascript links in markdown', () => {
    const html = renderBody('markdown', 'Hi <img src=x onerror=alert(1)>\n\n<script>alert(2)</script>\n\n[x](javascript:alert(3))');
    // markdown-it leaves a javascript: link as inert text; no element, handler or live URL may survive.
    assert.doesNotMatch(html, /onerror|<script|href="\s*javascript/i);
    assert.doesNotMatch(html, /alert\(2\)/);
  });

  test('reads fan fiction scene breaks as breaks, not headings', () => {
    assert.equal(renderBody('markdown', 'Dusk.\n---\nDawn.\n\no0o\n\nNoon.'), '<p>Dusk.</p>\n<hr />\n<p>Dawn.</p>\n<hr />\n<p>Noon.</p>');
  });

  test('leaves code blocks and tables alone', () => {
    const html = renderBody('markdown', '```\n***\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    assert.match(html, /<pre><code>\*\*\*\n<\/code><\/pre>/);
    assert.match(html, /<table>/);
  });
});

describe('renderBody as html', () => {
  test('sanitizes', () => {
    assert.equal(renderBody('html', '<p onclick="x">Hi<script>y</script></p>'), '<p>Hi</p>');
  });

  test('gives output that sanitizing leaves unchanged, in every format', () => {
    for (const format of ['html', 'markdown', 'text'] as const) {
      const html = renderBody(format, 'A *b* <i>c</i>\n\n* * *\n\nd & e');
      assert.equal(sanitizeHtml(html), html, format);
    }
  });
});
