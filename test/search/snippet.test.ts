import assert from 'node:assert/strict';
import { it } from 'node:test';
import { chapterSnippet, snippetHtml, storyText } from '../../src/search/snippet.ts';
import { parseTextQuery } from '../../src/search/text/index.ts';

it('reads the text of chapter HTML with tags dropped, blocks apart and entities decoded', () => {
  const text = storyText('<p>Tea &amp; <em>toast</em>&#33;</p><p>Caf&eacute;? No: caf&#xe9; &lt;3</p>');
  assert.equal(text.trim(), 'Tea & toast!\n\nCaf&eacute;? No: café <3');
});

it('marks a match found in chapter HTML and escapes everything else', () => {
  const html = '<p>The lamp &lt;b&gt;burned&lt;/b&gt; all night by the harbour.</p>';
  const snippet = snippetHtml(storyText(html), parseTextQuery('harbour'))!;
  assert.match(snippet, /<mark>harbour<\/mark>/);
  assert.match(snippet, /&lt;b&gt;burned&lt;\/b&gt;/);
  assert.doesNotMatch(snippet, /<b>/);
});

it('gives the same excerpt from a long chapter\'s first part as from all of it', () => {
  // The first match at every distance around the 16 kB cut, with tags and entities about.
  const filler = (bytes: number) => {
    let out = '';
    for (let i = 0; out.length < bytes; i++) out += `<p class="x">Line ${i} of the tide &amp; the <em>lamp</em> went on.</p>\n`;
    return out.slice(0, out.lastIndexOf('<p'));
  };
  const q = parseTextQuery('harbour');
  let compared = 0;
  for (let at = 16 * 1024 - 900; at < 16 * 1024 + 300; at += 23) {
    const html = `${filler(at)}<p>The <em>harbour</em> &amp; more.</p>${filler(40 * 1024)}`;
    assert.equal(chapterSnippet(html, q), snippetHtml(storyText(html), q), `match near byte ${at}`);
    compared++;
  }
  assert.ok(compared > 40);
  assert.equal(chapterSnippet(filler(40 * 1024), q), null);
});
