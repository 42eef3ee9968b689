import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countWords, countWordsInHtml } from '../../src/formats/index.ts';

describe('countWords', () => {
  test('counts runs of letters and digits', () => {
    assert.equal(countWords('The lantern burned for 3 nights.'), 6);
  });

  test('keeps words with inner apostrophes and hyphens whole', () => {
    assert.equal(countWords("Don't touch the well-worn rock'n'roll records"), 6);
    assert.equal(countWords('Mira’s lamp'), 2);
  });

  test('does not count punctuation on its own', () => {
    assert.equal(countWords('— … !!! -- * * * "?"'), 0);
    assert.equal(countWords(''), 0);
  });

  test('counts each CJK character as a word', () => {
    assert.equal(countWords('我爱你'), 3);
    assert.equal(countWords('灯が消えた。'), 5);
    assert.equal(countWords('カタカナ'), 4);
    assert.equal(countWords('등불'), 2);
  });

  test('counts CJK punctuation as nothing', () => {
    assert.equal(countWords('「」、。！'), 0);
  });

  test('counts mixed scripts side by side', () => {
    assert.equal(countWords('Tobin said 你好 twice'), 5);
  });

  test('keeps accented words and decimal numbers whole', () => {
    assert.equal(countWords('café naïve e\u0301te'), 3);
    assert.equal(countWords('1,000 lanterns cost 3.50'), 4);
  });
});

describe('countWordsInHtml', () => {
  test('separates words at block tags but not inline ones', () => {
    assert.equal(countWordsInHtml('<p>one</p><p>two</p>'), 2);
    assert.equal(countWordsInHtml('line<br>break'), 2);
    assert.equal(countWordsInHtml('lan<em>tern</em>'), 1);
  });

  test('decodes entities', () => {
    assert.equal(countWordsInHtml('caf&eacute;&nbsp;night &amp; day'), 3);
    assert.equal(countWordsInHtml('&#25105;&#29233;&#20320;'), 3);
  });

  test('ignores scripts, styles and ruby readings', () => {
    assert.equal(countWordsInHtml('<style>p { x: y }</style><p>hi</p><script>let a = 1</script>'), 1);
    assert.equal(countWordsInHtml('<ruby>灯<rp>(</rp><rt>ひ</rt><rp>)</rp></ruby>'), 1);
  });
});
