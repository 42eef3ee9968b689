import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { foldText } from '../../../src/search/text/fold.ts';

describe('foldText', () => {
  it('strips accents and lower-cases', () => {
    assert.equal(foldText('Café NAÏVE Résumé Ångström'), 'cafe naive resume angstrom');
  });

  it('removes a combining accent that has no precomposed letter', () => {
    assert.equal(foldText('x\u0301y'), 'xy');
  });

  it('loses the dot of a capital İ along with the other diacritics', () => {
    assert.equal(foldText('İstanbul'), 'istanbul');
  });

  it('applies compatibility forms: fullwidth letters, ligatures, half-width kana', () => {
    assert.equal(foldText('ＡＢＣ ﬁne ｶﾞ'), 'abc fine ガ');
  });

  it('keeps marks that are part of a letter outside Latin scripts', () => {
    assert.equal(foldText('が'), 'が'); // not か: the voicing mark changes the word
    assert.equal(foldText('क्ष'), 'क्ष');
    assert.equal(foldText('한국'), '한 국'); // Hangul survives the NFD round trip whole
  });

  it('makes every CJK character a token of its own', () => {
    assert.equal(foldText('我爱你'), '我 爱 你');
    assert.equal(foldText('Tea茶time'), 'tea 茶 time');
    assert.equal(foldText('コーヒー'), 'コ ー ヒ ー');
    assert.equal(foldText('𠀀𠀁'), '𠀀 𠀁'); // Han beyond the BMP
  });

  it('turns punctuation, symbols, emoji and control characters into single spaces', () => {
    assert.equal(foldText("  Spider-Man's 3.5, a@b.org!\n\t🐉dragon\u0000x  "), 'spider man s 3 5 a b org dragon x');
  });

  it('drops lone surrogates', () => {
    assert.equal(foldText('a\ud800b\udc00c'), 'a b c');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (s) => {
      const once = foldText(s);
      assert.equal(foldText(once), once);
    }), { numRuns: 2000 });
  });

  it('folds a 2 MB chapter of mixed scripts in well under a second', () => {
    foldText('warm up the tables é');
    const line = 'The quick brown fox, café naïve — 我爱你，今天天气很好。한국어 🐉 “quoted”.\n';
    const chapter = line.repeat(Math.ceil(2_000_000 / line.length));
    // Best of three, so that a busy machine's hiccup is not mistaken for slowness.
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const folded = foldText(chapter);
      best = Math.min(best, performance.now() - started);
      assert.ok(folded.startsWith('the quick brown fox cafe naive 我 爱 你 今'));
    }
    assert.ok(best < 1000, `took ${best.toFixed(0)} ms`);
  });
});
