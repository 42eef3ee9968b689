import assert from 'node:assert/strict';
import { it } from 'node:test';
import { snippetHtml, storyText } from '../../src/search/snippet.ts';
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
